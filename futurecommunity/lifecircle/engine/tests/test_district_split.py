"""A city-wide analysis split into districts (one part per district, each on the whole graph
with only its own origins, counts pruned to the facilities within the largest radius of them)
and concatenated equals one run over all origins, exactly, and equals networkx."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from futurecommunity.lifecircle.engine.accessibility import compute_accessibility
from futurecommunity.lifecircle.engine.graph import SnappedPoints, build_graph

from .reference import reference_accessibility
from .test_accessibility import _random_graph, _random_points

RADII = [150.0, 300.0, 500.0]


def _split_run(graph, origins, facilities, district, **kwargs):  # type: ignore[no-untyped-def]
    """Run each district's origins as its own part and put the rows back in origin order."""
    whole = compute_accessibility(graph, origins, facilities, **kwargs)
    nearest = np.full_like(whole.nearest_distance_m, -1.0)
    which = np.full_like(whole.nearest_facility, -2)
    counts = np.full_like(whole.counts, -1)
    for code in np.unique(district):
        rows = np.flatnonzero(district == code)
        part = compute_accessibility(
            graph, SnappedPoints(origins.node[rows], origins.distance[rows]), facilities,
            restrict_to_origins=True, **kwargs,
        )  # fmt: skip
        nearest[rows], which[rows] = part.nearest_distance_m, part.nearest_facility
        counts[rows] = part.counts
    return whole, nearest, which, counts


def test_border_origin_finds_its_facility_in_the_other_district() -> None:
    # 0 -100- 1 -100- 2 | 3 -100- 4 -100- 5 ; the district border runs between 2 and 3 (50 m)
    graph, _ = build_graph(
        np.arange(6), [0, 100, 200, 250, 350, 450], np.zeros(6),
        [0, 1, 2, 3, 4], [1, 2, 3, 4, 5], [100.0, 100.0, 50.0, 100.0, 100.0], crs="EPSG:4549",
    )  # fmt: skip
    origins = SnappedPoints(np.arange(6, dtype=np.int64), np.zeros(6))
    district = np.array(["A", "A", "A", "B", "B", "B"])
    # the only health centre is in district A at node 2; the only shop in B at node 5
    facilities = {
        "health": SnappedPoints(np.array([2], np.int64), np.array([10.0])),
        "shop": SnappedPoints(np.array([5], np.int64), np.array([0.0])),
    }
    whole, nearest, which, counts = _split_run(
        graph, origins, facilities, district, radii_m=RADII, walking_speed_m_per_min=60
    )
    # origin 3 (district B) walks 50 m across the border + 10 m snap to A's health centre
    assert nearest[3, 0] == 60.0 and which[3, 0] == 0
    assert counts[3, 0].tolist() == [1, 1, 1]
    # origin 2 (district A) counts B's shop at 250 m within 300 m and 500 m
    assert counts[2, 1].tolist() == [0, 1, 1]
    assert np.array_equal(nearest, whole.nearest_distance_m)
    assert np.array_equal(which, whole.nearest_facility)
    assert np.array_equal(counts, whole.counts)


@settings(max_examples=40, deadline=None, database=None)
@given(seed=st.integers(0, 2**31), n_nodes=st.integers(2, 60), n_districts=st.integers(2, 4))
def test_split_by_district_equals_one_run_and_networkx(
    seed: int, n_nodes: int, n_districts: int
) -> None:
    graph = _random_graph(seed, n_nodes, n_nodes, integer=True)
    rng = np.random.default_rng(seed + 1)
    origins = _random_points(rng, n_nodes + 5, graph.n_nodes, integer=True)
    facilities = {
        name: _random_points(rng, int(rng.integers(0, 8)), graph.n_nodes, integer=True)
        for name in ("a", "b", "c")
    }
    # districts by position, like real ones: origins on neighbouring nodes share borders
    x = graph.x[np.maximum(origins.node, 0)]
    district = np.minimum((x * n_districts).astype(int), n_districts - 1)
    whole, nearest, which, counts = _split_run(
        graph, origins, facilities, district, radii_m=RADII, walking_speed_m_per_min=60
    )
    assert np.array_equal(nearest, whole.nearest_distance_m)
    assert np.array_equal(which, whole.nearest_facility)
    assert np.array_equal(counts, whole.counts)
    ref_nearest, ref_counts = reference_accessibility(graph, origins, facilities, RADII)
    assert np.array_equal(nearest, ref_nearest)
    assert np.array_equal(counts, ref_counts)


def test_pruning_skips_far_facilities() -> None:
    """The restricted part really counts from fewer facilities (not a no-op flag): a
    facility beyond the largest radius is skipped, one within it is kept."""
    from futurecommunity.lifecircle.engine import accessibility

    graph, _ = build_graph(
        np.arange(4), [0, 100, 200, 900], np.zeros(4), [0, 1, 2], [1, 2, 3],
        [100.0, 100.0, 700.0], crs="EPSG:4549",
    )  # fmt: skip
    calls: list[int] = []
    real = accessibility.kernels.radius_counts

    def spy(*args):  # type: ignore[no-untyped-def]
        calls.append(int(args[3].shape[0]))
        return real(*args)

    accessibility.kernels.radius_counts = spy
    try:
        compute_accessibility(
            graph, SnappedPoints(np.array([0], np.int64), np.zeros(1)),
            {"a": SnappedPoints(np.array([2, 3], np.int64), np.zeros(2))},
            radii_m=RADII, walking_speed_m_per_min=60, restrict_to_origins=True,
        )  # fmt: skip
    finally:
        accessibility.kernels.radius_counts = real
    assert calls == [1]
