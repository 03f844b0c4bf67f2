from pathlib import Path

import numpy as np
import pytest

from futurecommunity.lifecircle.engine.errors import EngineError
from futurecommunity.lifecircle.engine.graph import StreetGraph, build_graph


def _two_islands() -> tuple[StreetGraph, object]:
    # Main island: 10-20-30-40 path plus a duplicate 10-20 edge and a loop on 30;
    # second island: 50-60.
    return build_graph(
        node_ids=[10, 20, 30, 40, 50, 60],
        x=[0.0, 100.0, 200.0, 300.0, 1000.0, 1100.0],
        y=[0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        edge_u=[10, 20, 30, 20, 30, 50],
        edge_v=[20, 30, 40, 10, 30, 60],
        edge_length=[120.0, 100.0, 100.0, 105.0, 7.0, 100.0],
        crs="EPSG:4549",
    )


def test_build_keeps_largest_component_and_reports_drops() -> None:
    graph, report = _two_islands()
    assert graph.n_nodes == 4
    assert graph.n_edges == 3
    assert report.nodes_in == 6
    assert report.edges_in == 6
    assert report.self_loops_dropped == 1
    assert report.duplicate_edges_merged == 1
    assert report.components == 2
    assert report.nodes_dropped == 2
    assert report.edges_dropped == 1
    assert graph.node_ids.tolist() == [10, 20, 30, 40]


def test_parallel_edges_keep_the_shortest() -> None:
    graph, _ = _two_islands()
    u, v, length = graph.edge_list()
    assert list(zip(u.tolist(), v.tolist(), length.tolist(), strict=True)) == [
        (0, 1, 105.0),
        (1, 2, 100.0),
        (2, 3, 100.0),
    ]


def test_csr_is_symmetric_and_read_only() -> None:
    graph, _ = _two_islands()
    assert graph.indptr.tolist() == [0, 1, 3, 5, 6]
    assert graph.indices.tolist() == [1, 0, 2, 1, 3, 2]
    assert graph.indices.dtype == np.int32
    assert graph.weights.dtype == np.float64
    with pytest.raises(ValueError):
        graph.weights[0] = 1.0


def test_snap_returns_nearest_node_and_distance() -> None:
    graph, _ = _two_islands()
    snapped = graph.snap([90.0, 310.0, 150.0], [0.0, 40.0, 500.0], max_distance=100.0)
    assert snapped.node.tolist() == [1, 3, -1]
    assert snapped.distance[:2] == pytest.approx([10.0, np.hypot(10.0, 40.0)])
    assert snapped.distance[2] == pytest.approx(np.hypot(50.0, 500.0))
    assert snapped.is_snapped.tolist() == [True, True, False]


def test_snap_of_no_points_is_empty() -> None:
    graph, _ = _two_islands()
    snapped = graph.snap([], [])
    assert snapped.node.shape == (0,)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    graph, _ = _two_islands()
    path = tmp_path / "net.npz"
    graph.save(path)
    loaded = StreetGraph.load(path)
    for name in ("indptr", "indices", "weights", "x", "y", "node_ids"):
        assert np.array_equal(getattr(loaded, name), getattr(graph, name))
        assert getattr(loaded, name).dtype == getattr(graph, name).dtype
    assert loaded.crs == "EPSG:4549"


def test_node_index_maps_ids_and_marks_missing() -> None:
    graph, _ = _two_islands()
    assert graph.node_index([40, 10, 50, 999]).tolist() == [3, 0, -1, -1]


def test_edge_to_unknown_node_is_an_error() -> None:
    with pytest.raises(EngineError, match="not in node_ids"):
        build_graph([1, 2], [0, 1], [0, 0], [1], [3], [1.0], crs="EPSG:4549")


def test_negative_length_is_an_error() -> None:
    with pytest.raises(EngineError, match="non-negative"):
        build_graph([1, 2], [0, 1], [0, 0], [1], [2], [-1.0], crs="EPSG:4549")


def test_duplicate_node_ids_are_an_error() -> None:
    with pytest.raises(EngineError, match="unique"):
        build_graph([1, 1], [0, 1], [0, 0], [1], [1], [1.0], crs="EPSG:4549")
