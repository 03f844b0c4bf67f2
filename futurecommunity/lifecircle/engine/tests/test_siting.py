"""The siting optimiser against an independent brute force, and its reductions."""

import itertools
import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from futurecommunity.lifecircle.engine.graph import SnappedPoints, build_graph
from futurecommunity.lifecircle.engine.siting import (
    SitingProblem,
    _merge_identical_rows,
    coverage_matrix,
    greedy_mclp,
    reduce_problem,
    solve_mclp,
    solve_set_cover,
)

# ----------------------------------------------------------------------------- brute force


def _value(dense: np.ndarray, weight: np.ndarray, covered: np.ndarray, subset) -> float:
    if not subset:
        return 0.0
    hit = dense[:, list(subset)].any(axis=1) & ~covered
    return float(weight[hit].sum())


def _feasible(subset, group, cost, budget, at_most_one, required) -> bool:
    gs = [int(group[j]) for j in subset]
    if at_most_one and len([g for g in gs if g >= 0]) != len({g for g in gs if g >= 0}):
        return False
    if any(g not in gs for g in required):
        return False
    if budget is not None and sum(cost[j] for j in subset) > budget + 1e-9:
        return False
    return True


def brute_mclp(dense, weight, covered, p, group, cost, budget, at_most_one, required):
    best = None
    n_c = dense.shape[1]
    for size in range(0, min(p, n_c) + 1):
        for subset in itertools.combinations(range(n_c), size):
            if not _feasible(subset, group, cost, budget, at_most_one, required):
                continue
            v = _value(dense, weight, covered, subset)
            if best is None or v > best:
                best = v
    return best


def brute_cover(dense, weight, covered, share, group, cost, budget, at_most_one, required):
    need = share * weight.sum() - weight[covered].sum()
    n_c = dense.shape[1]
    for size in range(0, n_c + 1):
        for subset in itertools.combinations(range(n_c), size):
            if not _feasible(subset, group, cost, budget, at_most_one, required):
                continue
            if _value(dense, weight, covered, subset) >= need - 1e-9:
                return size
    return None


@st.composite
def instances(draw):
    n_d = draw(st.integers(1, 14))
    n_c = draw(st.integers(1, 7))
    dense = np.array(
        draw(st.lists(st.lists(st.booleans(), min_size=n_c, max_size=n_c), min_size=n_d,
                      max_size=n_d)),
        dtype=bool,
    )  # fmt: skip
    weight = np.array(draw(st.lists(st.integers(0, 9), min_size=n_d, max_size=n_d)), float)
    covered = np.array(draw(st.lists(st.booleans(), min_size=n_d, max_size=n_d)), bool)
    group = np.array(draw(st.lists(st.integers(-1, 2), min_size=n_c, max_size=n_c)), np.int64)
    cost = np.array(draw(st.lists(st.integers(1, 5), min_size=n_c, max_size=n_c)), float)
    return dense, weight, covered, group, cost


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    instances(),
    st.integers(0, 4),
    st.booleans(),
    st.lists(st.integers(0, 2), max_size=2, unique=True),
    st.one_of(st.none(), st.integers(2, 12)),
)
def test_mclp_equals_brute_force(inst, p, at_most_one, required, budget) -> None:
    dense, weight, covered, group, cost = inst
    problem = SitingProblem.build(
        sp.csc_matrix(dense.astype(np.int8)), weight, covered=covered, cost=cost, group=group
    )
    expected = brute_mclp(dense, weight, covered, p, group, cost, budget, at_most_one, required)
    result = solve_mclp(
        problem, p, at_most_one_per_group=at_most_one, at_least_one_in_groups=required,
        budget=None if budget is None else float(budget),
    )  # fmt: skip
    if expected is None:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal" and result.gap == 0.0
    assert result.newly_covered == pytest.approx(expected)
    # the chosen plan is itself feasible and worth what it claims
    assert len(result.chosen) <= p
    assert _feasible(result.chosen, group, cost, budget, at_most_one, required)
    assert _value(dense, weight, covered, result.chosen) == pytest.approx(expected)
    assert problem.newly_covered(result.chosen) == pytest.approx(expected)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    instances(),
    st.sampled_from([0.3, 0.6, 0.9, 1.0]),
    st.booleans(),
    st.lists(st.integers(0, 2), max_size=2, unique=True),
)
def test_set_cover_equals_brute_force(inst, share, at_most_one, required) -> None:
    dense, weight, covered, group, cost = inst
    problem = SitingProblem.build(
        sp.csc_matrix(dense.astype(np.int8)), weight, covered=covered, cost=cost, group=group
    )
    expected = brute_cover(dense, weight, covered, share, group, cost, None, at_most_one, required)
    result = solve_set_cover(
        problem, share, at_most_one_per_group=at_most_one, at_least_one_in_groups=required
    )
    if expected is None:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal", result
    assert len(result.chosen) == expected
    assert _feasible(result.chosen, group, cost, None, at_most_one, required)
    need = share * weight.sum() - weight[covered].sum()
    assert _value(dense, weight, covered, result.chosen) >= need - 1e-9


@settings(max_examples=100, deadline=None)
@given(instances(), st.integers(1, 4))
def test_reductions_keep_the_optimum(inst, p) -> None:
    dense, weight, covered, group, cost = inst
    problem = SitingProblem.build(sp.csc_matrix(dense.astype(np.int8)), weight, covered=covered)
    with_red = solve_mclp(problem, p, reductions=True)
    without = solve_mclp(problem, p, reductions=False)
    assert with_red.newly_covered == pytest.approx(without.newly_covered)
    # and the greedy never beats the optimum
    assert problem.newly_covered(greedy_mclp(problem, p)) <= with_red.newly_covered + 1e-9


# ----------------------------------------------------------------------------- reductions


def test_identical_rows_are_merged_with_summed_weights() -> None:
    rows = [[1, 0, 1], [0, 1, 0], [1, 0, 1], [1, 0, 1], [0, 1, 1]]
    csr = sp.csr_matrix(np.array(rows, np.int8))
    merged, w = _merge_identical_rows(csr, np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    got = sorted(zip(map(tuple, merged.toarray().tolist()), w.tolist(), strict=True))
    assert got == [((0, 1, 0), 2.0), ((0, 1, 1), 5.0), ((1, 0, 1), 8.0)]


def test_reduction_counts_drops_merges_and_dominance() -> None:
    # candidate 0 covers {0,1}; 1 covers {0,1,2} (dominates 0); 2 covers {3}; 3 covers {3}
    # (equal to 2: the higher index goes); point 4 is covered by nobody; point 5 already
    # covered; points 0 and 1 have the same coverage set and merge.
    dense = np.zeros((6, 4), np.int8)
    dense[[0, 1], 0] = 1
    dense[[0, 1, 2], 1] = 1
    dense[3, 2] = dense[3, 3] = 1
    dense[5, 1] = 1
    covered = np.array([0, 0, 0, 0, 0, 1], bool)
    problem = SitingProblem.build(sp.csc_matrix(dense), np.ones(6), covered=covered)
    red = reduce_problem(problem)
    assert red.demand_dropped == 2  # points 4 (uncoverable) and 5 (already covered)
    assert red.demand_merged == 1
    assert red.candidates.tolist() == [1, 2]
    assert red.candidates_dominated == 2
    assert sorted(red.weight.tolist()) == [1.0, 1.0, 2.0]


def test_dominance_respects_groups_and_costs() -> None:
    dense = np.array([[1, 1], [0, 1]], np.int8)  # 0 subset of 1
    base = SitingProblem.build(sp.csc_matrix(dense), [1, 1], group=[0, 1], cost=[1, 5])
    assert reduce_problem(base).candidates.tolist() == [1]
    assert reduce_problem(base, grouped=True).candidates.tolist() == [0, 1]
    assert reduce_problem(base, costed=True).candidates.tolist() == [0, 1]
    # a required group whose only site covers nothing new keeps that site
    empty = SitingProblem.build(sp.csc_matrix(np.array([[0, 1]], np.int8)), [1], group=[0, 1])
    result = solve_mclp(empty, 2, at_least_one_in_groups=[0, 1])
    assert result.chosen == (0, 1) and result.newly_covered == 1.0


def test_missing_required_group_is_infeasible() -> None:
    problem = SitingProblem.build(sp.csc_matrix(np.eye(2, dtype=np.int8)), [1, 1], group=[0, 0])
    assert solve_mclp(problem, 2, at_least_one_in_groups=[1]).status == "infeasible"


def test_time_limit_returns_best_plan_with_certified_gap() -> None:
    rng = np.random.default_rng(3)
    dense = (rng.random((3000, 300)) < 0.02).astype(np.int8)
    problem = SitingProblem.build(sp.csc_matrix(dense), rng.integers(1, 50, 3000))
    result = solve_mclp(problem, 15, time_limit_s=0.01)
    assert len(result.chosen) <= 15
    assert result.newly_covered == pytest.approx(problem.newly_covered(result.chosen))
    assert result.newly_covered >= result.greedy_objective - 1e-9
    assert result.bound >= result.newly_covered
    assert result.gap == pytest.approx((result.bound - result.objective) / result.bound)
    if result.status == "time_limit":
        assert result.gap > 0


# ----------------------------------------------------------------------------- coverage


def test_coverage_matrix_from_bounded_searches() -> None:
    # 0 --100-- 1 --100-- 2 --100-- 3 --200-- 4
    graph, _ = build_graph(
        node_ids=[0, 1, 2, 3, 4], x=[0, 100, 200, 300, 500], y=[0, 0, 0, 0, 0],
        edge_u=[0, 1, 2, 3], edge_v=[1, 2, 3, 4], edge_length=[100.0, 100.0, 100.0, 200.0],
        crs="EPSG:4549",
    )  # fmt: skip
    demand = SnappedPoints(np.array([0, 1, 2, 3, 4, -1]), np.array([0, 5, 0, 0, 20, 0.0]))
    sites = SnappedPoints(np.array([1, 4, -1]), np.array([10.0, 0.0, 0.0]))
    cover = coverage_matrix(graph, demand, sites, 210.0).toarray()
    # site 0 at node 1 (+10): d to 0 = 110, to 1 = 15, to 2 = 110, to 3 = 210, to 4 = 430
    assert cover[:, 0].tolist() == [1, 1, 1, 1, 0, 0]
    # site 1 at node 4: to 3 = 200, to 4 = 20
    assert cover[:, 1].tolist() == [0, 0, 0, 1, 1, 0]
    assert cover[:, 2].tolist() == [0] * 6
    single = coverage_matrix(graph, demand, sites, 210.0, threads=1).toarray()
    assert (single == cover).all()


def test_siting_imports_without_django() -> None:
    code = (
        "import sys\n"
        "import futurecommunity.lifecircle.engine.siting\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django']\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
