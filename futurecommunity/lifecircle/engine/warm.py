"""Compile (or load) the numba kernels once, at set-up, so that no analysis pays for it.

The kernels in :mod:`.kernels` are compiled lazily and cached on disk (``cache=True``):
next to the source in ``__pycache__`` when that directory is writable, otherwise in the
user-wide numba cache, or in ``NUMBA_CACHE_DIR`` when it is set. A cache entry is valid
for the exact source file (path, modification time and size), argument types and CPU, so
it has to be written on the machine and at the location where the platform runs; this
module is run by ``scripts/setup.sh`` (``manage.py lifecircle_warm``) for that reason.
See docs/decisions/0004-engine-compile.md.

``compute_accessibility`` normalises every array it hands to the kernels (dtype, writable
copies), so the tiny analysis below reaches exactly the signatures a real analysis uses.

Run directly: ``python -m futurecommunity.lifecircle.engine.warm``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

import numpy as np

from . import kernels
from .accessibility import compute_accessibility
from .graph import SnappedPoints, build_graph

# The kernels an analysis calls (the heap helpers are compiled into them).
ENTRY_POINTS = ("multi_source_dijkstra", "radius_counts", "origin_nearest")


@dataclass(frozen=True)
class KernelState:
    name: str
    cache_path: str
    loaded: int  # signatures loaded from the on-disk cache in this process
    compiled: int  # signatures compiled in this process (cache misses)


def tiny_analysis(
    max_distance_m: float | None = None, workers: int = 1, restrict_to_origins: bool = False
) -> None:
    """One analysis on a five-node graph (both nearest and counts kernels run)."""
    graph, _ = build_graph(
        node_ids=[0, 1, 2, 3, 4],
        x=[0.0, 100.0, 200.0, 300.0, 500.0],
        y=[0.0, 0.0, 0.0, 0.0, 0.0],
        edge_u=[0, 1, 2, 3],
        edge_v=[1, 2, 3, 4],
        edge_length=[100.0, 100.0, 100.0, 200.0],
        crs="EPSG:4549",
    )
    origins = SnappedPoints(np.arange(5, dtype=np.int64), np.zeros(5))
    facilities = {
        "a": SnappedPoints(np.array([0, 3], dtype=np.int64), np.array([0.0, 10.0])),
        "b": SnappedPoints(np.array([4], dtype=np.int64), np.array([5.0])),
    }
    compute_accessibility(
        graph, origins, facilities, radii_m=[100.0, 300.0], walking_speed_m_per_min=60.0,
        max_distance_m=max_distance_m, workers=workers, restrict_to_origins=restrict_to_origins,
    )  # fmt: skip


def kernel_states() -> list[KernelState]:
    states = []
    for name in ENTRY_POINTS:
        stats = getattr(kernels, name).stats
        states.append(
            KernelState(
                name=name,
                cache_path=str(stats.cache_path),
                loaded=sum(stats.cache_hits.values()),
                compiled=sum(stats.cache_misses.values()),
            )
        )
    return states


def warm() -> list[KernelState]:
    """Run the kernels once (compiling and caching what is missing) and report."""
    tiny_analysis(max_distance_m=None)
    tiny_analysis(max_distance_m=1000.0, workers=2)
    tiny_analysis(restrict_to_origins=True)  # a district part of a split analysis
    return kernel_states()


def main() -> None:
    states = warm()
    json.dump([s.__dict__ for s in states], sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
