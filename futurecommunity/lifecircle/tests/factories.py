"""Life-circle test data: a small street grid in 塔山街道, residents and facilities, always
written through the real services."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import numpy as np
from openpyxl import Workbook

from futurecommunity.accounts.models import User
from futurecommunity.lifecircle import engine, excel, rules, services
from futurecommunity.lifecircle.models import (
    Facility,
    NetworkFormat,
    NetworkStatus,
    ResidentialPoint,
    StreetNetwork,
)
from futurecommunity.lifecircle.networks import length_km, save_graph

TASHAN_LONLAT = (120.5800, 30.0000)  # inside 越城区, used as the grid's south-west corner
HUAYUAN = "330602001004"  # 花园社区 (塔山街道)
SHENYUAN = "330602001008"  # 沈园社区 (塔山街道)
GUANSHU = "330603001008"  # 管墅社区居委会 (柯桥区)


def grid_graph(n: int = 11, spacing: float = 100.0) -> engine.StreetGraph:
    """A regular n x n lattice of 100 m blocks starting at TASHAN_LONLAT, in EPSG:4549."""
    x0, y0 = engine.lonlat_to_metric([TASHAN_LONLAT[0]], [TASHAN_LONLAT[1]])
    ii, jj = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    x = x0[0] + ii.ravel() * spacing
    y = y0[0] + jj.ravel() * spacing
    right = [(k, k + n) for k in range(n * n - n)]
    up = [(k, k + 1) for k in range(n * n) if (k + 1) % n]
    edges = np.array(right + up, dtype=np.int64)
    graph, _report = engine.build_graph(
        np.arange(n * n), x, y, edges[:, 0], edges[:, 1], np.full(len(edges), spacing),
        crs=engine.SHAOXING_METRIC_CRS,
    )  # fmt: skip
    return graph


def grid_lonlat(i: float, j: float, spacing: float = 100.0) -> tuple[float, float]:
    """Lon/lat of the lattice position (i, j) (fractions allowed)."""
    x0, y0 = engine.lonlat_to_metric([TASHAN_LONLAT[0]], [TASHAN_LONLAT[1]])
    lon, lat = engine.metric_to_lonlat([x0[0] + i * spacing], [y0[0] + j * spacing])
    return float(lon[0]), float(lat[0])


def make_network(region_code: str = "330602", name: str = "测试路网") -> StreetNetwork:
    graph = grid_graph()
    network = StreetNetwork.objects.create(
        name=name, region_code=region_code, source_format=NetworkFormat.GEOJSON,
        crs=graph.crs, status=NetworkStatus.READY, node_count=graph.n_nodes,
        edge_count=graph.n_edges, length_km=length_km(graph),
    )  # fmt: skip
    save_graph(network, graph)
    network.save()
    return network


def facility(
    kind: str, i: float, j: float, *, region: str = HUAYUAN, **extra: Any
) -> services.FacilityInput:
    lon, lat = grid_lonlat(i, j)
    return services.FacilityInput(
        kind_code=kind, name=f"{kind}-{i}-{j}", lon=lon, lat=lat, region_code=region, **extra
    )


def resident(community: str, i: float, j: float, population: int) -> services.ResidentialInput:
    lon, lat = grid_lonlat(i, j)
    return services.ResidentialInput(
        community_code=community, name=f"小区{i}-{j}", lon=lon, lat=lat, population=population
    )


def seed_tashan(actor: User) -> None:
    """Residents in two communities and a few facilities on the grid."""
    services.residential_point_import(
        actor=actor,
        rows=[
            resident(HUAYUAN, 1, 1, 1000), resident(HUAYUAN, 2, 2, 500),
            resident(SHENYUAN, 8, 8, 800), resident(SHENYUAN, 9, 2, 300),
        ],
        source="测试",
    )  # fmt: skip
    services.facility_import(
        actor=actor,
        rows=[
            facility("elderly_day_care", 1, 2), facility("health_centre", 5, 5),
            facility("kindergarten", 8, 7, region=SHENYUAN), facility("primary_school", 3, 3),
            facility("nursery", 9, 9, region=SHENYUAN, status="planned"),
            facility("neighbourhood_centre", 2, 1, service_codes=("culture", "fitness", "assistance")),
        ],
        source="测试",
    )  # fmt: skip


def workbook(headers: list[str], rows: list[list[Any]], sheet: str) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FACILITY_HEADERS = [c.header for c in excel.FACILITY_COLUMNS]
RESIDENT_HEADERS = [c.header for c in excel.RESIDENT_COLUMNS]


def direct_coverage(
    graph: engine.StreetGraph, catalogue: rules.Catalogue, include_planned: bool
) -> engine.CoverageTable:
    """The same analysis written straight against the engine, without the platform."""
    points = list(ResidentialPoint.objects.order_by("pk"))
    x, y = engine.lonlat_to_metric([p.lon for p in points], [p.lat for p in points], graph.crs)
    homes = graph.snap(x, y, max_distance=catalogue.max_snap_distance_m)
    statuses = ["open", "planned", "building"] if include_planned else ["open"]
    types: dict[str, list] = {}
    for f in Facility.objects.filter(status__in=statuses).order_by("pk"):
        slots = rules.facility_slots(catalogue, f.kind.code, [s.code for s in f.services.all()])
        for slot in slots:
            types.setdefault(slot, []).append((f.lon, f.lat))
    snapped = {}
    for level, services_ in rules.required_slots(catalogue).items():
        for service in services_:
            lonlat = types.get(rules.slot_key(service, level), [])
            fx, fy = engine.lonlat_to_metric(
                [p[0] for p in lonlat], [p[1] for p in lonlat], graph.crs
            )
            snapped[rules.slot_key(service, level)] = graph.snap(fx, fy, max_distance=200)
    result = engine.compute_accessibility(
        graph, homes, snapped, radii_m=catalogue.radii_m,
        walking_speed_m_per_min=catalogue.walking_speed_m_per_min,
    )  # fmt: skip
    return engine.aggregate(
        result, [p.population for p in points], [p.community.code for p in points],
        rules.engine_parameters(catalogue),
    )  # fmt: skip
