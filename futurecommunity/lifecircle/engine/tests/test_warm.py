"""After the set-up warm-up, an analysis in a fresh process compiles nothing: every kernel
signature it needs is loaded from numba's on-disk cache (asserted on numba's own
dispatcher statistics, not on time)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]

# A real-sized call path that differs from the warm-up in every way that must not matter:
# one type and three types, read-only inputs, other radii, cutoff and worker counts.
ANALYSIS = r"""
import json
import numpy as np
from futurecommunity.lifecircle.engine import SnappedPoints, build_graph, compute_accessibility
from futurecommunity.lifecircle.engine.warm import kernel_states

rng = np.random.default_rng(3)
n = 400
u = rng.integers(0, n, 1200)
v = rng.integers(0, n, 1200)
graph, _ = build_graph(np.arange(n), rng.random(n), rng.random(n), u, v,
                       rng.random(1200) * 300 + 1, crs="EPSG:4549")
def ro(a):
    a = np.asarray(a)
    a.setflags(write=False)
    return a
origins = SnappedPoints(ro(np.arange(graph.n_nodes)), ro(np.full(graph.n_nodes, 3.0)))
fac = {k: SnappedPoints(ro(rng.integers(0, graph.n_nodes, 9)), ro(np.zeros(9))) for k in "xyz"}
compute_accessibility(graph, origins, {"x": fac["x"]}, radii_m=ro(np.array([250.0])),
                      walking_speed_m_per_min=80)
compute_accessibility(graph, origins, fac, radii_m=[300, 500, 800, 1000],
                      walking_speed_m_per_min=80, max_distance_m=1000, workers=3)
print("STATES " + json.dumps([s.__dict__ for s in kernel_states()]))
"""


def _run(args: list[str], cache_dir: Path) -> str:
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache_dir)}
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_after_warm_up_an_analysis_compiles_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "numba-cache"
    # Fresh cache: the warm-up itself has to compile every entry point.
    first = json.loads(_run(["-m", "futurecommunity.lifecircle.engine.warm"], cache))
    assert all(state["compiled"] >= 1 for state in first), first
    assert all(state["cache_path"].startswith(str(cache)) for state in first), first

    out = _run(["-c", ANALYSIS], cache)
    states = json.loads(out.split("STATES ", 1)[1])
    assert {s["name"] for s in states} == {
        "multi_source_dijkstra",
        "radius_counts",
        "origin_nearest",
    }
    for state in states:
        assert state["compiled"] == 0, f"{state['name']} compiled at first use: {states}"
        assert state["loaded"] >= 1, states

    # A second warm-up (e.g. setup.sh run again) only loads.
    again = json.loads(_run(["-m", "futurecommunity.lifecircle.engine.warm"], cache))
    assert all(s["compiled"] == 0 and s["loaded"] >= 1 for s in again), again
