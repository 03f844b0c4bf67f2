"""Plain networkx reference implementation of the accessibility definitions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from futurecommunity.lifecircle.engine.graph import SnappedPoints, StreetGraph


def to_networkx(graph: StreetGraph) -> nx.Graph:
    nx_graph = nx.Graph()
    nx_graph.add_nodes_from(range(graph.n_nodes))
    u, v, length = graph.edge_list()
    nx_graph.add_weighted_edges_from(zip(u.tolist(), v.tolist(), length.tolist(), strict=True))
    return nx_graph


def reference_accessibility(
    graph: StreetGraph,
    origins: SnappedPoints,
    facilities: Mapping[str, SnappedPoints],
    radii: Sequence[float],
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Nearest total distance (origins x types) and counts (origins x types x radii)."""
    nx_graph = to_networkx(graph)
    n_origins = origins.node.shape[0]
    nearest = np.full((n_origins, len(facilities)), np.inf)
    counts = np.zeros((n_origins, len(facilities), len(radii)), dtype=np.int64)
    for t, points in enumerate(facilities.values()):
        for f_node, f_snap in zip(points.node.tolist(), points.distance.tolist(), strict=True):
            if f_node < 0:
                continue
            lengths = nx.single_source_dijkstra_path_length(nx_graph, f_node, weight="weight")
            for o in range(n_origins):
                o_node = int(origins.node[o])
                if o_node < 0 or o_node not in lengths:
                    continue
                total = (f_snap + lengths[o_node]) + float(origins.distance[o])
                nearest[o, t] = min(nearest[o, t], total)
                for k, radius in enumerate(radii):
                    counts[o, t, k] += total <= radius
    return nearest, counts
