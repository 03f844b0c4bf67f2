"""Immutable undirected street graph in CSR form, with snapping and ``.npz`` storage.

Coordinates are in a projected metric CRS (see :mod:`.crs`); edge lengths are metres and
need not equal the straight line between the end nodes (they follow the street geometry).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from .errors import EngineError

NPZ_FORMAT_VERSION = 1


@dataclass(frozen=True)
class BuildReport:
    """What :func:`build_graph` kept and dropped."""

    nodes_in: int
    edges_in: int
    self_loops_dropped: int
    duplicate_edges_merged: int
    components: int
    nodes_dropped: int
    edges_dropped: int
    nodes_kept: int
    edges_kept: int


@dataclass(frozen=True)
class SnappedPoints:
    """Points attached to graph nodes: ``node`` is the node index (-1 = not on the
    network, e.g. farther than the allowed snap distance) and ``distance`` the straight-line
    snap distance in metres, which the accessibility measures add to the network distance."""

    node: NDArray[np.int64]
    distance: NDArray[np.float64]

    @property
    def is_snapped(self) -> NDArray[np.bool_]:
        return self.node >= 0


@dataclass(frozen=True, eq=False)
class StreetGraph:
    """Undirected street graph; every edge is stored in both directions.

    ``indptr`` (int64, N + 1), ``indices`` (int32, 2E) and ``weights`` (float64 metres, 2E)
    form the CSR adjacency; ``x``/``y`` are node coordinates in ``crs``; ``node_ids`` are
    the source ids (e.g. OSM node ids) of the nodes. All arrays are read-only.
    """

    indptr: NDArray[np.int64]
    indices: NDArray[np.int32]
    weights: NDArray[np.float64]
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    node_ids: NDArray[np.int64]
    crs: str

    def __post_init__(self) -> None:
        for name in ("indptr", "indices", "weights", "x", "y", "node_ids"):
            getattr(self, name).setflags(write=False)

    @property
    def n_nodes(self) -> int:
        return int(self.x.shape[0])

    @property
    def n_edges(self) -> int:
        """Number of undirected edges."""
        return int(self.indices.shape[0] // 2)

    @cached_property
    def _tree(self) -> cKDTree:
        return cKDTree(np.column_stack([self.x, self.y]))

    def snap(self, x: ArrayLike, y: ArrayLike, max_distance: float | None = None) -> SnappedPoints:
        """Snap points (same CRS as the graph) to their nearest node (straight line)."""
        px = np.asarray(x, dtype=np.float64).ravel()
        py = np.asarray(y, dtype=np.float64).ravel()
        if px.shape != py.shape:
            raise EngineError("x and y must have the same length")
        if px.size == 0:
            return SnappedPoints(np.empty(0, np.int64), np.empty(0, np.float64))
        distance, node = self._tree.query(np.column_stack([px, py]))
        node = np.asarray(node, dtype=np.int64)
        if max_distance is not None:
            node = np.where(distance <= max_distance, node, -1)
        return SnappedPoints(node, np.asarray(distance, dtype=np.float64))

    def node_index(self, node_ids: ArrayLike) -> NDArray[np.int64]:
        """Map source node ids to node indices (-1 where absent, e.g. outside the LCC)."""
        wanted = np.asarray(node_ids, dtype=np.int64)
        order = np.argsort(self.node_ids, kind="stable")
        sorted_ids = self.node_ids[order]
        pos = np.clip(np.searchsorted(sorted_ids, wanted), 0, max(len(sorted_ids) - 1, 0))
        if len(sorted_ids) == 0:
            return np.full(wanted.shape, -1, np.int64)
        found = sorted_ids[pos] == wanted
        return np.where(found, order[pos], -1).astype(np.int64)

    def edge_list(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
        """Undirected edges as ``(u, v, length)`` with ``u < v``."""
        u = np.repeat(np.arange(self.n_nodes, dtype=np.int64), np.diff(self.indptr))
        v = self.indices.astype(np.int64)
        keep = u < v
        return u[keep], v[keep], self.weights[keep]

    def save(self, path: str | Path) -> None:
        """Write the graph to a compressed ``.npz`` file."""
        np.savez_compressed(
            path,
            format_version=np.int64(NPZ_FORMAT_VERSION),
            indptr=self.indptr,
            indices=self.indices,
            weights=self.weights,
            x=self.x,
            y=self.y,
            node_ids=self.node_ids,
            crs=np.array(self.crs),
        )

    @classmethod
    def load(cls, path: str | Path) -> StreetGraph:
        """Read a graph written by :meth:`save`."""
        with np.load(path, allow_pickle=False) as data:
            version = int(data["format_version"])
            if version != NPZ_FORMAT_VERSION:
                raise EngineError(f"unsupported graph file version {version}")
            return cls(
                indptr=data["indptr"].astype(np.int64),
                indices=data["indices"].astype(np.int32),
                weights=data["weights"].astype(np.float64),
                x=data["x"].astype(np.float64),
                y=data["y"].astype(np.float64),
                node_ids=data["node_ids"].astype(np.int64),
                crs=str(data["crs"]),
            )


def build_graph(
    node_ids: ArrayLike,
    x: ArrayLike,
    y: ArrayLike,
    edge_u: ArrayLike,
    edge_v: ArrayLike,
    edge_length: ArrayLike,
    *,
    crs: str,
    keep_largest_component: bool = True,
) -> tuple[StreetGraph, BuildReport]:
    """Build an undirected :class:`StreetGraph` from node and edge lists.

    ``edge_u``/``edge_v`` are source node ids (not indices). Self-loops are dropped,
    parallel edges are merged keeping the shortest, and (by default) only the largest
    connected component is kept.
    """
    ids = np.asarray(node_ids, dtype=np.int64)
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    length = np.asarray(edge_length, dtype=np.float64)
    _check_inputs(ids, xs, ys, length)
    order = _id_order(ids)
    u, v = _ids_to_index(ids, order, edge_u), _ids_to_index(ids, order, edge_v)
    n_edges_in = int(u.shape[0])
    loops = u == v
    u, v, length = u[~loops], v[~loops], length[~loops]
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    lo, hi, length, merged = _merge_parallel(lo, hi, length)
    report_parts = {
        "nodes_in": int(ids.shape[0]),
        "edges_in": n_edges_in,
        "self_loops_dropped": int(loops.sum()),
        "duplicate_edges_merged": merged,
    }
    keep, n_components = _largest_component(ids.shape[0], lo, hi, keep_largest_component)
    new_index = np.cumsum(keep) - 1
    edge_keep = keep[lo] & keep[hi]
    lo, hi, length = new_index[lo[edge_keep]], new_index[hi[edge_keep]], length[edge_keep]
    graph = _csr_graph(int(keep.sum()), lo, hi, length, xs[keep], ys[keep], ids[keep], crs)
    report = BuildReport(
        **report_parts,
        components=n_components,
        nodes_dropped=int((~keep).sum()),
        edges_dropped=int((~edge_keep).sum()),
        nodes_kept=graph.n_nodes,
        edges_kept=graph.n_edges,
    )
    return graph, report


def _check_inputs(
    ids: NDArray[np.int64], xs: NDArray[np.float64], ys: NDArray[np.float64], length: NDArray
) -> None:
    if not (ids.shape == xs.shape == ys.shape):
        raise EngineError("node_ids, x and y must have the same length")
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        raise EngineError("node coordinates must be finite")
    if not np.isfinite(length).all() or (length < 0).any():
        raise EngineError("edge lengths must be finite and non-negative")


def _id_order(ids: NDArray[np.int64]) -> NDArray[np.int64] | None:
    """Sorting permutation of the ids (``None`` when already ascending); checks uniqueness."""
    if (ids[1:] > ids[:-1]).all():
        return None
    order = np.argsort(ids, kind="stable")
    if (np.diff(ids[order]) == 0).any():
        raise EngineError("node_ids must be unique")
    return order


def _ids_to_index(
    ids: NDArray[np.int64], order: NDArray[np.int64] | None, wanted: ArrayLike
) -> NDArray[np.int64]:
    wanted_arr = np.asarray(wanted, dtype=np.int64)
    sorted_ids = ids if order is None else ids[order]
    pos = np.clip(np.searchsorted(sorted_ids, wanted_arr), 0, max(ids.shape[0] - 1, 0))
    if ids.shape[0] == 0 or not (sorted_ids[pos] == wanted_arr).all():
        raise EngineError("an edge refers to a node id that is not in node_ids")
    return (pos if order is None else order[pos]).astype(np.int64)


def _merge_parallel(
    lo: NDArray[np.int64], hi: NDArray[np.int64], length: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], int]:
    """Keep one edge per node pair, the shortest."""
    pair = lo * (int(hi.max(initial=0)) + 1) + hi
    order = np.lexsort((length, pair))
    lo, hi, length, pair = lo[order], hi[order], length[order], pair[order]
    first = np.ones(lo.shape[0], dtype=bool)
    first[1:] = pair[1:] != pair[:-1]
    return lo[first], hi[first], length[first], int((~first).sum())


def _largest_component(
    n_nodes: int, lo: NDArray[np.int64], hi: NDArray[np.int64], enabled: bool
) -> tuple[NDArray[np.bool_], int]:
    if n_nodes == 0:
        return np.zeros(0, dtype=bool), 0
    adjacency = coo_matrix((np.ones(lo.shape[0], np.int8), (lo, hi)), shape=(n_nodes, n_nodes))
    n_components, labels = connected_components(adjacency, directed=False)
    if not enabled:
        return np.ones(n_nodes, dtype=bool), int(n_components)
    sizes = np.bincount(labels)
    return labels == int(np.argmax(sizes)), int(n_components)


def _csr_graph(
    n_nodes: int,
    lo: NDArray[np.int64],
    hi: NDArray[np.int64],
    length: NDArray[np.float64],
    xs: NDArray[np.float64],
    ys: NDArray[np.float64],
    ids: NDArray[np.int64],
    crs: str,
) -> StreetGraph:
    src = np.concatenate([lo, hi])
    dst = np.concatenate([hi, lo])
    weights = np.concatenate([length, length])
    order = np.argsort(src * n_nodes + dst)
    counts = np.bincount(src, minlength=n_nodes)
    indptr = np.zeros(n_nodes + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return StreetGraph(
        indptr=indptr,
        indices=dst[order].astype(np.int32),
        weights=weights[order].astype(np.float64),
        x=np.ascontiguousarray(xs),
        y=np.ascontiguousarray(ys),
        node_ids=np.ascontiguousarray(ids),
        crs=crs,
    )
