"""One function per library, run inside its own worker process.

Each runner gets the graph (CSR arrays) and the task, and returns the build time, the
time of one full task run (nearest facility per type capped at 1 km + counts within each
radius) and the results as arrays: nearest (N, T) with ``inf`` where nothing is within the
cap, counts (N, T, R).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from _networks import FACILITY_TYPES, NEAREST_CAP_M, RADII, Task
from numpy.typing import NDArray

from futurecommunity.lifecircle.engine.graph import StreetGraph

N_TYPES = len(FACILITY_TYPES)


@dataclass
class Prepared:
    """What the timed ``run`` needs after ``build``."""

    build_s: float  # graph construction and any per-network precompute
    run: Callable[[], tuple[NDArray[np.float64], NDArray[np.int64]]]
    threads: str
    snap_s: float = 0.0  # attaching the facilities to the network (outside the timed run)


def _timed(func: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def prepare_engine(graph: StreetGraph, task: Task, workers: int = 1) -> Prepared:
    from futurecommunity.lifecircle.engine import SnappedPoints, build_graph
    from futurecommunity.lifecircle.engine.accessibility import compute_accessibility

    u, v, length = graph.edge_list()
    build_s, (built, _) = _timed(
        lambda: build_graph(graph.node_ids, graph.x, graph.y, graph.node_ids[u],
                            graph.node_ids[v], length, crs=graph.crs)
    )  # type: ignore[misc]  # fmt: skip
    origins = SnappedPoints(np.arange(built.n_nodes, dtype=np.int64), np.zeros(built.n_nodes))
    facilities = {
        name: SnappedPoints(task.nodes_of(t), np.zeros(task.nodes_of(t).shape[0]))
        for t, name in enumerate(FACILITY_TYPES)
    }

    def run() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        result = compute_accessibility(
            built, origins, facilities, radii_m=RADII, walking_speed_m_per_min=60.0,
            max_distance_m=NEAREST_CAP_M, workers=workers,
        )  # fmt: skip
        return result.nearest_distance_m, result.counts.astype(np.int64)

    return Prepared(build_s, run, f"{workers} (threads, one type each)")


def prepare_lower_bound(graph: StreetGraph, task: Task, workers: int = 1) -> Prepared:
    import _plain

    radii = np.array(RADII)

    def run() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        return _plain.plain_task(  # type: ignore[no-any-return]
            graph.indptr, graph.indices, graph.weights, task.facility_node,
            task.facility_type, N_TYPES, radii, NEAREST_CAP_M,
        )  # fmt: skip

    return Prepared(0.0, run, "1 (plain numba kernel)")


def prepare_scipy(graph: StreetGraph, task: Task, workers: int = 1) -> Prepared:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    n = graph.n_nodes
    build_s, matrix = _timed(
        lambda: csr_matrix((graph.weights, graph.indices, graph.indptr), shape=(n, n))
    )

    def run() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        nearest = np.empty((n, N_TYPES))
        for t in range(N_TYPES):
            nearest[:, t] = dijkstra(
                matrix, directed=False, indices=task.nodes_of(t), min_only=True,
                limit=NEAREST_CAP_M,
            )  # fmt: skip
        dist = dijkstra(matrix, directed=False, indices=task.facility_node, limit=RADII[-1])
        counts = np.empty((n, N_TYPES, len(RADII)), dtype=np.int64)
        for t in range(N_TYPES):
            rows = dist[task.facility_type == t]
            for k, radius in enumerate(RADII):
                counts[:, t, k] = (rows <= radius).sum(axis=0)
        return nearest, counts

    return Prepared(build_s, run, "1")


def prepare_networkx(graph: StreetGraph, task: Task, workers: int = 1) -> Prepared:
    import networkx as nx

    def build() -> nx.Graph:
        nx_graph = nx.Graph()
        nx_graph.add_nodes_from(range(graph.n_nodes))
        u, v, length = graph.edge_list()
        nx_graph.add_weighted_edges_from(zip(u.tolist(), v.tolist(), length.tolist(), strict=True))
        return nx_graph

    build_s, nx_graph = _timed(build)

    def run() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        n = graph.n_nodes
        nearest = np.full((n, N_TYPES), np.inf)
        counts = np.zeros((n, N_TYPES, len(RADII)), dtype=np.int64)
        radii = np.array(RADII)
        for t in range(N_TYPES):
            sources = task.nodes_of(t).tolist()
            found = nx.multi_source_dijkstra_path_length(nx_graph, sources, cutoff=NEAREST_CAP_M)
            nearest[list(found), t] = list(found.values())
            for source in sources:
                ball = nx.single_source_dijkstra_path_length(nx_graph, source, cutoff=RADII[-1])
                nodes = np.fromiter(ball.keys(), dtype=np.int64, count=len(ball))
                dist = np.fromiter(ball.values(), dtype=np.float64, count=len(ball))
                counts[nodes, t, :] += dist[:, None] <= radii[None, :]
        return nearest, counts

    return Prepared(build_s, run, "1")


def prepare_pandana(graph: StreetGraph, task: Task, workers: int = 1) -> Prepared:
    """Threads: OMP_NUM_THREADS, set by the parent before the process starts."""
    import pandana
    import pandas as pd

    u, v, length = graph.edge_list()

    def build() -> object:
        net = pandana.Network(
            pd.Series(graph.x), pd.Series(graph.y), pd.Series(u), pd.Series(v),
            pd.DataFrame({"length": length}), twoway=True,
        )  # fmt: skip
        # The per-network precompute belongs to the build (run once: pandana 0.8
        # double-counts when precompute() runs twice on one Network).
        net.precompute(RADII[-1])
        return net

    build_s, net = _timed(build)
    n = graph.n_nodes

    def snap() -> None:
        for t, name in enumerate(FACILITY_TYPES):
            nodes = task.nodes_of(t)
            fx, fy = pd.Series(graph.x[nodes]), pd.Series(graph.y[nodes])
            net.set_pois(category=name, maxdist=NEAREST_CAP_M, maxitems=1, x_col=fx, y_col=fy)
            net.set(net.get_node_ids(fx, fy), variable=pd.Series(np.ones(nodes.shape[0])),
                    name=name)  # fmt: skip

    snap_s, _ = _timed(snap)

    def run() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        nearest = np.empty((n, N_TYPES))
        counts = np.empty((n, N_TYPES, len(RADII)), dtype=np.int64)
        for t, name in enumerate(FACILITY_TYPES):
            found = net.nearest_pois(NEAREST_CAP_M, name, num_pois=1)[1].reindex(range(n))
            nearest[:, t] = np.where(found.values >= NEAREST_CAP_M, np.inf, found.values)
            for k, radius in enumerate(RADII):
                series = net.aggregate(radius, type="count", decay="flat", name=name)
                counts[:, t, k] = np.rint(series.reindex(range(n)).values).astype(np.int64)
        return nearest, counts

    return Prepared(build_s, run, f"{workers} (OpenMP)", snap_s=snap_s)


def prepare_cityseer(graph: StreetGraph, task: Task, workers: int = 1) -> Prepared:
    """Threads: RAYON_NUM_THREADS, set by the parent before the process starts. The data
    are assigned to the network (cityseer's ``build_data_map``, the first step of
    ``layers.compute_accessibilities``) outside the timed run, as for every library."""
    import geopandas as gpd
    from cityseer.metrics import layers
    from shapely.geometry import Point

    build_s, (_, structure) = _timed(lambda: _cityseer_structure(graph))  # type: ignore[misc]
    names = list(FACILITY_TYPES)
    data = gpd.GeoDataFrame(
        {"kind": [names[t] for t in task.facility_type]},
        geometry=[Point(graph.x[i], graph.y[i]) for i in task.facility_node],
        crs=graph.crs,
    )

    def snap() -> tuple[object, dict]:
        source = layers._landuse_data_source(data, "kind")
        data_map = layers.build_data_map(source, structure, 100.0, None, barriers_gdf=None)
        return data_map, dict(source["kind"])

    snap_s, (data_map, landuses) = _timed(snap)  # type: ignore[misc]
    _, decay_exprs, _ = layers._resolve_decay_fns("1")
    distances = [int(r) for r in RADII]

    def run() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        result = data_map.accessibility_decays(  # type: ignore[attr-defined]
            network_structure=structure, landuses_map=landuses, accessibility_keys=names,
            decay_fns=decay_exprs, distances=distances, minutes=None, angular=False,
            speed_m_s=layers.SPEED_M_S,
        )[0]  # fmt: skip
        return _cityseer_arrays(result, graph.n_nodes, names)

    return Prepared(build_s, run, f"{workers} (rayon)", snap_s=snap_s)


def _cityseer_structure(graph: StreetGraph) -> tuple[object, object]:
    """networkx MultiGraph with string keys and a two-segment LineString per edge whose
    length equals the edge length (cityseer measures geometry, not a weight)."""
    import networkx as nx
    from cityseer.tools import io
    from shapely.geometry import LineString

    multigraph = nx.MultiGraph()
    multigraph.graph["crs"] = graph.crs
    for i in range(graph.n_nodes):
        multigraph.add_node(str(i), x=float(graph.x[i]), y=float(graph.y[i]))
    for a, b, length in zip(*graph.edge_list(), strict=True):
        geom = LineString(_polyline_of_length(graph, int(a), int(b), float(length)))
        multigraph.add_edge(str(a), str(b), geom=geom)
    nodes_gdf, _, structure = io.network_structure_from_nx(multigraph)
    return nodes_gdf, structure


def _polyline_of_length(graph: StreetGraph, a: int, b: int, length: float) -> list:
    ax, ay, bx, by = graph.x[a], graph.y[a], graph.x[b], graph.y[b]
    chord = float(np.hypot(bx - ax, by - ay))
    if length <= chord + 1e-9 or chord == 0:
        return [(ax, ay), (bx, by)]
    height = np.sqrt((length / 2) ** 2 - (chord / 2) ** 2)
    mx, my = (ax + bx) / 2, (ay + by) / 2
    nx_, ny_ = -(by - ay) / chord, (bx - ax) / chord
    return [(ax, ay), (mx + nx_ * height, my + ny_ * height), (bx, by)]


def _cityseer_arrays(result: object, n: int, names: list[str]) -> tuple[NDArray, NDArray]:
    order = np.array([int(key) for key in result.node_keys_py])  # type: ignore[attr-defined]
    nearest = np.full((n, len(names)), np.inf)
    counts = np.zeros((n, len(names), len(RADII)), dtype=np.int64)
    top = int(RADII[-1])
    for t, name in enumerate(names):
        per_key = result.result[name]  # type: ignore[attr-defined]
        values = np.asarray(per_key.distance[top], dtype=float)
        nearest[order, t] = np.where(
            np.isfinite(values) & (values <= NEAREST_CAP_M), values, np.inf
        )
        for k, radius in enumerate(RADII):
            counts[order, t, k] = np.rint(np.asarray(per_key.count[int(radius)])).astype(np.int64)
    return nearest, counts


RUNNERS: dict[str, Callable[[StreetGraph, Task, int], Prepared]] = {
    "engine": prepare_engine,
    "lower_bound": prepare_lower_bound,
    "scipy": prepare_scipy,
    "networkx": prepare_networkx,
    "pandana": prepare_pandana,
    "cityseer": prepare_cityseer,
}
