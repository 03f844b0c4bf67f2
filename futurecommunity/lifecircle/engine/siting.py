"""Exact facility siting: maximal coverage (MCLP) and (partial) set cover, solved with HiGHS.

Pure Python + numpy/scipy/numba + highspy; nothing from Django. The Django layer
(``futurecommunity.centres``) feeds it arrays and stores what it returns.

Data model (all indices are positions in the arrays given):

* demand points ``i`` with weight ``w_i`` (population) and a flag "already covered" (an
  existing facility serves it, so opening a site there gains nothing);
* candidate sites ``j`` with an optional cost and an optional group (the community the
  site belongs to);
* the coverage matrix ``A`` (demand x candidates, CSC, 0/1): ``A[i, j] = 1`` when the
  walking distance from site ``j`` to point ``i`` is within the radius. It comes from
  :func:`coverage_matrix` (bounded network searches, one per site) or from the caller.

Formulations (``x_j`` binary = open site ``j``; ``y_i`` in [0, 1] = point ``i`` covered;
``y`` may be continuous because, for fixed binary ``x``, ``y_i = min(1, sum_j A_ij x_j)``
is 0 or 1 at the optimum)::

    MCLP:       max sum_i w_i y_i   s.t.  y_i <= sum_j A_ij x_j,  sum_j x_j <= p
    set cover:  min sum_j x_j       s.t.  y_i <= sum_j A_ij x_j,  sum_i w_i y_i >= T

plus, optionally, ``sum_{j in g} x_j <= 1`` (at most one per community),
``sum_{j in g} x_j >= 1`` for the listed groups (at least one) and ``sum_j c_j x_j <= B``
(budget). The model is handed to HiGHS as CSC arrays (no modelling layer).

Reductions applied before the solve, each provably optimum-preserving:

1. demand already covered, with weight 0, or covered by no candidate is dropped (it
   contributes a constant 0 to "newly covered");
2. demand points with identical coverage sets are merged, their weights summed (the
   merged ``y`` takes the common value ``min(1, sum_j A_ij x_j)``);
3. a candidate ``j`` whose coverage set is a subset of that of ``k`` is removed when ``k``
   is at least as good in every other respect (same group, cost not higher; for equal
   sets the lower index is kept). Any solution using ``j`` can swap ``j`` for ``k`` (or drop
   ``j`` if ``k`` is already open) without covering less, breaking a constraint or
   opening more sites.

A lazy-greedy solution is given to HiGHS as the starting incumbent. The answer always
carries the certified optimality gap ``(bound - value) / bound`` (0 = proven optimal); a
time limit returns the best plan found with its gap.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numba as nb
import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from . import kernels
from .errors import EngineError
from .graph import SnappedPoints, StreetGraph

__all__ = [
    "Reduction",
    "SitingProblem",
    "SitingResult",
    "coverage_matrix",
    "greedy_mclp",
    "greedy_set_cover",
    "reduce_problem",
    "solve_mclp",
    "solve_set_cover",
]

MAX_CANDIDATES = 50_000
MAX_DEMAND = 20_000_000


# --------------------------------------------------------------------------- coverage sets


@nb.njit(nogil=True, cache=True)
def _coverage_pairs(  # type: ignore[no-untyped-def]
    indptr, indices, weights, cand_node, cand_snap, origin_ptr, origin_ids, origin_snap, radius
):
    """Per candidate, the origins within ``radius`` (snap + network + snap). Returns CSC
    arrays (``col_ptr``, ``row_ids``) over candidates; rows sorted within each column."""
    n_nodes = indptr.shape[0] - 1
    dist = np.full(n_nodes, np.inf)
    done = np.zeros(n_nodes, np.bool_)
    touched = np.empty(n_nodes, np.int64)
    keys = np.empty(1024, np.float64)
    vals = np.empty(1024, np.int64)
    n_cand = cand_node.shape[0]
    col_ptr = np.zeros(n_cand + 1, np.int64)
    out = np.empty(max(1024, 64 * n_cand), np.int64)
    used = 0
    for s in range(n_cand):
        start = used
        if cand_node[s] >= 0 and cand_snap[s] <= radius:
            n_touched, keys, vals = kernels._bounded_ball(
                indptr, indices, weights, cand_node[s], cand_snap[s], radius,
                dist, done, touched, keys, vals,
            )  # fmt: skip
            for t in range(n_touched):
                node = touched[t]
                d = dist[node]
                for k in range(origin_ptr[node], origin_ptr[node + 1]):
                    o = origin_ids[k]
                    if d + origin_snap[o] <= radius:
                        if used == out.shape[0]:
                            grown = np.empty(2 * out.shape[0], np.int64)
                            grown[:used] = out[:used]
                            out = grown
                        out[used] = o
                        used += 1
                dist[node] = np.inf
                done[node] = False
            out[start:used].sort()
        col_ptr[s + 1] = used
    return col_ptr, out[:used].copy()


def coverage_matrix(
    graph: StreetGraph,
    demand: SnappedPoints,
    candidates: SnappedPoints,
    radius_m: float,
    *,
    threads: int = 2,
) -> sp.csc_matrix:
    """Demand x candidate 0/1 matrix (CSC, int8): 1 where snap(site) + network distance +
    snap(point) <= ``radius_m``. One bounded Dijkstra per candidate; memory is linear in the
    number of (site, point) pairs found, never demand x candidates."""
    if not radius_m > 0:
        raise EngineError("radius must be positive")
    n_d = demand.node.shape[0]
    n_c = candidates.node.shape[0]
    if n_c > MAX_CANDIDATES or n_d > MAX_DEMAND:
        raise EngineError("siting instance too large")
    order = np.argsort(np.where(demand.node >= 0, demand.node, graph.n_nodes), kind="stable")
    snapped = demand.node[order] >= 0
    ids = order[snapped].astype(np.int64)
    origin_ptr = np.zeros(graph.n_nodes + 1, np.int64)
    np.add.at(origin_ptr, demand.node[ids] + 1, 1)
    origin_ptr = np.cumsum(origin_ptr)
    snap = np.ascontiguousarray(demand.distance, dtype=np.float64)
    chunks = np.array_split(np.arange(n_c), max(1, min(threads, n_c)))

    def run(chunk: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        return _coverage_pairs(  # type: ignore[no-any-return]
            graph.indptr, graph.indices, graph.weights,
            np.ascontiguousarray(candidates.node[chunk]),
            np.ascontiguousarray(candidates.distance[chunk], dtype=np.float64),
            origin_ptr, ids, snap, float(radius_m),
        )  # fmt: skip

    if len(chunks) == 1:
        parts = [run(chunks[0])]
    else:
        with ThreadPoolExecutor(len(chunks)) as pool:
            parts = list(pool.map(run, chunks))
    ptrs = [parts[0][0]]
    offset = parts[0][0][-1]
    for ptr, _ in parts[1:]:
        ptrs.append(ptr[1:] + offset)
        offset += ptr[-1]
    indptr = np.concatenate(ptrs)
    rows = np.concatenate([p[1] for p in parts])
    data = np.ones(rows.shape[0], np.int8)
    return sp.csc_matrix((data, rows, indptr), shape=(n_d, n_c))


# --------------------------------------------------------------------------- problem


@dataclass(frozen=True, eq=False)
class SitingProblem:
    """One siting instance. ``cover`` is demand x candidates (any scipy sparse, 0/1);
    ``weight`` per demand point; ``covered`` marks points an existing facility already
    serves; ``cost`` per candidate (None = not used); ``group`` per candidate (-1 = none)."""

    cover: sp.csc_matrix
    weight: NDArray[np.float64]
    covered: NDArray[np.bool_] | None = None
    cost: NDArray[np.float64] | None = None
    group: NDArray[np.int64] | None = None

    @classmethod
    def build(
        cls,
        cover: sp.spmatrix | sp.sparray,
        weight: ArrayLike,
        *,
        covered: ArrayLike | None = None,
        cost: ArrayLike | None = None,
        group: ArrayLike | None = None,
    ) -> SitingProblem:
        matrix = sp.csc_matrix(cover, dtype=np.int8)
        matrix.data[:] = 1
        matrix.sum_duplicates()
        matrix.sort_indices()
        n_d, n_c = matrix.shape
        w = np.asarray(weight, dtype=np.float64).ravel()
        if w.shape[0] != n_d:
            raise EngineError("one weight per demand point is required")
        if np.any(~np.isfinite(w)) or np.any(w < 0):
            raise EngineError("weights must be finite and non-negative")
        cov = None if covered is None else np.asarray(covered, dtype=bool).ravel()
        if cov is not None and cov.shape[0] != n_d:
            raise EngineError("one covered flag per demand point is required")
        c = None if cost is None else np.asarray(cost, dtype=np.float64).ravel()
        if c is not None and (c.shape[0] != n_c or np.any(~np.isfinite(c)) or np.any(c < 0)):
            raise EngineError("one finite non-negative cost per candidate is required")
        g = None if group is None else np.asarray(group, dtype=np.int64).ravel()
        if g is not None and g.shape[0] != n_c:
            raise EngineError("one group per candidate is required")
        return cls(matrix, w, cov, c, g)

    @property
    def n_demand(self) -> int:
        return int(self.cover.shape[0])

    @property
    def n_candidates(self) -> int:
        return int(self.cover.shape[1])

    def newly_covered(self, chosen: Sequence[int]) -> float:
        """Weight of the points not already covered that the chosen sites cover."""
        if len(chosen) == 0:
            return 0.0
        hit = np.asarray(self.cover[:, list(chosen)].sum(axis=1)).ravel() > 0
        if self.covered is not None:
            hit &= ~self.covered
        return float(self.weight[hit].sum())


@dataclass(frozen=True, eq=False)
class Reduction:
    """The reduced instance and how to map it back. ``demand_rows`` / ``candidates`` are
    the original indices kept (a merged demand row lists its representative)."""

    cover: sp.csc_matrix
    weight: NDArray[np.float64]
    candidates: NDArray[np.int64]
    cost: NDArray[np.float64] | None
    group: NDArray[np.int64] | None
    demand_in: int
    demand_dropped: int
    demand_merged: int
    candidates_dominated: int


def _merge_identical_rows(
    csr: sp.csr_matrix, weight: NDArray[np.float64]
) -> tuple[sp.csr_matrix, NDArray[np.float64]]:
    """Merge rows with identical (sorted) column sets, summing weights. Rows are grouped by
    two independent 64-bit hashes, then every row is compared element by element with its
    group's representative; a row that differs (hash collision) stays on its own."""
    n = csr.shape[0]
    if n == 0:
        return csr, weight
    rng = np.random.default_rng(0x51717)
    n_cols = csr.shape[1]
    r1 = rng.integers(1, 2**63 - 1, size=n_cols, dtype=np.uint64)
    r2 = rng.integers(1, 2**63 - 1, size=n_cols, dtype=np.uint64)
    row_of = np.repeat(np.arange(n), np.diff(csr.indptr))
    with np.errstate(over="ignore"):
        h1 = np.zeros(n, np.uint64)
        h2 = np.zeros(n, np.uint64)
        np.add.at(h1, row_of, r1[csr.indices])
        np.add.at(h2, row_of, r2[csr.indices])
    lengths = np.diff(csr.indptr)
    order = np.lexsort((h2, h1, lengths))
    s_len, s_h1, s_h2 = lengths[order], h1[order], h2[order]
    new_group = np.ones(n, bool)
    new_group[1:] = (s_len[1:] != s_len[:-1]) | (s_h1[1:] != s_h1[:-1]) | (s_h2[1:] != s_h2[:-1])
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(n), 0))
    rep = np.empty(n, np.int64)
    rep[order] = order[group_start]
    # exact check: each row against its representative
    candidates = np.nonzero(rep != np.arange(n))[0]
    if candidates.size:
        ln = lengths[candidates]
        pos_row = np.repeat(csr.indptr[candidates], ln) + _ranges(ln)
        pos_rep = np.repeat(csr.indptr[rep[candidates]], ln) + _ranges(ln)
        differs = csr.indices[pos_row] != csr.indices[pos_rep]
        bad = np.zeros(candidates.size, bool)
        if differs.any():
            owner = np.repeat(np.arange(candidates.size), ln)
            bad[np.unique(owner[differs])] = True
        rep[candidates[bad]] = candidates[bad]
    keep = np.nonzero(rep == np.arange(n))[0]
    index_of = np.full(n, -1, np.int64)
    index_of[keep] = np.arange(keep.size)
    merged_weight = np.zeros(keep.size, np.float64)
    np.add.at(merged_weight, index_of[rep], weight)
    return csr[keep], merged_weight


def _ranges(lengths: NDArray[np.int64]) -> NDArray[np.int64]:
    """Concatenated ``arange(l)`` for each ``l`` in ``lengths``."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    starts = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) - np.repeat(starts, lengths)


def _dominated(
    csc: sp.csc_matrix,
    cost: NDArray[np.float64] | None,
    group: NDArray[np.int64] | None,
) -> NDArray[np.bool_]:
    """Candidates whose coverage is a subset of another's that is no worse (see module doc).

    ``k`` dominates ``j`` when cover(j) is a subset of cover(k), cost(k) <= cost(j) and (when
    groups are constrained) group(k) == group(j); between candidates that dominate each
    other (equal sets and costs) the lowest index is kept. The candidate that is maximal in
    this order, lowest index first, is never removed, so every removed one has a kept
    dominator (dominance is transitive)."""
    n_c = csc.shape[1]
    size = np.diff(csc.indptr).astype(np.int64)
    c = np.zeros(n_c) if cost is None else cost
    g = np.zeros(n_c, np.int64) if group is None else group
    dominated = np.zeros(n_c, bool)
    # empty coverage: dominated by the cheapest (lowest index) candidate of its class
    empty = np.nonzero(size == 0)[0]
    if empty.size:
        order = np.lexsort((np.arange(n_c), c, g))
        first = np.ones(n_c, bool)
        first[1:] = g[order][1:] != g[order][:-1]
        best_of_class = dict(zip(g[order][first].tolist(), order[first].tolist(), strict=True))
        for j in empty.tolist():
            if best_of_class[int(g[j])] != j:
                dominated[j] = True
    b = csc.astype(np.int32)
    overlap = (b.T @ b).tocoo()
    j, k, common = overlap.row, overlap.col, overlap.data
    mask = (j != k) & (common == size[j]) & (c[k] <= c[j]) & (g[k] == g[j])
    mutual = mask & (size[k] == size[j]) & (c[k] == c[j])
    mask &= ~mutual | (k < j)
    dominated[np.unique(j[mask])] = True
    return dominated


def reduce_problem(
    problem: SitingProblem,
    *,
    dominance: bool = True,
    grouped: bool = False,
    costed: bool = False,
) -> Reduction:
    """Apply the three safe reductions (see module doc)."""
    n_d = problem.n_demand
    cover = problem.cover
    weight = problem.weight
    live = weight > 0
    if problem.covered is not None:
        live &= ~problem.covered
    hits = np.diff(cover.tocsr().indptr) > 0
    live &= hits
    csr = cover.tocsr()[live]
    csr.sort_indices()
    w = weight[live]
    n_live = csr.shape[0]
    csr, w = _merge_identical_rows(csr, w)
    csc = csr.tocsc()
    csc.sort_indices()
    candidates = np.arange(problem.n_candidates, dtype=np.int64)
    cost, group = problem.cost, problem.group
    n_dom = 0
    if dominance and problem.n_candidates > 1:
        dom = _dominated(csc, cost if costed else None, group if grouped else None)
        n_dom = int(dom.sum())
        keep = np.nonzero(~dom)[0]
        csc = csc[:, keep]
        candidates = candidates[keep]
        cost = None if cost is None else cost[keep]
        group = None if group is None else group[keep]
    return Reduction(
        cover=csc,
        weight=w,
        candidates=candidates,
        cost=cost,
        group=group,
        demand_in=n_d,
        demand_dropped=n_d - n_live,
        demand_merged=n_live - csc.shape[0],
        candidates_dominated=n_dom,
    )


# --------------------------------------------------------------------------- greedy


def _lazy_greedy(
    csc: sp.csc_matrix,
    weight: NDArray[np.float64],
    *,
    p: int,
    cost: NDArray[np.float64] | None,
    budget: float | None,
    group: NDArray[np.int64] | None,
    at_most_one: bool,
    required: Sequence[int],
    target: float | None,
) -> list[int]:
    """Lazy greedy (gains only shrink, so a stale top that is still the best after its
    refresh is the true best). Required groups first, then the best gains, until ``p``
    sites, the budget or the ``target`` weight is reached."""
    covered = np.zeros(csc.shape[0], bool)
    chosen: list[int] = []
    taken_groups: set[int] = set()
    spent = 0.0
    gained = 0.0
    indptr, indices = csc.indptr, csc.indices

    def gain(j: int) -> float:
        rows = indices[indptr[j] : indptr[j + 1]]
        return float(weight[rows[~covered[rows]]].sum())

    def take(j: int) -> None:
        nonlocal spent, gained
        rows = indices[indptr[j] : indptr[j + 1]]
        gained += float(weight[rows[~covered[rows]]].sum())
        covered[rows] = True
        chosen.append(j)
        if cost is not None:
            spent += float(cost[j])
        if group is not None:
            taken_groups.add(int(group[j]))

    def allowed(j: int) -> bool:
        if cost is not None and budget is not None and spent + float(cost[j]) > budget + 1e-9:
            return False
        if at_most_one and group is not None and group[j] >= 0 and int(group[j]) in taken_groups:
            return False
        return True

    if group is not None:
        for g in required:
            if g in taken_groups or len(chosen) >= p:
                continue
            members = np.nonzero(group == g)[0]
            options = [int(j) for j in members if allowed(int(j))]
            if options:
                take(max(options, key=gain))
    col_gain = np.asarray(csc.T @ weight, dtype=np.float64).ravel()
    heap = [(-float(col_gain[j]), int(j)) for j in range(csc.shape[1]) if j not in chosen]
    heapq.heapify(heap)
    while heap and len(chosen) < p:
        if target is not None and gained >= target - 1e-9:
            break
        _neg, j = heapq.heappop(heap)
        if not allowed(j):
            continue
        fresh = gain(j)
        if heap and fresh < -heap[0][0] - 1e-12:
            heapq.heappush(heap, (-fresh, j))
            continue
        if fresh <= 0 and target is None:
            break
        take(j)
    return chosen


def greedy_mclp(problem: SitingProblem, p: int) -> list[int]:
    """Lazy greedy MCLP on the unreduced problem (original candidate indices)."""
    red = reduce_problem(problem, dominance=False)
    picks = _lazy_greedy(
        red.cover, red.weight, p=p, cost=None, budget=None, group=None,
        at_most_one=False, required=(), target=None,
    )  # fmt: skip
    return sorted(int(red.candidates[j]) for j in picks)


def greedy_set_cover(problem: SitingProblem, target_weight: float) -> list[int]:
    red = reduce_problem(problem, dominance=False)
    picks = _lazy_greedy(
        red.cover, red.weight, p=red.cover.shape[1], cost=None, budget=None, group=None,
        at_most_one=False, required=(), target=target_weight,
    )  # fmt: skip
    return sorted(int(red.candidates[j]) for j in picks)


# --------------------------------------------------------------------------- HiGHS


@dataclass(frozen=True)
class SitingResult:
    """``chosen``: original candidate indices; ``newly_covered``: weight newly covered;
    ``objective``/``bound``: the solver's value and certified bound in the problem's sense
    (MCLP: covered weight; set cover: number of sites); ``gap`` = |bound - objective| /
    |objective| (0 = proven optimal); ``status``: "optimal", "time_limit", "infeasible"."""

    kind: str
    chosen: tuple[int, ...]
    newly_covered: float
    objective: float
    bound: float
    gap: float
    status: str
    greedy_objective: float
    seconds: float
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def proven_optimal(self) -> bool:
        return self.status == "optimal" and self.gap <= 1e-9


def _group_rows(
    group: NDArray[np.int64] | None, at_most_one: bool, required: Sequence[int]
) -> tuple[list[tuple[NDArray[np.int64], float, float]], list[int]]:
    rows: list[tuple[NDArray[np.int64], float, float]] = []
    missing: list[int] = []
    if group is None:
        if required:
            missing = list(required)
        return rows, missing
    req = set(int(g) for g in required)
    groups = set(int(g) for g in np.unique(group) if g >= 0)
    for g in sorted(groups | req):
        members = np.nonzero(group == g)[0]
        if g in req and members.size == 0:
            missing.append(g)
            continue
        lower = 1.0 if g in req else -np.inf
        upper = 1.0 if at_most_one else np.inf
        if members.size and (lower > -np.inf or (upper < np.inf and members.size > 1)):
            rows.append((members, lower, upper))
    return rows, missing


def _solve(
    red: Reduction,
    *,
    kind: str,
    p: int,
    target: float,
    budget: float | None,
    at_most_one: bool,
    required: Sequence[int],
    warm: list[int],
    time_limit_s: float,
    mip_rel_gap: float,
    threads: int,
) -> tuple[list[int], float, float, str]:
    import highspy

    csc = red.cover
    n_d, n_c = csc.shape
    grows, _ = _group_rows(red.group, at_most_one, required)
    extra: list[tuple[NDArray[np.int64], NDArray[np.float64], float, float]] = []
    if kind == "mclp":
        extra.append((np.arange(n_c), np.ones(n_c), -np.inf, float(p)))
    else:
        pass
    for members, lo, hi in grows:
        extra.append((members, np.ones(members.size), lo, hi))
    if budget is not None and red.cost is not None:
        extra.append((np.arange(n_c), red.cost, -np.inf, float(budget)))
    n_extra = len(extra) + (1 if kind == "cover" else 0)
    n_rows = n_d + n_extra
    # x columns: -A (coverage rows) + extra rows
    x_blocks = [sp.csc_matrix((-csc.data.astype(np.float64), csc.indices, csc.indptr), (n_d, n_c))]
    ex = sp.lil_matrix((n_extra, n_c))
    for r, (members, coef, _lo, _hi) in enumerate(extra):
        ex[r, members] = coef
    x_col = sp.vstack([x_blocks[0], ex.tocsr()], format="csc")
    y_col = sp.vstack(
        [
            sp.identity(n_d, format="csc"),
            sp.csc_matrix(
                (red.weight, (np.full(n_d, n_extra - 1), np.arange(n_d))), shape=(n_extra, n_d)
            )
            if kind == "cover"
            else sp.csc_matrix((n_extra, n_d)),
        ],
        format="csc",
    )
    a = sp.hstack([x_col, y_col], format="csc")
    a.sort_indices()
    row_lower = np.full(n_rows, -np.inf)
    row_upper = np.zeros(n_rows)
    for r, (_m, _c, lo, hi) in enumerate(extra):
        row_lower[n_d + r] = lo
        row_upper[n_d + r] = hi
    if kind == "cover":
        row_lower[-1] = target
        row_upper[-1] = np.inf
        col_cost = np.concatenate([np.ones(n_c), np.zeros(n_d)])
        sense = highspy.ObjSense.kMinimize
    else:
        col_cost = np.concatenate([np.zeros(n_c), red.weight])
        sense = highspy.ObjSense.kMaximize
    integrality = np.concatenate([np.ones(n_c, np.int32), np.zeros(n_d, np.int32)])
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit_s))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    h.setOptionValue("mip_abs_gap", 1e-9 if mip_rel_gap == 0 else 1e-6)
    h.setOptionValue("threads", int(threads))
    h.setOptionValue("random_seed", 1)
    h.passModel(
        n_c + n_d,
        n_rows,
        int(a.nnz),
        int(highspy.MatrixFormat.kColwise),
        int(sense),
        0.0,
        col_cost,
        np.zeros(n_c + n_d),
        np.ones(n_c + n_d),
        row_lower,
        row_upper,
        a.indptr.astype(np.int32),
        a.indices.astype(np.int32),
        a.data.astype(np.float64),
        integrality,
    )
    if warm:
        x = np.zeros(n_c)
        x[warm] = 1.0
        hits = np.asarray(csc[:, warm].sum(axis=1)).ravel() if warm else np.zeros(n_d)
        y = np.minimum(hits, 1.0)
        start = np.concatenate([x, y])
        h.setSolution(int(start.size), np.arange(start.size, dtype=np.int32), start)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    if status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        return [], 0.0, 0.0, "infeasible"
    values = np.asarray(h.getSolution().col_value)
    if values.size < n_c:
        return list(warm), float("nan"), float(info.mip_dual_bound), "time_limit"
    chosen = [int(j) for j in np.nonzero(values[:n_c] > 0.5)[0]]
    label = "optimal" if status == highspy.HighsModelStatus.kOptimal else "time_limit"
    return chosen, float(info.objective_function_value), float(info.mip_dual_bound), label


def _trivial_bound(red: Reduction, p: int) -> float:
    """Certified MCLP bound: all coverable weight, and the p largest site totals."""
    col = np.sort(np.asarray(red.cover.T @ red.weight).ravel())[::-1]
    return float(min(col[:p].sum(), red.weight.sum()))


def _covered_weight(csc: sp.csc_matrix, weight: NDArray[np.float64], picks: Sequence[int]) -> float:
    if not picks:
        return 0.0
    hit = np.asarray(csc[:, list(picks)].sum(axis=1)).ravel() > 0
    return float(weight[hit].sum())


def _check_required(problem: SitingProblem, required: Sequence[int]) -> None:
    if required and problem.group is None:
        raise EngineError("groups are required for at-least-one constraints")


def solve_mclp(
    problem: SitingProblem,
    p: int,
    *,
    at_most_one_per_group: bool = False,
    at_least_one_in_groups: Sequence[int] = (),
    budget: float | None = None,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 0.0,
    threads: int = 2,
    reductions: bool = True,
) -> SitingResult:
    """At most ``p`` sites covering the most weight not yet covered."""
    if p < 0:
        raise EngineError("p must be non-negative")
    _check_required(problem, at_least_one_in_groups)
    return _run(
        problem, "mclp", p=p, target=0.0, budget=budget, at_most_one=at_most_one_per_group,
        required=at_least_one_in_groups, time_limit_s=time_limit_s, mip_rel_gap=mip_rel_gap,
        threads=threads, reductions=reductions,
    )  # fmt: skip


def solve_set_cover(
    problem: SitingProblem,
    target_share: float,
    *,
    at_most_one_per_group: bool = False,
    at_least_one_in_groups: Sequence[int] = (),
    budget: float | None = None,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 0.0,
    threads: int = 2,
    reductions: bool = True,
) -> SitingResult:
    """Fewest sites such that the covered share of all demand weight (already covered
    included) reaches ``target_share``."""
    if not 0.0 <= target_share <= 1.0:
        raise EngineError("target share must be between 0 and 1")
    _check_required(problem, at_least_one_in_groups)
    total = float(problem.weight.sum())
    already = 0.0 if problem.covered is None else float(problem.weight[problem.covered].sum())
    need = max(0.0, target_share * total - already)
    return _run(
        problem, "cover", p=problem.n_candidates, target=need, budget=budget,
        at_most_one=at_most_one_per_group, required=at_least_one_in_groups,
        time_limit_s=time_limit_s, mip_rel_gap=mip_rel_gap, threads=threads,
        reductions=reductions,
    )  # fmt: skip


def _run(
    problem: SitingProblem,
    kind: str,
    *,
    p: int,
    target: float,
    budget: float | None,
    at_most_one: bool,
    required: Sequence[int],
    time_limit_s: float,
    mip_rel_gap: float,
    threads: int,
    reductions: bool,
) -> SitingResult:
    t0 = time.perf_counter()
    red = reduce_problem(
        problem,
        dominance=reductions,
        grouped=bool(at_most_one or len(required)),
        costed=budget is not None,
    )
    t_reduce = time.perf_counter() - t0
    _rows, missing = _group_rows(red.group, at_most_one, required)
    stats = {
        "demand_in": float(red.demand_in),
        "demand_dropped": float(red.demand_dropped),
        "demand_merged": float(red.demand_merged),
        "demand_in_model": float(red.cover.shape[0]),
        "candidates_in": float(problem.n_candidates),
        "candidates_dominated": float(red.candidates_dominated),
        "candidates_in_model": float(red.cover.shape[1]),
        "reduce_s": t_reduce,
    }
    if missing:
        return SitingResult(kind, (), 0.0, float("nan"), float("nan"), float("nan"),
                            "infeasible", 0.0, time.perf_counter() - t0, stats)  # fmt: skip
    warm = _lazy_greedy(
        red.cover, red.weight, p=p, cost=red.cost, budget=budget, group=red.group,
        at_most_one=at_most_one, required=required,
        target=target if kind == "cover" else None,
    )  # fmt: skip
    greedy_value = _covered_weight(red.cover, red.weight, warm)
    greedy_obj = greedy_value if kind == "mclp" else float(len(warm))
    if kind == "cover" and greedy_value < target - 1e-9:
        warm = []  # greedy did not reach the target; let HiGHS decide feasibility
    stats["greedy_s"] = time.perf_counter() - t0 - t_reduce
    if kind == "mclp" and p == 0 and not required:
        chosen: list[int] = []
        obj = bound = 0.0
        label = "optimal"
    elif kind == "cover" and target <= 0 and not required:
        chosen, obj, bound, label = [], 0.0, 0.0, "optimal"
    elif kind == "mclp" and warm and not required and greedy_value >= _trivial_bound(red, p) - 1e-9:
        # the greedy plan already reaches a certified upper bound: it is optimal
        chosen, obj, bound, label = list(warm), greedy_value, greedy_value, "optimal"
    else:
        chosen, obj, bound, label = _solve(
            red, kind=kind, p=p, target=target, budget=budget, at_most_one=at_most_one,
            required=required, warm=warm, time_limit_s=time_limit_s,
            mip_rel_gap=mip_rel_gap, threads=threads,
        )  # fmt: skip
    if label == "infeasible":
        return SitingResult(kind, (), 0.0, float("nan"), float("nan"), float("nan"),
                            "infeasible", greedy_obj, time.perf_counter() - t0, stats)  # fmt: skip
    value = _covered_weight(red.cover, red.weight, chosen)
    if label != "optimal" and warm:
        # keep whichever is better: HiGHS's incumbent or the greedy start
        warm_value = _covered_weight(red.cover, red.weight, warm)
        if (kind == "mclp" and warm_value > value) or (
            kind == "cover" and (value < target - 1e-9 or len(warm) < len(chosen))
        ):
            chosen, value = list(warm), warm_value
    obj = value if kind == "mclp" else float(len(chosen))
    if kind == "mclp":
        if not np.isfinite(bound):
            bound = _trivial_bound(red, p)
        bound = max(bound, obj)
        gap = 0.0 if bound <= 0 else max(0.0, (bound - obj) / bound)
    else:
        bound = min(bound, obj) if np.isfinite(bound) else (1.0 if obj > 0 else 0.0)
        bound = float(np.ceil(bound - 1e-6))  # the count is an integer
        gap = 0.0 if obj <= 0 else max(0.0, (obj - bound) / obj)
    if gap <= 1e-9:
        gap = 0.0
        label = "optimal"
    original = tuple(sorted(int(red.candidates[j]) for j in chosen))
    stats["total_s"] = time.perf_counter() - t0
    return SitingResult(
        kind=kind,
        chosen=original,
        newly_covered=value,
        objective=obj,
        bound=bound,
        gap=gap,
        status=label,
        greedy_objective=greedy_obj,
        seconds=time.perf_counter() - t0,
        stats=stats,
    )
