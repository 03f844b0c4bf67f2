"""A district's siting scenario: gather residents, existing facilities and candidate sites from
the database, build the coverage sets on the street network and ask the exact optimiser
(``lifecircle.engine.siting``). Called by the ``centres.siting`` job and ``siting_run``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from futurecommunity.centres.models import CandidateSite, SitingScenario
from futurecommunity.common.errors import DomainError
from futurecommunity.lifecircle import engine
from futurecommunity.lifecircle.engine import siting
from futurecommunity.lifecircle.models import (
    AnalysisParameter,
    Facility,
    FacilityStatus,
    NetworkStatus,
    ResidentialPoint,
    StreetNetwork,
)

Progress = Callable[[int, str], None]
CENTRE = "centre"  # pseudo-service: the neighbourhood centre as a whole
MAP_POINTS = 20_000  # residential points kept for the before/after map


def _quiet(_p: int, _m: str) -> None:
    return None


@dataclass(frozen=True)
class Inputs:
    district_code: str
    services: Sequence[str]
    radius_m: float
    sites: Sequence[CandidateSite]


def network_for(district_code: str) -> StreetNetwork:
    for network in StreetNetwork.objects.filter(status=NetworkStatus.READY).order_by("-created_at"):
        code = network.region_code
        if district_code.startswith(code) or code.startswith(district_code):
            return network
    raise DomainError(
        "no_network", "本区县尚无可用的步行路网，请先在“生活圈”中导入路网后再测算布点。"
    )


def _snap_limit() -> float:
    row = AnalysisParameter.objects.filter(key="max_snap_distance_m").first()
    return float(row.value) if row else 200.0


def _snap(graph: engine.StreetGraph, lon: Any, lat: Any, limit: float) -> engine.SnappedPoints:
    if len(lon) == 0:
        return engine.SnappedPoints(np.empty(0, np.int64), np.empty(0))
    x, y = engine.lonlat_to_metric(np.asarray(lon, float), np.asarray(lat, float), graph.crs)
    return graph.snap(x, y, max_distance=limit)


def _served(facility: Facility, service: str) -> bool:
    if service == CENTRE:
        return bool(facility.kind.is_neighbourhood_centre)
    if facility.kind.is_neighbourhood_centre:
        return any(s.code == service for s in facility.services.all())
    return bool(facility.kind.service and facility.kind.service.code == service)


def solve(
    inputs: Inputs,
    *,
    mode: str,
    centres: int | None,
    target_share: float | None,
    one_per_community: bool,
    fill_every_community: bool = False,
    time_limit_s: float = 60.0,
    progress: Progress = _quiet,
) -> dict[str, Any]:
    """Return the scenario result as JSON-ready data (see ``SitingScenario.result``)."""
    t0 = time.perf_counter()
    network = network_for(inputs.district_code)
    graph = engine.StreetGraph.load(network.graph_file.path)
    limit = _snap_limit()
    homes = list(
        ResidentialPoint.objects.filter(community__code__startswith=inputs.district_code)
        .order_by("pk")
        .values_list("lon", "lat", "population", "community__code")
    )
    if not homes:
        raise DomainError("no_residents", "本区县尚无居住点数据，请先在“生活圈”中导入居住点。")
    if not inputs.sites:
        raise DomainError("no_sites", "方案没有候选点位，请先登记闲置用房或存量用地。")
    progress(10, f"读取居住点 {len(homes)} 个、候选点位 {len(inputs.sites)} 个")
    h_lon, h_lat, pop, community = zip(*homes, strict=True)
    population = np.array(pop, float)
    home_snap = _snap(graph, h_lon, h_lat, limit)
    site_snap = _snap(graph, [s.lon for s in inputs.sites], [s.lat for s in inputs.sites], limit)
    facilities = list(
        Facility.objects.filter(status=FacilityStatus.OPEN)
        .select_related("kind__service")
        .prefetch_related("services")
        .order_by("pk")
    )
    fac_snap = _snap(graph, [f.lon for f in facilities], [f.lat for f in facilities], limit)
    radius = float(inputs.radius_m)
    cover_sites = siting.coverage_matrix(graph, home_snap, site_snap, radius)
    progress(40, "已算出各候选点位步行范围内的居住点")
    # one demand row per (residential point, service); covered if that service is within reach
    blocks, covered, weights = [], [], []
    for service in inputs.services:
        idx = [k for k, f in enumerate(facilities) if _served(f, service)]
        if idx:
            existing = engine.SnappedPoints(fac_snap.node[idx], fac_snap.distance[idx])
            reach = siting.coverage_matrix(graph, home_snap, existing, radius)
            already = np.diff(reach.tocsr().indptr) > 0
        else:
            already = np.zeros(len(homes), bool)
        blocks.append(cover_sites)
        covered.append(already)
        weights.append(population)
    cover = sp.vstack(blocks, format="csc")
    community_of = [s.community.code if s.community is not None else "" for s in inputs.sites]
    codes = sorted({c for c in community_of if c})
    group = np.array([codes.index(c) if c else -1 for c in community_of], np.int64)
    required: list[int] = []
    if fill_every_community:
        served = _communities_with_centre(inputs.district_code)
        required = [k for k, code in enumerate(codes) if code not in served]
    problem = siting.SitingProblem.build(
        cover, np.concatenate(weights), covered=np.concatenate(covered),
        cost=np.array([float(s.cost) for s in inputs.sites]), group=group,
    )  # fmt: skip
    progress(55, "正在求解（精确最优化）")
    if mode == "cover":
        result = siting.solve_set_cover(
            problem, float(target_share or 0), at_most_one_per_group=one_per_community,
            at_least_one_in_groups=required, time_limit_s=time_limit_s,
        )  # fmt: skip
    else:
        result = siting.solve_mclp(
            problem, int(centres or 0), at_most_one_per_group=one_per_community,
            at_least_one_in_groups=required, time_limit_s=time_limit_s,
        )  # fmt: skip
    if result.status == "infeasible":
        raise DomainError(
            "siting_infeasible",
            "在所选候选点位和约束下无解：目标覆盖比例过高，或新建中心数少于尚无邻里中心的社区数，"
            "或每社区至多一个中心的约束无法满足（方案二(四)：原则上每个社区一个邻里中心）。",
        )
    chosen = list(result.chosen)
    # greedy order within the plan: most newly covered per cost first (for the three-year plan)
    order, gains = _order(problem, chosen)
    total = float(problem.weight.sum())
    baseline = float(problem.weight[problem.covered].sum()) if problem.covered is not None else 0.0
    progress(90, "正在整理结果")
    csr = cover_sites.tocsr()
    chosen_ids = {j: inputs.sites[j].pk for j in chosen}
    points = []
    for k in range(min(len(homes), MAP_POINTS)):
        row = csr.indices[csr.indptr[k] : csr.indptr[k + 1]]
        points.append([
            round(float(h_lon[k]), 6), round(float(h_lat[k]), 6), int(population[k]),
            int(bool(covered[0][k])), [chosen_ids[j] for j in row.tolist() if j in chosen_ids],
        ])  # fmt: skip
    return {
        "network_id": network.pk,
        "services": list(inputs.services),
        "chosen": [
            {
                "site_id": inputs.sites[j].pk,
                "name": inputs.sites[j].name,
                "community": _community_name(inputs.sites[j]),
                "alone": round(problem.newly_covered([j])),
                "gain": round(gains[j]),
                "cost": float(inputs.sites[j].cost),
                "lon": inputs.sites[j].lon,
                "lat": inputs.sites[j].lat,
            }
            for j in order
        ],
        "newly_covered": round(result.newly_covered),
        "baseline_covered": round(baseline),
        "total": round(total),
        "gap": result.gap,
        "bound": result.bound,
        "status": result.status,
        "greedy": result.greedy_objective,
        "stats": {k: round(v, 4) for k, v in result.stats.items()},
        "unsnapped_sites": [
            s.name for s, ok in zip(inputs.sites, site_snap.is_snapped, strict=True) if not ok
        ],
        "seconds": round(time.perf_counter() - t0, 3),
        "solver_seconds": round(result.seconds, 3),
        "per_service": len(inputs.services) > 1,
        "points": points,
    }


def _communities_with_centre(district_code: str) -> set[str]:
    """Communities already served by an open centre (a centre record, or a registered
    neighbourhood-centre facility located in the community)."""
    from futurecommunity.centres.models import CentreStatus, NeighbourhoodCentre

    served = set(
        NeighbourhoodCentre.objects.filter(
            status=CentreStatus.OPEN, region_code__startswith=district_code
        ).values_list("communities__code", flat=True)
    )
    served |= set(
        Facility.objects.filter(
            kind__is_neighbourhood_centre=True, status=FacilityStatus.OPEN,
            region_code__startswith=district_code,
        ).values_list("region_code", flat=True)
    )  # fmt: skip
    return {c for c in served if c}


def _community_name(site: CandidateSite) -> str:
    return site.community.name if site.community is not None else ""


def _order(problem: siting.SitingProblem, chosen: list[int]) -> tuple[list[int], dict[int, float]]:
    """Chosen sites, each next one adding the most newly covered per unit cost."""
    left = list(chosen)
    order: list[int] = []
    gains: dict[int, float] = {}
    base = 0.0
    cost = problem.cost if problem.cost is not None else np.ones(problem.n_candidates)
    while left:
        scored = []
        for j in left:
            gain = problem.newly_covered(order + [j]) - base
            ratio = gain / cost[j] if cost[j] > 0 else float("inf")
            scored.append((ratio, gain, -j, j))
        _r, gain, _n, best = max(scored)
        order.append(best)
        gains[best] = gain
        base += gain
        left.remove(best)
    return order, gains


def run_scenario(scenario: SitingScenario, progress: Progress = _quiet) -> dict[str, Any]:
    sites = list(scenario.candidates.select_related("community").order_by("pk"))
    return solve(
        Inputs(scenario.district_code, scenario.services, float(scenario.radius_m), sites),
        mode=scenario.mode,
        centres=scenario.centres,
        target_share=float(scenario.target_share) if scenario.target_share is not None else None,
        one_per_community=scenario.one_per_community,
        fill_every_community=scenario.fill_every_community,
        progress=progress,
    )
