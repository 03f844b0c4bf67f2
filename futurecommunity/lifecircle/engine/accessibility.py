"""Walking accessibility from origins (homes, blocks) to facilities grouped by type.

Definition used throughout (all in metres)::

    total(o, f) = snap(o) + d_G(node(o), node(f)) + snap(f)

where ``snap`` is the straight-line distance from the point to the graph node it is
attached to and ``d_G`` is the shortest-path distance on the street graph. Then

* ``nearest_distance_m[o, t]`` = min over facilities ``f`` of type ``t`` of ``total(o, f)``
  (``inf`` when none is reachable, or none within ``max_distance_m`` when that is given);
* ``walk_minutes`` = ``nearest_distance_m / walking_speed_m_per_min``;
* ``counts[o, t, k]`` = number of facilities of type ``t`` with ``total(o, f) <= radii_m[k]``.

Points with node ``-1`` (not snapped) take part in nothing: such an origin gets ``inf`` and
zero counts, such a facility is ignored.

Algorithm: per type, one multi-source Dijkstra seeded with every facility at its snap
distance gives the nearest distance for all nodes at once; counts come from one bounded
Dijkstra per facility (facility-centric), touching only the nodes within the largest
radius. Nothing of size facilities x nodes is ever allocated.

Every output row depends on its own origin only (a minimum and a count over all facilities
of the type), so any partition of the origins, computed part by part on the same graph and
facilities and concatenated, gives exactly the result of one run over all of them. This is
what a city-wide analysis split by district relies on (``lifecircle.analysis``: one queue
job per district, merged). With ``restrict_to_origins`` a part skips, for the counts, the
facilities that cannot count for any of its origins: a facility ``f`` counts for origin
``o`` at some radius only if ``snap(o) + d_G(node(o), node(f)) + snap(f) <= max radius``,
i.e. only if ``reach(node(f)) + snap(f) <= max radius`` where ``reach`` is one bounded
multi-source search from the part's origins (seeded at their snap distances, cut at the
largest radius). The pruned facilities count for none of the part's origins, so the counts
are unchanged; the nearest searches always use every facility on the whole graph, so an
origin near a district border finds a nearest facility that lies in another district.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from . import kernels
from .errors import EngineError
from .graph import SnappedPoints, StreetGraph


@dataclass(frozen=True, eq=False)
class AccessibilityResult:
    """Per-origin accessibility; axis 1 follows ``service_types``, axis 2 ``radii_m``.

    ``nearest_distance_m`` (origins x types, float64, inf = none reachable),
    ``nearest_facility`` (origins x types, int32 index into that type's facility list,
    -1 = none) and ``counts`` (origins x types x radii, int32).
    """

    service_types: tuple[str, ...]
    radii_m: NDArray[np.float64]
    walking_speed_m_per_min: float
    nearest_distance_m: NDArray[np.float64]
    nearest_facility: NDArray[np.int32]
    counts: NDArray[np.int32]

    @property
    def walk_minutes(self) -> NDArray[np.float64]:
        """Walking time to the nearest facility (computed on access, not stored)."""
        return self.nearest_distance_m / self.walking_speed_m_per_min

    def type_index(self, service_type: str) -> int:
        try:
            return self.service_types.index(service_type)
        except ValueError:
            raise EngineError(f"unknown service type {service_type!r}") from None


@dataclass(frozen=True)
class _Origins:
    node: NDArray[np.int64]
    snap: NDArray[np.float64]
    ptr: NDArray[np.int64]
    ids: NDArray[np.int64]


def compute_accessibility(
    graph: StreetGraph,
    origins: SnappedPoints,
    facilities: Mapping[str, SnappedPoints],
    *,
    radii_m: Sequence[float],
    walking_speed_m_per_min: float,
    max_distance_m: float | None = None,
    workers: int = 1,
    restrict_to_origins: bool = False,
) -> AccessibilityResult:
    """Nearest facility, walking time and counts within each radius, for every origin
    and every facility type (see the module docstring for the exact definitions).

    ``restrict_to_origins``: the origins are a part (e.g. one district) of a larger set;
    count only from the facilities within the largest radius of them (same result, less
    work when the part is small; one extra bounded search when it is not)."""
    radii = _check_radii(radii_m)
    if not walking_speed_m_per_min > 0:
        raise EngineError("walking speed must be positive")
    cutoff = np.inf if max_distance_m is None else float(max_distance_m)
    prepared = _prepare_origins(graph, origins)
    types = tuple(facilities)
    for name in types:
        _check_points(graph, facilities[name], f"facilities of type {name!r}")

    reach = _reach(graph, prepared, float(radii[-1])) if restrict_to_origins else None
    n_origins, n_radii = prepared.node.shape[0], radii.shape[0]
    # Stored type-major so that each type's block handed to the kernels is C-contiguous
    # whatever the number of types (one array layout = one compiled signature); the
    # result exposes the documented (origins x types [x radii]) views.
    nearest = np.full((len(types), n_origins), np.inf)
    which = np.full((len(types), n_origins), -1, dtype=np.int32)
    counts = np.zeros((len(types), n_origins, n_radii), dtype=np.int32)

    def run(t: int) -> None:
        _one_type(graph, prepared, facilities[types[t]], radii, cutoff,
                  nearest[t], which[t], counts[t], reach)  # fmt: skip

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(run, range(len(types))))
    return AccessibilityResult(
        service_types=types,
        radii_m=radii,
        walking_speed_m_per_min=float(walking_speed_m_per_min),
        nearest_distance_m=nearest.T,
        nearest_facility=which.T,
        counts=counts.transpose(1, 0, 2),
    )


def _check_radii(radii_m: Sequence[float]) -> NDArray[np.float64]:
    # Own, writable, contiguous copies: the kernels then always see the same argument
    # types (a read-only array is a different numba type and would compile again).
    radii = np.array(radii_m, dtype=np.float64)
    if radii.ndim != 1 or radii.size == 0:
        raise EngineError("give at least one radius")
    if not np.isfinite(radii).all() or (radii < 0).any():
        raise EngineError("radii must be finite and non-negative")
    if (np.diff(radii) <= 0).any():
        raise EngineError("radii must be strictly ascending")
    return radii


def _check_points(graph: StreetGraph, points: SnappedPoints, what: str) -> None:
    if points.node.shape != points.distance.shape:
        raise EngineError(f"{what}: node and distance must have the same length")
    if (points.node >= graph.n_nodes).any() or (points.node < -1).any():
        raise EngineError(f"{what}: node index out of range")
    valid = points.node >= 0
    snap = points.distance[valid]
    if not np.isfinite(snap).all() or (snap < 0).any():
        raise EngineError(f"{what}: snap distances must be finite and non-negative")


def _prepare_origins(graph: StreetGraph, origins: SnappedPoints) -> _Origins:
    _check_points(graph, origins, "origins")
    node = np.array(origins.node, dtype=np.int64)  # writable copies (see _check_radii)
    snap = np.array(origins.distance, dtype=np.float64)
    valid = np.flatnonzero(node >= 0)
    ids = valid[np.argsort(node[valid], kind="stable")].astype(np.int64)
    ptr = np.zeros(graph.n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(node[valid], minlength=graph.n_nodes), out=ptr[1:])
    return _Origins(node=node, snap=snap, ptr=ptr, ids=ids)


def _reach(graph: StreetGraph, origins: _Origins, limit: float) -> NDArray[np.float64]:
    """min over origins of snap(o) + d_G(node(o), node), inf beyond ``limit``."""
    valid = origins.node >= 0
    reach, _label = kernels.multi_source_dijkstra(
        graph.indptr, graph.indices, graph.weights, np.ascontiguousarray(origins.node[valid]),
        np.ascontiguousarray(origins.snap[valid]), limit,
    )  # fmt: skip
    return reach  # type: ignore[no-any-return]


def _one_type(
    graph: StreetGraph,
    origins: _Origins,
    facilities: SnappedPoints,
    radii: NDArray[np.float64],
    cutoff: float,
    out_nearest: NDArray[np.float64],
    out_which: NDArray[np.int32],
    out_counts: NDArray[np.int32],
    reach: NDArray[np.float64] | None = None,
) -> None:
    """Fill one type's columns of the outputs (views into the result arrays)."""
    valid = np.flatnonzero(facilities.node >= 0)
    src_node = facilities.node[valid].astype(np.int64)
    src_snap = np.array(facilities.distance[valid], dtype=np.float64)
    dist, label = kernels.multi_source_dijkstra(
        graph.indptr, graph.indices, graph.weights, src_node, src_snap, cutoff
    )
    lookup = np.append(valid, -1).astype(np.int32)  # label -1 (not reached) maps to -1
    kernels.origin_nearest(
        dist, label, lookup, origins.node, origins.snap, cutoff, out_nearest, out_which
    )
    del dist, label
    if reach is not None:  # only facilities that can count for one of these origins
        near = reach[src_node] + src_snap <= radii[-1]
        src_node, src_snap = src_node[near], src_snap[near]
    kernels.radius_counts(
        graph.indptr, graph.indices, graph.weights, src_node, src_snap,
        origins.ptr, origins.ids, origins.snap, radii, out_counts,
    )  # fmt: skip
