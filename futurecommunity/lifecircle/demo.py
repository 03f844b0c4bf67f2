"""Life-circle demo data (演示数据): a generated street network around 越城区's label point,
residential points in the real communities of four 越城区 streets, facilities of the seven
services with deliberate gaps, and two finished analyses (现状 / 含规划邻里中心).

The network is a perturbed lattice, **not real streets**; every name starts with 【演示】 and
every row is flagged ``is_demo`` so ``seed_demo --remove`` takes it all away. Facilities and
residents are written by the real import services (audited); the analyses run synchronously.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db import transaction

from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.lifecircle import engine, services
from futurecommunity.lifecircle.analysis import analysis_execute
from futurecommunity.lifecircle.catalogue import load_lifecircle_catalogue
from futurecommunity.lifecircle.models import (
    AnalysisRun,
    Facility,
    FacilityKind,
    NetworkFormat,
    NetworkStatus,
    ResidentialPoint,
    StreetNetwork,
)
from futurecommunity.lifecircle.networks import length_km, save_graph
from futurecommunity.regions.models import Region, RegionLevel

DISTRICT = "330602"  # 越城区
CENTRE = (120.582633, 29.988244)  # 越城区 label point (data/regions/shaoxing_districts.geojson)
NETWORK_NAME = "【演示】越城区示意步行路网（生成的网格，非真实道路）"
SPACING_M = 50.0
HALF_SIDE = 30  # nodes each side of the centre: a 61 x 61 lattice, 3 km across
# Four streets, one quadrant each (schematic placement, not their real outlines).
STREETS = {
    "330602002": (-1, 1),  # 府山街道: north-west
    "330602001": (1, 1),  # 塔山街道: north-east
    "330602004": (-1, -1),  # 北海街道: south-west
    "330602005": (1, -1),  # 城南街道: south-east
}
# Deliberate gaps: 北海街道 has no childcare, no health station and no nursing home;
# 城南街道 no culture station and no middle school.
WITHOUT = {
    "330602004": {"nursery", "health_station", "nursing_home"},
    "330602005": {"culture_station", "middle_school"},
}
# Street-level (10- and 15-minute) facilities, placed around the centre of each quadrant (m).
STREET_KINDS = (
    ("health_centre", 60, 0), ("street_service_centre", 0, 60), ("culture_centre", -80, 40),
    ("middle_school", 150, 250), ("nursing_home", -250, -150), ("large_sports_ground", 200, -250),
    ("primary_school", -350, 300), ("primary_school", 350, -300),
    ("medium_sports_ground", -300, -350), ("medium_sports_ground", 300, 350),
)  # fmt: skip
FIVE_MINUTE_KINDS = (
    "elderly_day_care", "nursery", "community_service_station", "health_station",
    "culture_station", "kindergarten", "outdoor_fitness",
)  # fmt: skip


@dataclass(frozen=True)
class _Cell:
    code: str
    name: str
    x: float  # metric, cell centre
    y: float
    size: float


def _demo_actor() -> User:
    user = User.objects.filter(username="city_admin").first()
    if user is None:
        raise RuntimeError("生活圈演示数据需要演示账号 city_admin，请先创建项目演示数据。")
    return user


def _graph(rng: np.random.Generator) -> tuple[engine.StreetGraph, engine.BuildReport]:
    cx, cy = engine.lonlat_to_metric([CENTRE[0]], [CENTRE[1]])
    n = 2 * HALF_SIDE + 1
    ii, jj = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    x = cx[0] + (ii.ravel() - HALF_SIDE) * SPACING_M + rng.uniform(-15, 15, n * n)
    y = cy[0] + (jj.ravel() - HALF_SIDE) * SPACING_M + rng.uniform(-15, 15, n * n)
    ids = np.arange(n * n, dtype=np.int64)
    right = [(k, k + n) for k in range(n * n - n)]
    up = [(k, k + 1) for k in range(n * n) if (k + 1) % n]
    edges = np.array(right + up, dtype=np.int64)
    edges = edges[rng.random(len(edges)) > 0.08]  # some blocks are closed: detours
    u, v = edges[:, 0], edges[:, 1]
    length = np.hypot(x[u] - x[v], y[u] - y[v]) * 1.05  # streets are not straight
    return engine.build_graph(ids, x, y, u, v, length, crs=engine.SHAOXING_METRIC_CRS)


def _network(actor: User, rng: np.random.Generator) -> StreetNetwork:
    graph, report = _graph(rng)
    network = StreetNetwork(
        name=NETWORK_NAME, region_code=DISTRICT, source_format=NetworkFormat.GEOJSON,
        source_name="演示数据生成（扰动网格）", crs=graph.crs, status=NetworkStatus.READY,
        node_count=graph.n_nodes, edge_count=graph.n_edges, length_km=length_km(graph),
        nodes_dropped=report.nodes_dropped, edges_dropped=report.edges_dropped,
        components=report.components, is_demo=True, created_by=actor,
    )  # fmt: skip
    network.save()
    save_graph(network, graph)
    network.save(update_fields=["graph_file", "updated_at"])
    audit_record(
        actor=actor,
        action="street_network.seed_demo",
        subject=network,
        reference=network.name,
        region_code=DISTRICT,
    )
    return network


def _cells() -> list[_Cell]:
    """Each street's quadrant split into a grid of community cells (urban communities only)."""
    cx, cy = engine.lonlat_to_metric([CENTRE[0]], [CENTRE[1]])
    quadrant = HALF_SIDE * SPACING_M
    cells = []
    for street, (sx, sy) in STREETS.items():
        communities = list(
            Region.objects.filter(
                parent_code=street, level=RegionLevel.COMMUNITY, is_urban_community=True
            ).order_by("code")[:9]
        )
        side = int(np.ceil(np.sqrt(len(communities))))
        size = quadrant / side
        for k, community in enumerate(communities):
            col, row = k % side, k // side
            x = cx[0] + sx * (size * (col + 0.5))
            y = cy[0] + sy * (size * (row + 0.5))
            cells.append(_Cell(community.code, community.name, x, y, size))
    return cells


def _lonlat(x: float, y: float) -> tuple[float, float]:
    lon, lat = engine.metric_to_lonlat([x], [y])
    return round(float(lon[0]), 6), round(float(lat[0]), 6)


def _residents(cells: list[_Cell], rng: np.random.Generator) -> list[services.ResidentialInput]:
    rows = []
    for cell in cells:
        for k in range(int(rng.integers(4, 8))):
            dx, dy = rng.uniform(-0.25, 0.25, 2) * cell.size
            lon, lat = _lonlat(cell.x + dx, cell.y + dy)
            rows.append(
                services.ResidentialInput(
                    community_code=cell.code, name=f"【演示】{cell.name}{k + 1}号小区",
                    lon=lon, lat=lat, population=int(rng.integers(300, 2500)),
                    source="演示数据（随机生成）", is_demo=True,
                )
            )  # fmt: skip
    return rows


def _facility(
    kind: str, name: str, x: float, y: float, region: str, **extra: object
) -> services.FacilityInput:
    lon, lat = _lonlat(x, y)
    return services.FacilityInput(
        kind_code=kind, name=f"【演示】{name}", lon=lon, lat=lat, region_code=region,
        source="演示数据", is_demo=True, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def _facilities(cells: list[_Cell], rng: np.random.Generator) -> list[services.FacilityInput]:
    names = dict(FacilityKind.objects.values_list("code", "name"))
    rows = []
    for k, cell in enumerate(cells):
        street = cell.code[:9]
        for kind in FIVE_MINUTE_KINDS:
            # A third of the communities lack each 5-minute kind; some streets lack it entirely.
            if kind in WITHOUT.get(street, set()) or (k + FIVE_MINUTE_KINDS.index(kind)) % 3 == 0:
                continue
            dx, dy = rng.uniform(-0.1, 0.1, 2) * cell.size
            rows.append(
                _facility(kind, f"{cell.name}{names[kind]}", cell.x + dx, cell.y + dy, cell.code)
            )
    cx, cy = engine.lonlat_to_metric([CENTRE[0]], [CENTRE[1]])
    q = HALF_SIDE * SPACING_M / 2
    for street, (sx, sy) in STREETS.items():
        x, y = cx[0] + sx * q, cy[0] + sy * q
        name = Region.objects.get(code=street).name
        for kind, dx, dy in STREET_KINDS:
            if kind not in WITHOUT.get(street, set()):
                rows.append(_facility(kind, f"{name}{names[kind]}", x + dx, y + dy, street))
    rows += [
        _facility(
            "neighbourhood_centre", "塔山邻里中心", cx[0] + q * 0.6, cy[0] + q * 0.6, "330602001",
            service_codes=("elderly", "childcare", "assistance", "health", "culture"),
            floor_area=Decimal("1200.0"),
        ),
        _facility(
            "neighbourhood_centre", "北海邻里中心（规划）", cx[0] - q, cy[0] - q, "330602004",
            service_codes=("elderly", "childcare", "assistance", "health", "culture", "fitness"),
            floor_area=Decimal("1500.0"), status="planned",
        ),
    ]  # fmt: skip
    return rows


def seed_demo(*, actor: User | None = None) -> str:
    """Create the demo set once (idempotent: an existing demo network means it is there)."""
    load_lifecircle_catalogue()
    if StreetNetwork.objects.filter(is_demo=True, name=NETWORK_NAME).exists():
        return "0 项"
    actor = actor or _demo_actor()
    rng = np.random.default_rng(20260601)
    with transaction.atomic():
        network = _network(actor, rng)
        cells = _cells()
        residents = services.residential_point_import(
            actor=actor, rows=_residents(cells, rng), source="演示数据"
        )
        facilities = services.facility_import(
            actor=actor, rows=_facilities(cells, rng), source="演示数据"
        )
        runs = [
            services.analysis_run_prepare(
                actor=actor, network=network, region_code=DISTRICT,
                name=f"【演示】越城区生活圈分析（{label}）", include_planned=planned,
            )
            for label, planned in (("现状", False), ("含规划邻里中心", True))
        ]  # fmt: skip
    for run in runs:
        analysis_execute(run, lambda _p, _m: None)
    return f"路网 1 个、居住点 {len(residents)} 个、设施 {len(facilities)} 个、分析 {len(runs)} 次"


def remove_demo() -> int:
    """Delete every demo row of this app and its stored files."""
    removed = 0
    for run in AnalysisRun.objects.filter(is_demo=True):
        run.result_file.delete(save=False)
        run.delete()
        removed += 1
    for network in StreetNetwork.objects.filter(is_demo=True):
        network.graph_file.delete(save=False)
        network.delete()
        removed += 1
    removed += Facility.objects.filter(is_demo=True).delete()[0]
    removed += ResidentialPoint.objects.filter(is_demo=True).delete()[0]
    return removed
