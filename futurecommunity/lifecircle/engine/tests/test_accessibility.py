import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from futurecommunity.lifecircle.engine.accessibility import compute_accessibility
from futurecommunity.lifecircle.engine.errors import EngineError
from futurecommunity.lifecircle.engine.graph import SnappedPoints, StreetGraph, build_graph

from .reference import reference_accessibility


def _points(nodes: list[int], snaps: list[float]) -> SnappedPoints:
    return SnappedPoints(np.array(nodes, dtype=np.int64), np.array(snaps, dtype=np.float64))


def _path_graph() -> StreetGraph:
    # 0 --100-- 1 --100-- 2 --100-- 3 --200-- 4
    graph, _ = build_graph(
        node_ids=[0, 1, 2, 3, 4],
        x=[0, 100, 200, 300, 500],
        y=[0, 0, 0, 0, 0],
        edge_u=[0, 1, 2, 3],
        edge_v=[1, 2, 3, 4],
        edge_length=[100.0, 100.0, 100.0, 200.0],
        crs="EPSG:4549",
    )
    return graph


def test_hand_computed_path_graph() -> None:
    graph = _path_graph()
    origins = _points([0, 1, 2, 3, 4], [0, 5, 0, 0, 20])
    facilities = {
        "health": _points([3], [10]),
        "culture": _points([0, 4], [0, 0]),
    }
    result = compute_accessibility(
        graph, origins, facilities, radii_m=[100, 300, 500], walking_speed_m_per_min=50
    )
    # health at node 3 (+10 m): origin 1 = 5 + 200 + 10
    assert result.nearest_distance_m[:, 0].tolist() == [310, 215, 110, 10, 230]
    assert result.nearest_distance_m[:, 1].tolist() == [0, 105, 200, 200, 20]
    assert result.walk_minutes[:, 0].tolist() == [6.2, 4.3, 2.2, 0.2, 4.6]
    assert result.nearest_facility[:, 1].tolist() == [0, 0, 0, 1, 1]
    assert result.counts[:, 0, :].tolist() == [
        [0, 0, 1],
        [0, 1, 1],
        [0, 1, 1],
        [1, 1, 1],
        [0, 1, 1],
    ]
    # culture at 0 and 4: origin 1 reaches node 4 at 5 + 400; origin 4 reaches 0 at 520
    assert result.counts[:, 1, :].tolist() == [
        [1, 1, 2],
        [0, 1, 2],
        [0, 2, 2],
        [0, 2, 2],
        [1, 1, 1],
    ]


def test_distance_exactly_on_the_radius_counts() -> None:
    graph = _path_graph()
    result = compute_accessibility(
        graph,
        _points([0], [0]),
        {"a": _points([1], [0])},
        radii_m=[100],
        walking_speed_m_per_min=60,
    )
    assert result.counts[0, 0, 0] == 1


def test_unsnapped_points_take_part_in_nothing() -> None:
    graph = _path_graph()
    origins = _points([0, -1], [0, 3])
    facilities = {"a": _points([-1, 2], [1, 0]), "b": _points([-1], [0])}
    result = compute_accessibility(
        graph, origins, facilities, radii_m=[300], walking_speed_m_per_min=60
    )
    assert result.nearest_distance_m.tolist() == [[200, np.inf], [np.inf, np.inf]]
    assert result.nearest_facility.tolist() == [[1, -1], [-1, -1]]
    assert result.counts[:, :, 0].tolist() == [[1, 0], [0, 0]]


def test_max_distance_caps_the_nearest_search() -> None:
    graph = _path_graph()
    origins = _points([0, 1, 2], [0, 0, 0])
    result = compute_accessibility(
        graph, origins, {"a": _points([3], [0])}, radii_m=[1000],
        walking_speed_m_per_min=60, max_distance_m=200,
    )  # fmt: skip
    assert result.nearest_distance_m[:, 0].tolist() == [np.inf, 200, 100]
    assert result.nearest_facility[:, 0].tolist() == [-1, 0, 0]
    assert result.counts[:, 0, 0].tolist() == [1, 1, 1]


def test_radii_must_ascend() -> None:
    graph = _path_graph()
    with pytest.raises(EngineError, match="ascending"):
        compute_accessibility(
            graph, _points([0], [0]), {}, radii_m=[500, 300], walking_speed_m_per_min=60
        )


def test_node_out_of_range_is_an_error() -> None:
    graph = _path_graph()
    with pytest.raises(EngineError, match="out of range"):
        compute_accessibility(
            graph, _points([9], [0]), {}, radii_m=[300], walking_speed_m_per_min=60
        )


def _random_graph(seed: int, n_nodes: int, n_extra: int, integer: bool) -> StreetGraph:
    rng = np.random.default_rng(seed)
    # A random spanning tree plus extra random edges keeps the graph connected.
    parents = [int(rng.integers(0, i)) for i in range(1, n_nodes)]
    u = list(range(1, n_nodes)) + rng.integers(0, n_nodes, n_extra).tolist()
    v = parents + rng.integers(0, n_nodes, n_extra).tolist()
    length = rng.integers(1, 300, len(u)).astype(float)
    if not integer:
        length = length + rng.random(len(u))
    graph, _ = build_graph(
        np.arange(n_nodes), rng.random(n_nodes), rng.random(n_nodes), u, v, length,
        crs="EPSG:4549",
    )  # fmt: skip
    return graph


def _random_points(rng: np.random.Generator, n: int, n_nodes: int, integer: bool) -> SnappedPoints:
    node = rng.integers(-1, n_nodes, n)
    snap = rng.integers(0, 60, n).astype(float)
    if not integer:
        snap = snap + rng.random(n)
    return SnappedPoints(node.astype(np.int64), snap)


def _check_against_networkx(seed: int, n_nodes: int, n_extra: int, integer: bool) -> None:
    graph = _random_graph(seed, n_nodes, n_extra, integer)
    rng = np.random.default_rng(seed + 1)
    origins = _random_points(rng, n_nodes + 3, graph.n_nodes, integer)
    facilities = {
        name: _random_points(rng, int(rng.integers(0, 6)), graph.n_nodes, integer)
        for name in ("a", "b", "c")
    }
    radii = [150.0, 300.0, 500.0, 800.0]
    result = compute_accessibility(
        graph, origins, facilities, radii_m=radii, walking_speed_m_per_min=60, workers=2
    )
    nearest, counts = reference_accessibility(graph, origins, facilities, radii)
    if integer:
        assert np.array_equal(result.nearest_distance_m, nearest)
    else:
        np.testing.assert_allclose(result.nearest_distance_m, nearest, rtol=0, atol=1e-6)
    assert np.array_equal(result.counts, counts)


@settings(max_examples=60, deadline=None, database=None)
@given(
    seed=st.integers(0, 2**31),
    n_nodes=st.integers(1, 40),
    n_extra=st.integers(0, 60),
)
def test_matches_networkx_on_random_integer_graphs(seed: int, n_nodes: int, n_extra: int) -> None:
    _check_against_networkx(seed, n_nodes, n_extra, integer=True)


@settings(max_examples=30, deadline=None, database=None)
@given(seed=st.integers(0, 2**31), n_nodes=st.integers(2, 60))
def test_matches_networkx_on_random_float_graphs(seed: int, n_nodes: int) -> None:
    _check_against_networkx(seed, n_nodes, 2 * n_nodes, integer=False)


def test_thread_count_does_not_change_results() -> None:
    graph = _random_graph(7, 300, 400, integer=False)
    rng = np.random.default_rng(3)
    origins = _random_points(rng, 300, graph.n_nodes, integer=False)
    facilities = {str(t): _random_points(rng, 12, graph.n_nodes, False) for t in range(5)}
    kwargs = {"radii_m": [300, 500, 800, 1000], "walking_speed_m_per_min": 60}
    one = compute_accessibility(graph, origins, facilities, workers=1, **kwargs)
    two = compute_accessibility(graph, origins, facilities, workers=2, **kwargs)
    assert np.array_equal(one.nearest_distance_m, two.nearest_distance_m)
    assert np.array_equal(one.counts, two.counts)
