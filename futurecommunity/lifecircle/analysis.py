"""Running one analysis: load the network, snap residents and facilities, compute walking
accessibility with the engine, aggregate per community / street / district, store results.

Called by the ``lifecircle.analysis`` job handler, and synchronously by the demo seed.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from numpy.typing import NDArray

from futurecommunity.common.demo_filter import M, counted
from futurecommunity.lifecircle import engine, rules
from futurecommunity.lifecircle.models import (
    AnalysisResult,
    AnalysisRun,
    Facility,
    FacilityStatus,
    ResidentialPoint,
    RunStatus,
)
from futurecommunity.regions.models import Region, RegionLevel

Progress = Callable[[int, str], None]
WORKERS = 2
GROUPINGS: tuple[tuple[str, int], ...] = (
    (RegionLevel.COMMUNITY.value, 12),
    (RegionLevel.STREET.value, 9),
    (RegionLevel.DISTRICT.value, 6),
)


@dataclass(frozen=True)
class Points:
    """Points of one kind in the network's CRS, with their snap to the graph."""

    ids: NDArray[np.int64]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    snapped: engine.SnappedPoints


def service_type(code: str) -> str:
    """Engine type pooling every facility of a service (walking time to the nearest one)."""
    return f"service:{code}"


def _snap(
    graph: engine.StreetGraph, lon: NDArray, lat: NDArray, max_m: float
) -> engine.SnappedPoints:
    x, y = engine.lonlat_to_metric(lon, lat, graph.crs)
    return graph.snap(x, y, max_distance=max_m)


def _near_network(graph: engine.StreetGraph, lon: NDArray, lat: NDArray, margin: float) -> NDArray:
    """Points inside the network's bounding box widened by ``margin`` metres."""
    x, y = engine.lonlat_to_metric(lon, lat, graph.crs)
    return (
        (x >= graph.x.min() - margin)
        & (x <= graph.x.max() + margin)
        & (y >= graph.y.min() - margin)
        & (y <= graph.y.max() + margin)
    )


def _snap_stats(points: engine.SnappedPoints) -> dict[str, Any]:
    kept = points.distance[points.is_snapped]
    stats: dict[str, Any] = {"count": int(points.node.size), "snapped": int(kept.size)}
    stats["unsnapped"] = stats["count"] - stats["snapped"]
    if kept.size:
        stats |= {
            "mean_m": round(float(kept.mean()), 1),
            "p95_m": round(float(np.percentile(kept, 95)), 1),
            "max_m": round(float(kept.max()), 1),
        }
    return stats


def _own(run: AnalysisRun, qs: QuerySet[M]) -> QuerySet[M]:
    """A demo run may use demo rows; a real run leaves them out unless this is a demo instance."""
    return qs if run.is_demo else counted(qs)


def _residents(run: AnalysisRun) -> dict[str, NDArray]:
    rows = list(
        _own(run, ResidentialPoint.objects.filter(community__code__startswith=run.region_code))
        .order_by("pk")
        .values_list("pk", "lon", "lat", "population", "community__code")
    )
    if not rows:
        raise engine.EngineError("分析范围内没有居住点，请先导入居住点数据。")
    ids, lon, lat, population, community = zip(*rows, strict=True)
    return {
        "ids": np.array(ids, np.int64),
        "lon": np.array(lon, np.float64),
        "lat": np.array(lat, np.float64),
        "population": np.array(population, np.float64),
        "community": np.array(community),
    }


def _facilities(run: AnalysisRun, catalogue: rules.Catalogue) -> list[dict[str, Any]]:
    statuses = [FacilityStatus.OPEN]
    if run.parameters.get("include_planned"):
        statuses += [FacilityStatus.PLANNED, FacilityStatus.BUILDING]
    found = []
    queryset = (
        _own(run, Facility.objects.filter(status__in=statuses))
        .select_related("kind")
        .prefetch_related("services")
        .order_by("pk")
    )
    for facility in queryset:
        centre = [s.code for s in facility.services.all()]
        slots = rules.facility_slots(catalogue, facility.kind.code, centre)
        services = sorted({rules.split_slot(s)[0] for s in slots})
        found.append(
            {
                "id": facility.pk, "name": facility.name, "kind": facility.kind.name,
                "lon": facility.lon, "lat": facility.lat, "status": facility.status,
                "slots": slots, "services": services,
            }
        )  # fmt: skip
    return found


def _engine_types(
    catalogue: rules.Catalogue, facilities: list[dict[str, Any]], snapped: engine.SnappedPoints
) -> dict[str, engine.SnappedPoints]:
    """One engine type per service (pooled) and per required slot."""
    wanted: dict[str, list[int]] = {service_type(code): [] for code, _ in catalogue.services}
    for level, services in rules.required_slots(catalogue).items():
        for service in services:
            wanted[rules.slot_key(service, level)] = []
    for index, facility in enumerate(facilities):
        for service in facility["services"]:
            wanted[service_type(service)].append(index)
        for slot in facility["slots"]:
            if slot in wanted:
                wanted[slot].append(index)
    return {
        name: engine.SnappedPoints(snapped.node[idx], snapped.distance[idx])
        for name, idx in ((n, np.array(i, np.int64)) for n, i in wanted.items())
    }


def _coverage_rows(
    table: engine.CoverageTable, params: engine.LifeCircleParameters
) -> dict[str, dict[str, Any]]:
    """Per group id: {"population", "coverage", "gaps"} in the AnalysisResult JSON shapes."""
    rows: dict[str, dict[str, Any]] = {}
    for g, group in enumerate(table.group_ids.tolist()):
        coverage = {}
        for level in table.levels:
            shares = table.share(level.covered_population)[g]
            all_share = table.share(level.all_covered_population)[g]
            coverage[level.level] = {
                "services": {
                    rules.split_slot(slot)[0]: _round(share)
                    for slot, share in zip(level.service_types, shares.tolist(), strict=True)
                },
                "all": _round(float(all_share)),
            }
        rows[str(group)] = {"population": float(table.population[g]), "coverage": coverage}
    for gap in engine.gap_list(table, params):
        service, level_code = rules.split_slot(gap.service_type)
        rows[str(gap.group_id)].setdefault("gaps", []).append(
            {
                "level": level_code,
                "service": service,
                "affected_population": round(gap.affected_population),
                "covered_share": _round(gap.covered_share),
            }
        )
    return rows


def _round(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 4)


class _Clock:
    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.last, 3)
        self.last = now

    def total(self) -> dict[str, float]:
        return self.laps | {"total": round(time.perf_counter() - self.start, 3)}


@dataclass
class _Inputs:
    """Everything an analysis reads, loaded and snapped (the same in every district part)."""

    catalogue: rules.Catalogue
    graph: engine.StreetGraph
    homes: dict[str, NDArray]
    facilities: list[dict[str, Any]]
    home_snap: engine.SnappedPoints
    fac_snap: engine.SnappedPoints
    clock: _Clock

    @property
    def on(self) -> NDArray[np.bool_]:
        """Residents attached to the network (the engine's origins, in this order)."""
        return self.home_snap.is_snapped

    def types(self) -> dict[str, engine.SnappedPoints]:
        return _engine_types(self.catalogue, self.facilities, self.fac_snap)


def _load_inputs(run: AnalysisRun, progress: Progress) -> _Inputs:
    clock = _Clock()
    catalogue = rules.Catalogue.from_json(run.parameters["catalogue"])
    graph = engine.StreetGraph.load(run.network.graph_file.path)
    progress(10, "已载入路网")
    homes = _residents(run)
    facilities = _facilities(run, catalogue)
    if facilities:
        f_lon = np.array([f["lon"] for f in facilities])
        f_lat = np.array([f["lat"] for f in facilities])
        near = _near_network(graph, f_lon, f_lat, catalogue.max_snap_distance_m)
        facilities = [f for f, keep in zip(facilities, near.tolist(), strict=True) if keep]
    clock.lap("load")
    progress(20, f"读取居住点 {homes['ids'].size} 个、路网范围内设施 {len(facilities)} 个")
    home_snap = _snap(graph, homes["lon"], homes["lat"], catalogue.max_snap_distance_m)
    fac_snap = _snap(
        graph,
        np.array([f["lon"] for f in facilities], np.float64),
        np.array([f["lat"] for f in facilities], np.float64),
        catalogue.max_snap_distance_m,
    )
    clock.lap("snap")
    progress(30, "已将居住点和设施连接到路网，正在计算步行可达性")
    return _Inputs(catalogue, graph, homes, facilities, home_snap, fac_snap, clock)


def _accessibility(
    inputs: _Inputs, rows: NDArray[np.int64] | None = None
) -> engine.AccessibilityResult:
    """Walking accessibility of the snapped residents, or of the residents ``rows`` only (a
    district's part: same graph and facilities, counts pruned to what can reach them)."""
    which = np.flatnonzero(inputs.on) if rows is None else rows
    return engine.compute_accessibility(
        inputs.graph,
        engine.SnappedPoints(inputs.home_snap.node[which], inputs.home_snap.distance[which]),
        inputs.types(),
        radii_m=inputs.catalogue.radii_m,
        walking_speed_m_per_min=inputs.catalogue.walking_speed_m_per_min,
        workers=WORKERS,
        restrict_to_origins=rows is not None,
    )


def analysis_execute(run: AnalysisRun, progress: Progress) -> AnalysisRun:
    """Compute and store the results of a queued run. Invariant: a run's results are written
    in one transaction together with its status, so a run is either complete or has none."""
    inputs = _load_inputs(run, progress)
    result = _accessibility(inputs)
    inputs.clock.lap("compute")
    _finish(run, inputs, result, progress)
    return run


def _finish(
    run: AnalysisRun,
    inputs: _Inputs,
    result: engine.AccessibilityResult,
    progress: Progress,
    extra: dict[str, Any] | None = None,
) -> None:
    """Aggregate per community / street / district and store (the same for a whole run and a
    merged split run)."""
    catalogue, homes, on = inputs.catalogue, inputs.homes, inputs.on
    home_snap, fac_snap, facilities = inputs.home_snap, inputs.fac_snap, inputs.facilities
    graph, clock = inputs.graph, inputs.clock
    progress(70, "已算出步行距离，正在按社区、街道、区县汇总")
    params = rules.engine_parameters(catalogue)
    population = homes["population"][on]
    community = homes["community"][on]
    grouped = {
        level: _coverage_rows(
            engine.aggregate(result, population, np.array([c[:n] for c in community]), params),
            params,
        )
        for level, n in GROUPINGS
    }
    whole = engine.aggregate(result, population, np.zeros(population.size, np.int64), params)
    overall = _coverage_rows(whole, params).get("0", {"coverage": {}})
    clock.lap("aggregate")
    progress(85, "正在保存结果")
    summary = {
        "residents": _snap_stats(home_snap)
        | {
            "population": int(homes["population"].sum()),
            "unsnapped_population": int(homes["population"][~on].sum()),
        },
        "facilities": _snap_stats(fac_snap)
        | {"by_service": _count_by_service(catalogue, facilities, fac_snap)},
        "coverage": overall["coverage"],
        "gap_count": sum(
            len(r.get("gaps", [])) for r in grouped[RegionLevel.COMMUNITY.value].values()
        ),
        "network": {"nodes": graph.n_nodes, "edges": graph.n_edges},
    } | (extra or {})
    payload = _point_file(homes, home_snap, result, catalogue, facilities, fac_snap)
    _store(run, grouped, summary, payload, clock)


# ------------------------------------------------------------ split by district (issue 11/17)
#
# A city-wide run is split into one queue job per district (``lifecircle.analysis_part``):
# each computes, on the whole graph and with every facility, the rows of its own district's
# residents (``restrict_to_origins``: counts only from facilities within the largest radius
# of them) and writes them to a part file; the last part to finish queues the merge
# (``lifecircle.analysis_merge``), which puts the rows back in resident order and aggregates
# and stores exactly as a whole run does. Each row depends on its own resident only (see
# engine/accessibility.py), so the merged result equals one run over the whole network
# (tests/test_district_split.py in the engine, test_split.py here).

PART_DIR = "analyses/parts"


def district_of(community_code: str) -> str:
    return community_code[:6]


def district_parts(run: AnalysisRun) -> list[str]:
    """The districts whose residents this run analyses (a split needs two or more)."""
    codes = _own(
        run, ResidentialPoint.objects.filter(community__code__startswith=run.region_code)
    ).values_list("community__code", flat=True)
    return sorted({district_of(code) for code in codes})


def part_file_name(run: AnalysisRun, district: str) -> str:
    return f"{PART_DIR}/run-{run.pk}-{district}.npz"


def analysis_part_execute(run: AnalysisRun, district: str, progress: Progress) -> dict[str, Any]:
    """Compute one district's rows of a split run and store them in its part file."""
    inputs = _load_inputs(run, progress)
    mine = inputs.on & (np.array([district_of(c) for c in inputs.homes["community"]]) == district)
    rows = np.flatnonzero(mine)
    result = _accessibility(inputs, rows)
    inputs.clock.lap("compute")
    progress(90, "正在保存本区县结果")
    buffer = io.BytesIO()
    np.savez(
        buffer,
        resident_id=inputs.homes["ids"][rows], service_types=np.array(result.service_types),
        facility_id=np.array([f["id"] for f in inputs.facilities], np.int64),
        nearest_m=result.nearest_distance_m, nearest_facility=result.nearest_facility,
        counts=result.counts,
    )  # fmt: skip
    name = part_file_name(run, district)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(buffer.getvalue()))
    return {"residents": int(rows.size), "timings_s": inputs.clock.total()}


def analysis_merge_execute(run: AnalysisRun, progress: Progress) -> AnalysisRun:
    """Merge the part files of a split run into the run's results (then delete them)."""
    inputs = _load_inputs(run, progress)
    wanted = inputs.homes["ids"][inputs.on]
    types = tuple(inputs.types())
    radii = np.array(inputs.catalogue.radii_m, np.float64)
    nearest = np.full((wanted.size, len(types)), np.nan)
    which = np.full((wanted.size, len(types)), -2, np.int32)
    counts = np.full((wanted.size, len(types), radii.size), -1, np.int32)
    position = {int(rid): k for k, rid in enumerate(wanted.tolist())}
    facility_ids = np.array([f["id"] for f in inputs.facilities], np.int64)
    names = [part_file_name(run, d) for d in run.summary.get("parts", {})]
    for name in names:
        with default_storage.open(name, "rb") as handle, np.load(handle) as part:
            if tuple(part["service_types"].tolist()) != types or not np.array_equal(
                part["facility_id"], facility_ids
            ):
                raise engine.EngineError(_CHANGED)
            try:
                rows = np.array([position[int(r)] for r in part["resident_id"].tolist()], np.int64)
            except KeyError:
                raise engine.EngineError(_CHANGED) from None
            nearest[rows], which[rows] = part["nearest_m"], part["nearest_facility"]
            counts[rows] = part["counts"]
    if np.isnan(nearest).any() or (which == -2).any() or (counts < 0).any():
        raise engine.EngineError(_CHANGED)
    result = engine.AccessibilityResult(
        service_types=types, radii_m=radii,
        walking_speed_m_per_min=float(inputs.catalogue.walking_speed_m_per_min),
        nearest_distance_m=nearest, nearest_facility=which, counts=counts,
    )  # fmt: skip
    inputs.clock.lap("merge")
    _finish(run, inputs, result, progress, {"parts": run.summary.get("parts", {})})
    for name in names:
        default_storage.delete(name)
    return run


_CHANGED = "按区县拆分计算期间居住点或设施数据发生了变化，各区县结果无法合并，请重新发起分析。"


def _count_by_service(
    catalogue: rules.Catalogue, facilities: list[dict[str, Any]], snapped: engine.SnappedPoints
) -> dict[str, int]:
    counts = {code: 0 for code, _ in catalogue.services}
    for facility, ok in zip(facilities, snapped.is_snapped.tolist(), strict=True):
        for service in facility["services"] if ok else []:
            counts[service] += 1
    return counts


def _point_file(
    homes: dict[str, NDArray],
    home_snap: engine.SnappedPoints,
    result: engine.AccessibilityResult,
    catalogue: rules.Catalogue,
    facilities: list[dict[str, Any]],
    fac_snap: engine.SnappedPoints,
) -> bytes:
    """Per-point results: nearest walking distance of every residential point to every service
    (inf = none reachable, NaN = the point is off the network), and the facilities used."""
    services = [code for code, _ in catalogue.services]
    nearest = np.full((homes["ids"].size, len(services)), np.nan)
    columns = [result.type_index(service_type(s)) for s in services]
    nearest[home_snap.is_snapped] = result.nearest_distance_m[:, columns]
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        resident_id=homes["ids"], lon=homes["lon"], lat=homes["lat"],
        population=homes["population"], community=homes["community"].astype(str),
        snap_m=home_snap.distance, nearest_m=nearest, services=np.array(services),
        facility_id=np.array([f["id"] for f in facilities], np.int64),
        facility_snap_m=fac_snap.distance, facility_snapped=fac_snap.is_snapped,
    )  # fmt: skip
    return buffer.getvalue()


def _store(
    run: AnalysisRun,
    grouped: dict[str, dict[str, dict[str, Any]]],
    summary: dict[str, Any],
    payload: bytes,
    clock: _Clock,
) -> None:
    codes = [code for rows in grouped.values() for code in rows]
    regions = dict(Region.objects.filter(code__in=codes).values_list("code", "pk"))
    points = _point_counts(run)
    with transaction.atomic():
        run.results.all().delete()
        AnalysisResult.objects.bulk_create(
            AnalysisResult(
                run=run,
                region_id=regions[code],
                region_level=level,
                population=row["population"],
                point_count=points.get(code, 0),
                coverage=row["coverage"],
                gaps=row.get("gaps", []),
            )
            for level, rows in grouped.items()
            for code, row in rows.items()
            if code in regions
        )
        run.result_file.save(f"run-{run.pk}.npz", ContentFile(payload), save=False)
        clock.lap("store")
        run.summary = summary | {"timings_s": clock.total()}
        run.status = RunStatus.SUCCEEDED
        run.finished_at = timezone.now()
        run.save(update_fields=["result_file", "summary", "status", "finished_at", "updated_at"])


def _point_counts(run: AnalysisRun) -> dict[str, int]:
    counts: dict[str, int] = {}
    codes = _own(run, ResidentialPoint.objects.filter(community__code__startswith=run.region_code))
    for code in codes.values_list("community__code", flat=True):
        for _level, n in GROUPINGS:
            counts[code[:n]] = counts.get(code[:n], 0) + 1
    return counts
