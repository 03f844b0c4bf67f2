"""Life-circle accessibility benchmark: the engine side by side with pandana, cityseer,
networkx and scipy.sparse.csgraph, then synthetic lattices for the engine alone.

Install the benchmark dependencies first (the script installs nothing itself)::

    pip install -r bench/requirements.txt
    python bench/accessibility.py                 # all, writes docs/benchmarks.md
    python bench/accessibility.py --networks helsinki --lattices "" --out -

Task (same for every library): origins = every node; 350 facilities in 7 types on random
nodes (seed 42); nearest facility per type capped at 1000 m; counts within 300/500/800/
1000 m. Each library runs in its own subprocess so that its peak RSS is its own. Results
are checked against the engine: nearest within 5 m, counts exact.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import _networks  # noqa: E402
import numpy as np  # noqa: E402

from futurecommunity.lifecircle.engine.graph import StreetGraph  # noqa: E402

LIBRARIES = ("engine", "pandana", "cityseer", "networkx", "scipy")
PACKAGES = {
    "engine": "numba",
    "pandana": "pandana",
    "cityseer": "cityseer",
    "networkx": "networkx",
    "scipy": "scipy",
}
NETWORKS = {"coquimbo": _networks.coquimbo, "helsinki": _networks.helsinki}
WORKER_TIMEOUT_S = 1800
RESULT_MARK = "BENCH-RESULT "
LOAD_AT_START = "/".join(f"{x:.2f}" for x in os.getloadavg())


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _warm_median(times: list[float]) -> float:
    """Median of the runs after the first (the first pays one-off costs: JIT cache load,
    lazily built indexes); it is reported separately."""
    return statistics.median(times[1:] if len(times) > 1 else times)


def _run_repeated(run: object, repeat: int) -> tuple[list[float], tuple]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return times, result  # type: ignore[return-value]


def worker_library(library: str, workdir: Path, network: str, repeat: int) -> dict:
    import _runners

    graph = StreetGraph.load(workdir / f"{network}.npz")
    with np.load(workdir / f"{network}-task.npz") as data:
        task = _networks.Task(data["node"], data["type"])
    base = _peak_rss_mb()
    prepared = _runners.RUNNERS[library](graph, task)
    times, (nearest, counts) = _run_repeated(prepared.run, repeat)
    times = [t + prepared.task_overhead_s for t in times]
    np.savez(workdir / f"{network}-{library}.npz", nearest=nearest, counts=counts)
    return {
        "build_s": prepared.build_s,
        "first_s": times[0],
        "median_s": _warm_median(times),
        "best_s": min(times[1:] or times),
        "peak_mb": _peak_rss_mb(),
        "base_mb": base,
        "threads": prepared.threads,
    }


def worker_lattice(n_nodes: int, repeat: int) -> dict:
    from futurecommunity.lifecircle.engine import SnappedPoints, build_graph, compute_accessibility

    ids, x, y, u, v, length = _networks.lattice_edges(n_nodes)
    base = _peak_rss_mb()
    start = time.perf_counter()
    graph, _ = build_graph(ids, x, y, u, v, length, crs="EPSG:4549")
    build_s = time.perf_counter() - start
    del ids, x, y, u, v, length
    task = _networks.make_task(graph.n_nodes)
    origins = SnappedPoints(np.arange(graph.n_nodes), np.zeros(graph.n_nodes))
    facilities = {
        name: SnappedPoints(task.nodes_of(t), np.zeros(task.nodes_of(t).shape[0]))
        for t, name in enumerate(_networks.FACILITY_TYPES)
    }
    runs = {}
    for label, cap in (("capped", _networks.NEAREST_CAP_M), ("unbounded", None)):
        times, _ = _run_repeated(
            lambda cap=cap: compute_accessibility(
                graph, origins, facilities, radii_m=_networks.RADII,
                walking_speed_m_per_min=60.0, max_distance_m=cap, workers=2,
            ),
            repeat,
        )  # fmt: skip
        runs[label] = {
            "first_s": times[0],
            "median_s": _warm_median(times),
            "best_s": min(times[1:] or times),
        }
    return {"nodes": graph.n_nodes, "edges": graph.n_edges, "build_s": build_s,
            "runs": runs, "peak_mb": _peak_rss_mb(), "base_mb": base}  # fmt: skip


def _spawn(args: list[str]) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=WORKER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {WORKER_TIMEOUT_S} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {done.returncode}: {tail}"}
    return json.loads(lines[-1][len(RESULT_MARK) :])


def _agreement(workdir: Path, network: str, library: str) -> tuple[float, float]:
    with (
        np.load(workdir / f"{network}-engine.npz") as ref,
        np.load(workdir / f"{network}-{library}.npz") as other,
    ):
        a, b = ref["nearest"], other["nearest"]
        both_inf = np.isinf(a) & np.isinf(b)
        close = both_inf | (np.abs(np.where(both_inf, 0, a - b)) <= 5.0)
        counts = ref["counts"] == other["counts"]
    return float(close.mean() * 100), float(counts.mean() * 100)


def bench_network(name: str, workdir: Path, repeat: int, libraries: list[str]) -> list[dict]:
    graph = NETWORKS[name]()
    graph.save(workdir / f"{name}.npz")
    task = _networks.make_task(graph.n_nodes)
    np.savez(workdir / f"{name}-task.npz", node=task.facility_node, type=task.facility_type)
    rows = []
    for library in libraries:
        print(f"[{name}] {library} ...", file=sys.stderr, flush=True)
        row = {"library": library, **_spawn(["--worker", library, "--workdir", str(workdir),
                                             "--network", name, "--repeat", str(repeat)])}  # fmt: skip
        if "error" not in row and library != "engine" and "error" not in rows[0]:
            row["agree_nearest"], row["agree_counts"] = _agreement(workdir, name, library)
        rows.append(row)
    return [{"network": name, "nodes": graph.n_nodes, "edges": graph.n_edges, **r} for r in rows]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _machine() -> str:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        mem_kb = int(handle.readline().split()[1])
    return (
        f'nproc {os.cpu_count()}, RAM {mem_kb / 1024 / 1024:.1f} GiB, CPU "{cpu}", '
        f"{platform.system()} {platform.release()}, CPython {platform.python_version()}"
    )


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def network_table(rows: list[dict]) -> list[str]:
    engine = rows[0]
    out = [
        f"### {rows[0]['network']} ({rows[0]['nodes']:,} nodes, {rows[0]['edges']:,} edges)",
        "",
        "| library | threads | build s | task s best / median / first | build + best task s "
        "| peak RSS MB (base) | time vs engine | RSS vs engine | nearest within 5 m / counts exact |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if "error" in row:
            out.append(f"| {row['library']} | - | - | - | - | - | - | - | FAILED: {row['error']} |")
            continue
        total = row["build_s"] + row["best_s"]
        agree = "reference" if row is engine else (
            f"{row.get('agree_nearest', float('nan')):.4f} % / {row.get('agree_counts', float('nan')):.4f} %"
        )  # fmt: skip
        time_ratio = ratio_rss = "-"
        if "error" not in engine and row is not engine:
            time_ratio = f"{row['best_s'] / engine['best_s']:.1f}x"
            ratio_rss = f"{row['peak_mb'] / engine['peak_mb']:.2f}x"
        out.append(
            f"| {row['library']} | {row['threads']} | {_fmt(row['build_s'])} "
            f"| {_fmt(row['best_s'])} / {_fmt(row['median_s'])} / {_fmt(row['first_s'])} "
            f"| {_fmt(total)} "
            f"| {row['peak_mb']:.0f} ({row['base_mb']:.0f}) | {time_ratio} | {ratio_rss} | {agree} |"
        )
    return [*out, ""]


def lattice_table(rows: list[dict]) -> list[str]:
    out = [
        "| lattice target | nodes | edges | build s | nearest capped 1 km: task s best / median "
        "/ first | nearest unbounded: task s best / median / first | peak RSS MB (base) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if "error" in row:
            out.append(f"| {row['target']:,} | FAILED: {row['error']} | | | | | |")
            continue
        cap, unb = row["runs"]["capped"], row["runs"]["unbounded"]
        out.append(
            f"| {row['target']:,} | {row['nodes']:,} | {row['edges']:,} | {_fmt(row['build_s'])} "
            f"| {_fmt(cap['best_s'])} / {_fmt(cap['median_s'])} / {_fmt(cap['first_s'])} "
            f"| {_fmt(unb['best_s'])} / {_fmt(unb['median_s'])} / {_fmt(unb['first_s'])} "
            f"| {row['peak_mb']:.0f} ({row['base_mb']:.0f}) |"
        )
    return [*out, ""]


NOTES = [
    "## Notes",
    "",
    "* The engine runs one facility type per thread (2 threads); pandana (OpenMP) and "
    "cityseer (rayon) also use both cores; networkx and scipy use one.",
    "* pandana 0.8 double-counts when `precompute()` runs a second time on the same "
    "`Network`, so it is called once per worker and its time is added to every task run. "
    "Its nearest distances agree; its counts differ from the reference for a few "
    "origin/type/radius cells (not investigated further; the reference agrees exactly "
    "with networkx and scipy).",
    "* cityseer measures edge geometry, not a weight: each edge is given a two-segment "
    "LineString whose length equals the edge length. Facilities sit exactly on nodes; "
    "cityseer still assigns them to the nearest edge.",
    "* scipy computes counts from a dense facilities x nodes matrix "
    "(`dijkstra(indices=all facilities, limit=1000)`): fine for one city, infeasible at "
    "province scale (see shared/research/accessibility-anchors.md section 4).",
    "* The benchmark machine is shared with other work: the load average before and after "
    "the run is printed above. Wall times under load are pessimistic for every library.",
    "",
]


def report(network_rows: list[list[dict]], lattice_rows: list[dict], repeat: int) -> str:
    versions = ", ".join(
        f"{p} {_version(p)}"
        for p in ("numpy", "scipy", "numba", "pandana", "cityseer", "networkx", "pandas",
                  "geopandas", "osmium", "aequilibrae", "pyrosm")
    )  # fmt: skip
    lines = [
        "# Accessibility engine benchmarks",
        "",
        f"Generated by `python bench/accessibility.py` on {dt.date.today().isoformat()}.",
        "",
        f"* Machine: {_machine()}.",
        f"* Versions: {versions}.",
        f"* OPENBLAS_CORETYPE: {os.environ.get('OPENBLAS_CORETYPE', 'not set')}.",
        f"* Load average (1/5/15 min) at start: {LOAD_AT_START}; at end: "
        f"{'/'.join(f'{x:.2f}' for x in os.getloadavg())}.",
        "* Task: origins = every node; 350 facilities in 7 types on random nodes (seed 42); "
        "nearest facility per type capped at 1000 m; counts within 300/500/800/1000 m "
        f"(7 x 4 columns). Task times: best and median of runs 2..{repeat} in one process, "
        "and the first run (for the engine it includes loading the numba kernels from cache); "
        "ratios use the best run, the usual choice on a shared, noisy machine. Build = constructing the "
        "library's graph from edge arrays (pandana: contraction hierarchy; cityseer: networkx "
        "MultiGraph + `network_structure_from_nx`). Peak RSS of the library's own subprocess; "
        "base = after imports and loading the network. Ratios are library / engine.",
        "",
        "## Real networks",
        "",
    ]
    for rows in network_rows:
        lines += network_table(rows)
    if lattice_rows:
        lines += ["## SYNTHETIC lattices (engine only)", "",
                  "100 m lattice, 8 % of edges removed, largest component; same 350 facilities "
                  "and radii; engine with 2 threads.", ""]  # fmt: skip
        lines += lattice_table(lattice_rows)
    return "\n".join(lines + NOTES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worker")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--network")
    parser.add_argument("--nodes", type=int)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--networks", default="coquimbo,helsinki")
    parser.add_argument("--libraries", default=",".join(LIBRARIES))
    parser.add_argument("--lattices", default="1000000,4000000")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    if args.worker == "lattice":
        print("\n" + RESULT_MARK + json.dumps(worker_lattice(args.nodes, args.repeat)), flush=True)
    elif args.worker:
        result = worker_library(args.worker, args.workdir, args.network, args.repeat)
        print("\n" + RESULT_MARK + json.dumps(result), flush=True)
    else:
        run_all(args)


def run_all(args: argparse.Namespace) -> None:
    libraries = [name for name in args.libraries.split(",") if name]
    if libraries[0] != "engine":
        libraries = ["engine", *[name for name in libraries if name != "engine"]]
    with tempfile.TemporaryDirectory() as tmp:
        network_rows = [
            bench_network(name, Path(tmp), args.repeat, libraries)
            for name in args.networks.split(",") if name
        ]  # fmt: skip
    lattice_rows = []
    for target in [int(n) for n in args.lattices.split(",") if n]:
        print(f"[lattice {target:,}] engine ...", file=sys.stderr, flush=True)
        repeat = str(args.repeat)
        lattice_rows.append({"target": target, **_spawn(["--worker", "lattice", "--nodes",
                                                         str(target), "--repeat", repeat])})  # fmt: skip
    text = report(network_rows, lattice_rows, args.repeat)
    print(text)
    if args.out != "-":
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
