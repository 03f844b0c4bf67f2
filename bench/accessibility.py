"""Life-circle accessibility benchmark: the engine side by side with a plain numba kernel
(the "lower bound"), pandana, cityseer, networkx and scipy.sparse.csgraph; synthetic lattices
for the engine alone.

Install the benchmark dependencies first (the script installs nothing itself)::

    pip install -r bench/requirements.txt
    python bench/accessibility.py                       # everything, rewrites docs/benchmarks.md
    python bench/accessibility.py --network coquimbo --threads 1 --json   # medians as JSON

Task (same for every library): origins = every node; 350 (and 500) facilities in 7 types on
random nodes (seed 42); nearest facility per type capped at 1000 m; counts within
300/500/800/1000 m. Method:

* every library runs in its own long-lived worker process, started with its thread count
  (engine: its thread pool; pandana: OMP_NUM_THREADS; cityseer: RAYON_NUM_THREADS; the
  others are single-threaded), so that its peak RSS is its own;
* "build" = everything done once per network (graph construction, pandana's precompute,
  cityseer's network structure); "snap" = attaching the facilities to the network; both
  outside the timed task;
* "first" = the first task run in a fresh process. numba code (engine, lower bound) starts
  with an empty NUMBA_CACHE_DIR, so its first run includes compiling ("cold"); the engine is
  then also started once more on the filled cache ("first after set-up warm-up", what
  `manage.py lifecircle_warm` gives a deployment);
* warm runs: ``--repeat`` interleaved rounds (each round runs every worker once, in rotated
  order); median and minimum reported;
* ratios compare equal thread counts only; results are checked against the engine (nearest
  within 5 m, counts exact).
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

# library -> can it use more than one thread
LIBRARIES = {
    "engine": True,
    "lower_bound": False,
    "pandana": True,
    "cityseer": True,
    "networkx": False,
    "scipy": False,
}
NETWORKS = {"coquimbo": _networks.coquimbo, "helsinki": _networks.helsinki}
READY, TIME, DONE = "BENCH-READY ", "BENCH-TIME ", "BENCH-DONE "
START_TIMEOUT_S = 1800
LOAD_AT_START = os.getloadavg()
MARKER_START, MARKER_END = "<!-- accessibility:start -->", "<!-- accessibility:end -->"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


# ---------------------------------------------------------------- worker process side


def worker(args: argparse.Namespace) -> None:
    """Prepare once, then answer 'run' / 'save' / 'quit' lines on stdin."""
    import _runners

    graph = StreetGraph.load(args.workdir / f"{args.network}.npz")
    with np.load(args.workdir / f"{args.network}-{args.facilities}-task.npz") as data:
        task = _networks.Task(data["node"], data["type"])
    base = _peak_rss_mb()
    prepared = _runners.RUNNERS[args.worker](graph, task, args.threads)
    print(READY + json.dumps({"build_s": prepared.build_s, "snap_s": prepared.snap_s,
                              "threads": prepared.threads, "base_mb": base}), flush=True)  # fmt: skip
    result = None
    for line in sys.stdin:
        command = line.strip()
        if command == "run":
            cpu0, start = time.process_time(), time.perf_counter()
            result = prepared.run()
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
            print(TIME + json.dumps({"wall_s": wall, "cpu_s": cpu}), flush=True)
        elif command.startswith("save ") and result is not None:
            np.savez(command[5:], nearest=result[0], counts=result[1])
            print(DONE + json.dumps({"peak_mb": _peak_rss_mb()}), flush=True)
        elif command == "quit":
            return


# ---------------------------------------------------------------- parent side


class Worker:
    def __init__(self, library: str, threads: int, network: str, facilities: int,
                 workdir: Path, numba_cache: Path) -> None:  # fmt: skip
        self.library, self.threads = library, threads
        self.key = f"{library}@{threads}"
        env = {**os.environ, "NUMBA_CACHE_DIR": str(numba_cache)}
        for name in ("OMP_NUM_THREADS", "RAYON_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                     "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):  # fmt: skip
            env[name] = str(threads)
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", library,
                   "--threads", str(threads), "--workdir", str(workdir), "--network", network,
                   "--facilities", str(facilities)]  # fmt: skip
        self.stderr = tempfile.TemporaryFile(mode="w+")  # a file: a chatty library cannot block
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, text=True, env=env)  # fmt: skip
        self.row: dict = {"library": library, "threads_n": threads, "runs": [], "cpu": []}
        self.error: str | None = None
        info = self._expect(READY)
        if info is not None:
            self.row.update(info)

    def _expect(self, mark: str) -> dict | None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            # A library's C code may leave unterminated output before the mark.
            if mark in line:
                return json.loads(line.split(mark, 1)[1])  # type: ignore[no-any-return]
        code = self.proc.wait()
        self.stderr.seek(0)
        tail = (self.stderr.read().strip().splitlines() or ["no output"])[-1]
        self.error = f"exit {code}: {tail}"
        return None

    def send(self, command: str, mark: str) -> dict | None:
        if self.error:
            return None
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            self.error = "worker exited"
            return None
        return self._expect(mark)

    def run_once(self) -> None:
        answer = self.send("run", TIME)
        if answer:
            self.row["runs"].append(answer["wall_s"])
            self.row["cpu"].append(answer["cpu_s"])

    def close(self, save_to: Path) -> dict:
        answer = self.send(f"save {save_to}", DONE)
        if answer:
            self.row["peak_mb"] = answer["peak_mb"]
        if not self.error and self.proc.stdin is not None:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        self.proc.wait(timeout=60)
        runs = self.row.pop("runs")
        cpu = self.row.pop("cpu")
        if self.error or not runs:
            return {**self.row, "error": self.error or "no run"}
        warm = runs[1:] or runs
        return {**self.row, "first_s": runs[0], "median_s": statistics.median(warm),
                "min_s": min(warm), "rounds": len(warm),
                "cpu_median_s": statistics.median(cpu[1:] or cpu)}  # fmt: skip


def _agreement(reference: Path, other: Path) -> tuple[float, float]:
    with np.load(reference) as ref, np.load(other) as oth:
        a, b = ref["nearest"], oth["nearest"]
        both_inf = np.isinf(a) & np.isinf(b)
        with np.errstate(invalid="ignore"):
            close = both_inf | (np.abs(np.where(both_inf, 0, a - b)) <= 5.0)
        counts = ref["counts"] == oth["counts"]
    return float(close.mean() * 100), float(counts.mean() * 100)


def bench_case(network: str, graph: StreetGraph, facilities: int, threads: list[int],
               libraries: list[str], repeat: int, workdir: Path) -> dict:  # fmt: skip
    task = _networks.make_task(graph.n_nodes, facilities)
    np.savez(workdir / f"{network}-{facilities}-task.npz", node=task.facility_node,
             type=task.facility_type)  # fmt: skip
    plan = [(lib, t) for lib in libraries for t in (threads if LIBRARIES[lib] else [1])]
    plan = list(dict.fromkeys(plan))
    caches = {key: Path(tempfile.mkdtemp(dir=workdir, prefix="numba-")) for key in plan}
    workers = []
    for lib, t in plan:
        print(f"[{network} {facilities}] start {lib} ({t} thr) load {_load()}", file=sys.stderr,
              flush=True)  # fmt: skip
        workers.append(Worker(lib, t, network, facilities, workdir, caches[(lib, t)]))
    for w in workers:  # the first (cold) run of each, one after another
        w.run_once()
    for r in range(repeat):  # interleaved warm rounds, rotated order
        shift = r % len(workers)
        for w in workers[shift:] + workers[:shift]:
            w.run_once()
    rows = [w.close(workdir / f"{network}-{facilities}-{w.key}.npz") for w in workers]
    # The engine once more on the cache its first process filled: a deployment after
    # `manage.py lifecircle_warm`.
    for lib, t in plan:
        if lib != "engine":
            continue
        again = Worker(lib, t, network, facilities, workdir, caches[(lib, t)])
        again.run_once()
        row = again.close(workdir / "unused.npz")
        for target in rows:
            if target["library"] == lib and target["threads_n"] == t:
                target["first_warm_cache_s"] = row.get("first_s")
    ref = workdir / f"{network}-{facilities}-engine@{threads[0]}.npz"
    for row in rows:
        mine = workdir / f"{network}-{facilities}-{row['library']}@{row['threads_n']}.npz"
        if "error" not in row and ref.exists() and mine != ref and mine.exists():
            row["agree_nearest"], row["agree_counts"] = _agreement(ref, mine)
    return {"network": network, "nodes": graph.n_nodes, "edges": graph.n_edges,
            "facilities": facilities, "rows": rows, "load_end": _load()}  # fmt: skip


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
    load_start = _load()
    for label, cap in (("capped", _networks.NEAREST_CAP_M), ("unbounded", None)):
        times, cpus = [], []
        for _ in range(repeat):
            cpu0, start = time.process_time(), time.perf_counter()
            compute_accessibility(graph, origins, facilities, radii_m=_networks.RADII,
                                  walking_speed_m_per_min=60.0, max_distance_m=cap, workers=2)  # fmt: skip
            times.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu0)
        warm = times[1:] or times
        runs[label] = {"first_s": times[0], "median_s": statistics.median(warm), "min_s": min(warm),
                       "cpu_s": statistics.median(cpus[1:] or cpus), "n": len(times)}  # fmt: skip
    return {"nodes": graph.n_nodes, "edges": graph.n_edges, "build_s": build_s,
            "runs": runs, "peak_mb": _peak_rss_mb(), "base_mb": base,
            "load": f"{load_start} → {_load()}"}  # fmt: skip


# ---------------------------------------------------------------- report


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


def _f(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _engine_at(case: dict, threads: int) -> dict | None:
    for row in case["rows"]:
        if row["library"] == "engine" and row["threads_n"] == threads and "error" not in row:
            return row  # type: ignore[no-any-return]
    return None


def case_table(case: dict) -> list[str]:
    out = [
        f"### {case['network']} ({case['nodes']:,} nodes, {case['edges']:,} edges), "
        f"{case['facilities']} facilities",
        "",
        "| library | threads | build s | snap s | first run s (cold) | first run s, cache "
        "warmed | warm median s (min) | warm CPU s | median ÷ engine, same threads "
        "| peak RSS MB (base) | nearest within 5 m / counts exact |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in case["rows"]:
        if "error" in row:
            out.append(f"| {row['library']} | {row['threads_n']} | FAILED: {row['error']} "
                       "| | | | | | | | |")  # fmt: skip
            continue
        engine = _engine_at(case, row["threads_n"])
        ratio = "-" if engine is None or row is engine else (
            f"{row['median_s'] / engine['median_s']:.2f}x")  # fmt: skip
        agree = "reference" if "agree_nearest" not in row else (
            f"{row['agree_nearest']:.4f} % / {row['agree_counts']:.4f} %")  # fmt: skip
        out.append(
            f"| {row['library']} | {row['threads']} | {_f(row['build_s'])} | {_f(row['snap_s'])} "
            f"| {_f(row['first_s'])} | {_f(row.get('first_warm_cache_s'))} "
            f"| {_f(row['median_s'])} ({_f(row['min_s'])}) | {_f(row['cpu_median_s'])} | {ratio} "
            f"| {row.get('peak_mb', 0):.0f} ({row['base_mb']:.0f}) | {agree} |"
        )
    return [*out, ""]


def generated_notes(cases: list[dict]) -> list[str]:
    """Sentences computed from the measurements only."""
    notes = []
    for case in cases:
        label = f"{case['network']}, {case['facilities']} facilities"
        for row in case["rows"]:
            if "error" in row or row["library"] == "engine":
                continue
            engine = _engine_at(case, row["threads_n"])
            if engine is None:
                continue
            t = row["threads_n"]
            warm = row["median_s"] / engine["median_s"]
            cold_e = engine["build_s"] + engine["first_s"]
            cold_o = row["build_s"] + row["first_s"]
            if warm >= 1:
                warm_text = f"the engine is {warm:.1f}x faster warm"
            else:
                warm_text = (
                    f"**{row['library']} is {1 / warm:.1f}x faster warm (engine not ahead)**"
                )
            if cold_o >= cold_e:
                cold_text = f"the engine is {cold_o / cold_e:.1f}x faster cold (build + first run)"
            else:
                cold_text = (f"**{row['library']} is {cold_e / cold_o:.1f}x faster cold "
                             "(build + first run, engine compiling; engine not ahead)**")  # fmt: skip
            notes.append(f"* {label}, {t} thread(s), engine vs {row['library']}: {warm_text}; "
                         f"{cold_text}.")  # fmt: skip
            if row["library"] == "pandana" and warm < 20:
                notes.append(f"  * Goal ≥ 20x pandana (issue 17) missed here by "
                             f"{20 / warm:.1f}x ({warm:.1f}x measured).")  # fmt: skip
        e1 = _engine_at(case, 1)
        if e1 is not None:
            cold = e1["first_s"] / e1["median_s"]
            warmed = e1.get("first_warm_cache_s")
            notes.append(
                f"* {label}: the engine's first run in a fresh process takes {e1['first_s']:.2f} s "
                f"with an empty numba cache ({cold:.0f}x its warm median)"
                + (
                    ""
                    if warmed is None
                    else f", {warmed:.2f} s once the cache is warmed (as `manage.py lifecircle_warm` "
                    "does at set-up)"
                )
                + "."  # fmt: skip
            )
    return notes


LATTICE_GOALS_S = {1_000_000: 3.0, 4_000_000: 15.0}  # issue 17: unbounded, 2 cores


def lattice_notes(lattices: list[dict]) -> list[str]:
    """Goal check per lattice (unbounded nearest + counts), from the measurements only."""
    notes = []
    for row in lattices:
        goal = LATTICE_GOALS_S.get(row["target"])
        if goal is None or "error" in row:
            continue
        got = row["runs"]["unbounded"]["median_s"]
        verdict = (f"goal < {goal:.0f} s met" if got < goal
                   else f"**goal < {goal:.0f} s missed by {got / goal:.1f}x ({got - goal:.1f} s)**")  # fmt: skip
        notes.append(f"* Lattice {row['target']:,}: unbounded {got:.2f} s wall on 2 threads "
                     f"(load {row.get('load', '?')}): {verdict}.")  # fmt: skip
    return notes


def per_core_notes(cases: list[dict]) -> list[str]:
    """Engine vs the plain single-thread kernel in CPU seconds (issue 17 item 1)."""
    notes = []
    for case in cases:
        engine = _engine_at(case, 1)
        plain = next((r for r in case["rows"] if r["library"] == "lower_bound"
                      and "error" not in r), None)  # fmt: skip
        if engine is None or plain is None:
            continue
        ratio = engine["cpu_median_s"] / plain["cpu_median_s"]
        verdict = ("at or below the lower bound" if ratio <= 1
                   else f"**{ratio:.2f}x the lower bound's CPU (goal ≤ 1.0x missed)**")  # fmt: skip
        notes.append(f"* {case['network']}, {case['facilities']} facilities, per core: engine "
                     f"{engine['cpu_median_s'] * 1000:.1f} ms CPU on 1 thread vs lower bound "
                     f"{plain['cpu_median_s'] * 1000:.1f} ms: {ratio:.2f}x, {verdict}.")  # fmt: skip
    return notes


def report(cases: list[dict], lattices: list[dict], args: argparse.Namespace) -> str:
    versions = ", ".join(
        f"{p} {_version(p)}"
        for p in ("numpy", "scipy", "numba", "pandana", "cityseer", "networkx", "pandas",
                  "geopandas", "aequilibrae", "pyrosm")
    )  # fmt: skip
    lines = [
        MARKER_START,
        "# Accessibility engine benchmarks",
        "",
        f"Generated by `python bench/accessibility.py {' '.join(sys.argv[1:])}` on "
        f"{dt.date.today().isoformat()}. "
        "Every sentence below the tables is computed from these measurements.",
        "",
        f"* Machine: {_machine()}.",
        f"* Versions: {versions}.",
        f"* **Contended run**: load average (1/5/15 min) at start "
        f"{'/'.join(f'{x:.2f}' for x in LOAD_AT_START)}, at end {_load()}, on "
        f"{os.cpu_count()} cores"
        + (
            " — the machine was shared with other work, so every wall time here is noisy and "
            "pessimistic; repeat on an idle machine before quoting a ratio."
            if max(LOAD_AT_START) > (os.cpu_count() or 1) * 0.5
            else "."
        ),  # fmt: skip
        f"* Method: see the docstring of `bench/accessibility.py`. Warm figures: {args.repeat} "
        "interleaved rounds after each worker's first run; median (minimum). Build and snap "
        "are outside the task time for every library; ratios only between equal thread counts "
        "(single-threaded libraries are compared with the engine on 1 thread).",
        "",
    ]
    for case in cases:
        lines += case_table(case)
    if lattices:
        lines += ["### SYNTHETIC lattices (engine only, 2 threads)", "",
                  "| lattice target | nodes | build s | capped 1 km: median (min) / first s "
                  "| unbounded: median (min) / first s | unbounded CPU s (both threads) "
                  "| runs each | peak RSS MB (base) | load 1/5/15 start → end |",
                  "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
        for row in lattices:
            if "error" in row:
                lines.append(f"| {row['target']:,} | FAILED: {row['error']} | | | | | | | |")
                continue
            c, u = row["runs"]["capped"], row["runs"]["unbounded"]
            lines.append(
                f"| {row['target']:,} | {row['nodes']:,} | {_f(row['build_s'])} "
                f"| {_f(c['median_s'])} ({_f(c['min_s'])}) / {_f(c['first_s'])} "
                f"| {_f(u['median_s'])} ({_f(u['min_s'])}) / {_f(u['first_s'])} "
                f"| {_f(u.get('cpu_s'))} | {u.get('n', '-')} "
                f"| {row['peak_mb']:.0f} ({row['base_mb']:.0f}) | {row.get('load', '-')} |"
            )
        lines += ["", *lattice_notes(lattices), ""]
    if not lattices:
        lines += ['SYNTHETIC lattices: not run in this generation (`--lattices ""`).', ""]
    lines += ["## Findings (generated)", "", *per_core_notes(cases), *generated_notes(cases), "",
              "Library notes: pandana 0.8's precompute is in its build column (it double-counts "
              "when precompute runs twice on one Network); cityseer measures edge geometry, so "
              "each edge gets a LineString of the edge's length; scipy's counts use a dense "
              "facilities x nodes matrix; the lower bound is `bench/_plain.py`.",
              "", MARKER_END]  # fmt: skip
    return "\n".join(lines)


def write_page(path: Path, text: str) -> None:
    """Replace the accessibility section, keep every other section of the page."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if MARKER_START in old and MARKER_END in old:
        head, rest = old.split(MARKER_START, 1)
        tail = rest.split(MARKER_END, 1)[1]
    else:  # first run with markers: the unmarked accessibility part starts the page
        cut = old.find("\n<!-- ")
        head, tail = "", (old[cut:] if cut >= 0 else "")
    path.write_text(head + text + tail.rstrip("\n") + "\n", encoding="utf-8")


def run_all(args: argparse.Namespace) -> None:
    libraries = [lib for lib in args.libraries.split(",") if lib]
    libraries = ["engine", *[lib for lib in libraries if lib != "engine"]]
    threads = sorted({int(t) for t in str(args.threads).split(",") if t})
    networks = [args.network] if args.network else [n for n in args.networks.split(",") if n]
    counts = [int(f) for f in str(args.facilities).split(",") if f]
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        for network in networks:
            graph = NETWORKS[network]()
            graph.save(Path(tmp) / f"{network}.npz")
            for n_fac in counts:
                cases.append(bench_case(network, graph, n_fac, threads, libraries, args.repeat,
                                        Path(tmp)))  # fmt: skip
    if args.json:
        first = cases[0]
        medians = {(r["library"] if len(threads) == 1 or not LIBRARIES[r["library"]]
                    else f"{r['library']}@{r['threads_n']}"): r.get("median_s")
                   for r in first["rows"]}  # fmt: skip
        print(json.dumps({**medians, "details": {"network": first["network"],
                          "facilities": first["facilities"], "threads": threads,
                          "load_start": LOAD_AT_START, "load_end": os.getloadavg(),
                          "cases": cases}}))  # fmt: skip
        return
    lattices = []
    for target in [int(n) for n in args.lattices.split(",") if n]:
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", "lattice",
                   "--nodes", str(target),
                   "--repeat", str(args.lattice_repeat or args.repeat)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=START_TIMEOUT_S)
        lines = [ln for ln in done.stdout.splitlines() if ln.startswith(DONE)]
        lattices.append({"target": target, **(json.loads(lines[-1][len(DONE):]) if lines
                         else {"error": f"exit {done.returncode}"})})  # fmt: skip
    text = report(cases, lattices, args)
    print(text)
    if args.out != "-":
        write_page(Path(args.out), text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worker")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--network", help="one network (default: all of --networks)")
    parser.add_argument("--networks", default="coquimbo,helsinki")
    parser.add_argument("--nodes", type=int)
    parser.add_argument("--threads", default="1,2", help="thread counts, e.g. 1 or 1,2")
    parser.add_argument("--facilities", default="350,500")
    parser.add_argument("--repeat", type=int, default=7, help="interleaved warm rounds")
    parser.add_argument("--libraries", default=",".join(LIBRARIES))
    parser.add_argument("--lattices", default="1000000,4000000")
    parser.add_argument(
        "--lattice-repeat", type=int, default=0, help="runs per lattice and cap (default: --repeat)"
    )
    parser.add_argument("--json", action="store_true", help="print medians as JSON only")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    if args.worker == "lattice":
        print("\n" + DONE + json.dumps(worker_lattice(args.nodes, args.repeat)), flush=True)
    elif args.worker:
        args.threads = int(args.threads)
        args.facilities = int(args.facilities)
        worker(args)
    else:
        run_all(args)


if __name__ == "__main__":
    main()
