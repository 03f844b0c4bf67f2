"""Larger random graphs against scipy.sparse.csgraph; off by default (set
ENGINE_HEAVY_TESTS=1 to run)."""

import os

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from futurecommunity.lifecircle.engine import SnappedPoints, build_graph, compute_accessibility

pytestmark = pytest.mark.skipif(
    os.environ.get("ENGINE_HEAVY_TESTS") != "1", reason="set ENGINE_HEAVY_TESTS=1"
)


def test_large_random_graph_matches_scipy() -> None:
    rng = np.random.default_rng(5)
    n = 200_000
    u = np.concatenate([np.arange(1, n), rng.integers(0, n, n)])
    v = np.concatenate([rng.integers(0, np.arange(1, n)), rng.integers(0, n, n)])
    graph, _ = build_graph(
        np.arange(n), rng.random(n), rng.random(n), u, v, rng.integers(1, 200, u.size) * 1.0,
        crs="EPSG:4549",
    )  # fmt: skip
    sources = rng.choice(graph.n_nodes, 40, replace=False)
    origins = SnappedPoints(np.arange(graph.n_nodes), np.zeros(graph.n_nodes))
    result = compute_accessibility(
        graph, origins, {"a": SnappedPoints(sources, np.zeros(40))},
        radii_m=[300, 1000], walking_speed_m_per_min=60, workers=2,
    )  # fmt: skip
    matrix = csr_matrix((graph.weights, graph.indices, graph.indptr), shape=(graph.n_nodes,) * 2)
    dist = dijkstra(matrix, indices=sources)
    assert np.array_equal(result.nearest_distance_m[:, 0], dist.min(axis=0))
    assert np.array_equal(result.counts[:, 0, 1], (dist <= 1000).sum(axis=0))
