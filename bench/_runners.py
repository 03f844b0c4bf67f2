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

    build_s: float
    run: Callable[[], tuple[NDArray[np.float64], NDArray[np.int64]]]
    threads: str
    # One-off work that belongs to the task but must not be repeated (added to each run).
    task_overhead_s: float = 0.0


def _timed(func: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def prepare_engine(graph: StreetGraph, task: Task, workers: int = 2) -> Prepared:
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


def prepare_scipy(graph: StreetGraph, task: Task) -> Prepared:
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


def prepare_networkx(graph: StreetGraph, task: Task) -> Prepared:
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


def prepare_pandana(graph: StreetGraph, task: Task) -> Prepared:
    import pandana
    import pandas as pd

    u, v, length = graph.edge_list()
    build_s, net = _timed(
        lambda: pandana.Network(
            pd.Series(graph.x), pd.Series(graph.y), pd.Series(u), pd.Series(v),
            pd.DataFrame({"length": length}), twoway=True,
        )
    )  # fmt: skip

    def run() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        n = graph.n_nodes
        nearest = np.empty((n, N_TYPES))
        counts = np.empty((n, N_TYPES, len(RADII)), dtype=np.int64)
        for t, name in enumerate(FACILITY_TYPES):
            nodes = task.nodes_of(t)
            fx, fy = pd.Series(graph.x[nodes]), pd.Series(graph.y[nodes])
            net.set_pois(category=name, maxdist=NEAREST_CAP_M, maxitems=1, x_col=fx, y_col=fy)
            found = net.nearest_pois(NEAREST_CAP_M, name, num_pois=1)[1].reindex(range(n))
            nearest[:, t] = np.where(found.values >= NEAREST_CAP_M, np.inf, found.values)
            net.set(
                net.get_node_ids(fx, fy), variable=pd.Series(np.ones(nodes.shape[0])), name=name
            )
            for k, radius in enumerate(RADII):
                series = net.aggregate(radius, type="count", decay="flat", name=name)
                counts[:, t, k] = np.rint(series.reindex(range(n)).values).astype(np.int64)
        return nearest, counts

    # pandana 0.8 double-counts when precompute() runs twice on one Network, so it runs
    # once here and its time is added to every task run.
    precompute_s, _ = _timed(lambda: net.precompute(RADII[-1]))
    return Prepared(build_s, run, "2 (OpenMP)", task_overhead_s=precompute_s)


def prepare_cityseer(graph: StreetGraph, task: Task) -> Prepared:
    import geopandas as gpd
    from cityseer.metrics import layers
    from cityseer.tools import io
    from shapely.geometry import Point

    build_s, (nodes_gdf, structure) = _timed(lambda: _cityseer_structure(graph))  # type: ignore[misc]
    names = list(FACILITY_TYPES)
    data = gpd.GeoDataFrame(
        {"kind": [names[t] for t in task.facility_type]},
        geometry=[Point(graph.x[i], graph.y[i]) for i in task.facility_node],
        crs=graph.crs,
    )
    _ = io  # imported for its side effects on geopandas config in some versions

    def run() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        out = layers.compute_accessibilities(
            data, "kind", names, nodes_gdf.copy(), structure,
            distances=[int(r) for r in RADII], decay_fn="1",
        )  # fmt: skip
        return _cityseer_arrays(out, graph.n_nodes, names)

    return Prepared(build_s, run, "2 (rayon)")


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


def _cityseer_arrays(out: object, n: int, names: list[str]) -> tuple[NDArray, NDArray]:
    frame = out.reindex([str(i) for i in range(n)])  # type: ignore[attr-defined]
    nearest = np.empty((n, len(names)))
    counts = np.empty((n, len(names), len(RADII)), dtype=np.int64)
    for t, name in enumerate(names):
        values = frame[f"cc_{name}_nearest_max_{int(RADII[-1])}"].astype(float).values
        nearest[:, t] = np.where(np.isfinite(values) & (values <= NEAREST_CAP_M), values, np.inf)
        for k, radius in enumerate(RADII):
            counts[:, t, k] = frame[f"cc_{name}_{int(radius)}"].fillna(0).astype(int).values
    return nearest, counts


RUNNERS: dict[str, Callable[[StreetGraph, Task], Prepared]] = {
    "engine": prepare_engine,
    "scipy": prepare_scipy,
    "networkx": prepare_networkx,
    "pandana": prepare_pandana,
    "cityseer": prepare_cityseer,
}
