"""Shapes stored analysis results for templates, the map and the export. Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from futurecommunity.lifecircle import engine
from futurecommunity.lifecircle.models import AnalysisResult, AnalysisRun, Facility
from futurecommunity.lifecircle.rules import Catalogue, required_slots
from futurecommunity.regions.models import Region, RegionLevel

MAX_STREET_SEGMENTS = 30_000  # draw the network on the map only when it stays light


def catalogue_of(run: AnalysisRun) -> Catalogue:
    return Catalogue.from_json(run.parameters["catalogue"])


@dataclass(frozen=True)
class LevelColumns:
    code: str
    name: str
    distance_m: float
    services: list[tuple[str, str]]


def level_columns(catalogue: Catalogue) -> list[LevelColumns]:
    names = catalogue.service_names
    required = required_slots(catalogue)
    return [
        LevelColumns(
            level.code,
            level.name,
            level.max_distance_m,
            [(s, names.get(s, s)) for s in required[level.code]],
        )
        for level in catalogue.levels
        if required[level.code]
    ]


@dataclass
class ResultRow:
    code: str
    name: str
    parent: str
    population: float
    points: int
    all_shares: list[float | None]  # per level column, share with every required service
    shares: list[list[float | None]]  # per level column, per service
    gaps: list[dict[str, Any]] = field(default_factory=list)


def _parent_names(results: list[AnalysisResult]) -> dict[str, str]:
    codes = {r.region.parent_code for r in results}
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def result_rows(run: AnalysisRun, level: str = RegionLevel.COMMUNITY) -> list[ResultRow]:
    """One row per community (or street / district) with shares in the level-column order."""
    catalogue = catalogue_of(run)
    columns = level_columns(catalogue)
    results = list(run.results.filter(region_level=level).select_related("region"))
    parents = _parent_names(results)
    rows = []
    for result in results:
        coverage = result.coverage
        rows.append(
            ResultRow(
                code=result.region.code,
                name=result.region.name,
                parent=parents.get(result.region.parent_code, ""),
                population=result.population,
                points=result.point_count,
                all_shares=[coverage.get(c.code, {}).get("all") for c in columns],
                shares=[
                    [coverage.get(c.code, {}).get("services", {}).get(s) for s, _n in c.services]
                    for c in columns
                ],
                gaps=_labelled_gaps(result.gaps, catalogue),
            )
        )
    return rows


def _labelled_gaps(gaps: list[dict[str, Any]], catalogue: Catalogue) -> list[dict[str, Any]]:
    services, levels = catalogue.service_names, catalogue.level_names
    return [
        gap | {"service_name": services.get(gap["service"], gap["service"]),
               "level_name": levels.get(gap["level"], gap["level"])}
        for gap in gaps
    ]  # fmt: skip


def _load_points(run: AnalysisRun) -> dict[str, np.ndarray]:
    with run.result_file.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def _minutes(values: np.ndarray, speed: float) -> list[float | None]:
    """Walking minutes, -1 where no facility is reachable, None where the point is off-network."""
    result: list[float | None] = []
    for value in values.tolist():
        if np.isnan(value):
            result.append(None)
        elif np.isinf(value):
            result.append(-1.0)
        else:
            result.append(round(value / speed, 1))
    return result


def map_data(run: AnalysisRun) -> dict[str, Any]:
    """Everything the run map needs, in lon/lat: residents with walking minutes per service,
    the facilities used, the district boundaries (registered as an echarts map) and streets."""
    catalogue = catalogue_of(run)
    points = _load_points(run)
    speed = catalogue.walking_speed_m_per_min
    nearest = points["nearest_m"]
    columns = [_minutes(nearest[:, k], speed) for k in range(nearest.shape[1])]
    residents = [
        [round(float(lon), 6), round(float(lat), 6), int(pop), *[col[i] for col in columns]]
        for i, (lon, lat, pop) in enumerate(
            zip(points["lon"], points["lat"], points["population"], strict=True)
        )
    ]
    facilities = _facility_markers(points["facility_id"].tolist(), catalogue)
    lons = [r[0] for r in residents] + [f["lon"] for f in facilities]
    lats = [r[1] for r in residents] + [f["lat"] for f in facilities]
    names = catalogue.service_names
    return {
        "services": [
            {"code": str(c), "name": names.get(str(c), str(c))} for c in points["services"]
        ],
        "levels": [{"name": lv.name, "minutes": lv.minutes} for lv in catalogue.levels],
        "speed": speed,
        "residents": residents,
        "facilities": facilities,
        "boundaries": district_boundaries(),
        "bounds": [[min(lons), min(lats)], [max(lons), max(lats)]] if lons else None,
        "streets": _street_segments(run),
    }


def _facility_markers(ids: list[int], catalogue: Catalogue) -> list[dict[str, Any]]:
    names = catalogue.service_names
    facilities = Facility.objects.filter(pk__in=ids).select_related("kind", "kind__service")
    return [
        {
            "lon": f.lon, "lat": f.lat, "name": f.name, "kind": f.kind.name,
            "status": f.get_status_display(), "is_centre": f.kind.is_neighbourhood_centre,
            "services": [names.get(s.code, s.name) for s in f.services.all()]
            or ([f.kind.service.name] if f.kind.service else []),
        }
        for f in facilities.prefetch_related("services")
    ]  # fmt: skip


def district_boundaries() -> dict[str, Any]:
    features = [
        {"type": "Feature", "properties": {"name": name}, "geometry": geometry}
        for name, geometry in Region.objects.filter(
            level=RegionLevel.DISTRICT, boundary_geojson__isnull=False
        ).values_list("name", "boundary_geojson")
    ]
    return {"type": "FeatureCollection", "features": features}


def _street_segments(run: AnalysisRun) -> list[list[float]]:
    network = run.network
    if not network.graph_file or network.edge_count > MAX_STREET_SEGMENTS:
        return []
    graph = engine.StreetGraph.load(network.graph_file.path)
    lon, lat = engine.metric_to_lonlat(graph.x, graph.y, graph.crs)
    u, v, _length = graph.edge_list()
    return np.round(np.column_stack([lon[u], lat[u], lon[v], lat[v]]), 6).tolist()


@dataclass
class ComparisonRow:
    code: str
    name: str
    parent: str
    population: float
    before: list[float | None]
    after: list[float | None]
    closed: list[str]
    opened: list[str]


def comparison_rows(before: AnalysisRun, after: AnalysisRun) -> list[ComparisonRow]:
    """Per community in either run: share with every required service per level, before and
    after, and which gaps the second run closed or opened."""
    columns = level_columns(catalogue_of(after))
    old = {r.code: r for r in result_rows(before)}
    new = {r.code: r for r in result_rows(after)}
    rows = []
    for code in sorted(set(old) | set(new)):
        a, b = old.get(code), new.get(code)
        ref = b or a
        assert ref is not None
        gaps_a = {_gap_label(g) for g in (a.gaps if a else [])}
        gaps_b = {_gap_label(g) for g in (b.gaps if b else [])}
        rows.append(
            ComparisonRow(
                code=code,
                name=ref.name,
                parent=ref.parent,
                population=ref.population,
                before=a.all_shares if a else [None] * len(columns),
                after=b.all_shares if b else [None] * len(columns),
                closed=sorted(gaps_a - gaps_b),
                opened=sorted(gaps_b - gaps_a),
            )
        )
    return rows


def _gap_label(gap: dict[str, Any]) -> str:
    return f"{gap['level_name']}·{gap['service_name']}"


def gap_export_rows(run: AnalysisRun) -> tuple[list[list[Any]], list[str], list[list[Any]]]:
    """The gap list (one row per missing service), and the coverage sheet's header and rows."""
    catalogue = catalogue_of(run)
    columns = level_columns(catalogue)
    distance = {c.code: c.distance_m for c in columns}
    kinds_for = _kind_names_for(catalogue)
    rows = result_rows(run)
    districts = dict(Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", "name"))
    gaps = [
        [
            districts.get(row.code[:6], ""), row.parent, row.name, row.code, round(row.population),
            gap["level_name"], gap["service_name"], distance.get(gap["level"]),
            gap["covered_share"], gap["affected_population"],
            f"在{distance.get(gap['level']):g}米步行范围内补齐{gap['service_name']}服务"
            f"（{kinds_for.get((gap['service'], gap['level']), '相应设施')}），可并入邻里中心。",
        ]
        for row in rows
        for gap in row.gaps
    ]  # fmt: skip
    header = ["区、县（市）", "街道", "社区", "社区代码", "常住人口"] + [
        f"{c.name}·{name}" for c in columns for _s, name in [("all", "全部服务"), *c.services]
    ]
    coverage = [
        [districts.get(row.code[:6], ""), row.parent, row.name, row.code, round(row.population)]
        + [v for k, _c in enumerate(columns) for v in [row.all_shares[k], *row.shares[k]]]
        for row in rows
    ]
    return gaps, header, coverage


def _kind_names_for(catalogue: Catalogue) -> dict[tuple[str, str], str]:
    names: dict[tuple[str, str], list[str]] = {}
    for kind in catalogue.kinds:
        if kind.service:
            names.setdefault((kind.service, kind.level), []).append(kind.name)
    return {key: "、".join(value) for key, value in names.items()}


@dataclass(frozen=True)
class PartRow:
    """One district's queue job of a split run (or the merge), as the run page shows it."""

    name: str
    status: str
    status_label: str
    progress: int
    message: str
    job_id: int | None


def part_rows(run: AnalysisRun) -> list[PartRow]:
    """Progress per district of a run split into district jobs (empty for a whole run)."""
    from futurecommunity.jobs.models import Job

    parts = run.summary.get("parts") or {}
    wanted = {code: part.get("job_id") for code, part in parts.items()}
    merge_id = run.summary.get("merge_job_id")
    jobs = Job.objects.in_bulk([i for i in [*wanted.values(), merge_id] if i])
    rows = []
    labelled = [(parts[code]["name"], wanted[code]) for code in sorted(parts)]
    if parts:
        labelled.append(("合并各区县结果", merge_id))
    for name, job_id in labelled:
        job = jobs.get(job_id) if job_id else None
        if job is None:
            rows.append(PartRow(name, "queued", "等待中", 0, "等待各区县计算完成", None))
            continue
        rows.append(
            PartRow(name, job.status, job.get_status_display(), job.progress, job.message, job.pk)
        )
    return rows
