"""Turn polylines into a street graph, splitting them where they share vertices.

Two lines are connected only where they share a vertex (same OSM node id, or the same
coordinates to about a centimetre for file formats without node ids). Lines that cross
without a shared vertex (bridges, tunnels, badly drawn data) stay unconnected, as they
should for walking. Edge lengths are geodesic (WGS-84 ellipsoid) along the full geometry;
node coordinates are projected to the target metric CRS for snapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from pyproj import Geod

from .. import crs as crs_mod
from ..errors import EngineError, FeatureProblem
from ..graph import BuildReport, StreetGraph, build_graph

_GEOD = Geod(ellps="WGS84")
# 1e-7 degree is about 1 cm: vertices closer than that are the same junction.
_COORD_SCALE = 1e7


@dataclass(frozen=True, eq=False)
class NetworkImport:
    """Result of reading a walking network."""

    graph: StreetGraph
    report: BuildReport
    problems: list[FeatureProblem]
    features_read: int
    features_used: int


@dataclass
class PolylineSet:
    """Polylines in WGS-84 lon/lat collected by a reader, with optional vertex ids."""

    lon: list[NDArray[np.float64]] = field(default_factory=list)
    lat: list[NDArray[np.float64]] = field(default_factory=list)
    vertex_ids: list[NDArray[np.int64]] | None = None
    problems: list[FeatureProblem] = field(default_factory=list)
    features_read: int = 0

    def add(
        self,
        lon: NDArray[np.float64],
        lat: NDArray[np.float64],
        index: int,
        feature_id: str | None = None,
        vertex_ids: NDArray[np.int64] | None = None,
    ) -> None:
        """Add one part after checking it; a bad part becomes a problem, not an error."""
        message = _polyline_problem(lon, lat)
        if message is not None:
            self.problems.append(FeatureProblem(index, message, feature_id))
            return
        self.lon.append(lon)
        self.lat.append(lat)
        if vertex_ids is not None:
            self.vertex_ids = self.vertex_ids if self.vertex_ids is not None else []
            self.vertex_ids.append(vertex_ids)


def _polyline_problem(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> str | None:
    if lon.shape[0] < 2:
        return "line has fewer than two vertices"
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        return "line has non-finite coordinates"
    if (np.abs(lon) > 180).any() or (np.abs(lat) > 90).any():
        return "coordinates are outside lon/lat ranges (wrong CRS?)"
    return None


def network_from_polylines(
    lines: PolylineSet, *, target_crs: str, features_used: int
) -> NetworkImport:
    """Split the polylines at shared vertices and build the graph (largest component)."""
    crs_mod.check_metric_crs(target_crs)
    if not lines.lon:
        raise EngineError("no usable line features in the input")
    lon = np.concatenate(lines.lon)
    lat = np.concatenate(lines.lat)
    line_len = np.array([part.shape[0] for part in lines.lon], dtype=np.int64)
    keys = _vertex_keys(lines, lon, lat)
    node_pos, edge_u, edge_v = _split_points(keys, line_len)
    seg = _segment_lengths(lon, lat, line_len)
    edge_length = np.add.reduceat(seg, node_pos[:-1])[_same_line(node_pos, line_len)]
    node_keys, first = np.unique(keys[node_pos], return_index=True)
    x, y = crs_mod.lonlat_to_metric(lon[node_pos[first]], lat[node_pos[first]], target_crs)
    graph, report = build_graph(node_keys, x, y, edge_u, edge_v, edge_length, crs=target_crs)
    return NetworkImport(graph, report, lines.problems, lines.features_read, features_used)


def _vertex_keys(
    lines: PolylineSet, lon: NDArray[np.float64], lat: NDArray[np.float64]
) -> NDArray[np.int64]:
    if lines.vertex_ids is not None:
        return np.concatenate(lines.vertex_ids).astype(np.int64)
    grid = np.column_stack([np.round(lon * _COORD_SCALE), np.round(lat * _COORD_SCALE)]).astype(
        np.int64
    )
    _, inverse = np.unique(grid, axis=0, return_inverse=True)
    return inverse.ravel().astype(np.int64)


def _split_points(
    keys: NDArray[np.int64], line_len: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Vertex positions that become graph nodes, and the edges between them (as keys)."""
    starts = np.concatenate([[0], np.cumsum(line_len)[:-1]])
    ends = starts + line_len - 1
    _, inverse, uses = np.unique(keys, return_inverse=True, return_counts=True)
    is_node = uses[inverse.ravel()] >= 2
    is_node[starts] = True
    is_node[ends] = True
    node_pos = np.flatnonzero(is_node)
    same = _same_line(node_pos, line_len)
    return node_pos, keys[node_pos[:-1][same]], keys[node_pos[1:][same]]


def _same_line(node_pos: NDArray[np.int64], line_len: NDArray[np.int64]) -> NDArray[np.bool_]:
    line_of = np.repeat(np.arange(line_len.shape[0]), line_len)
    return line_of[node_pos[:-1]] == line_of[node_pos[1:]]


def _segment_lengths(
    lon: NDArray[np.float64], lat: NDArray[np.float64], line_len: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Geodesic length from each vertex to the next (0 across line boundaries)."""
    _, _, dist = _GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    seg = np.asarray(dist, dtype=np.float64)
    seg[np.cumsum(line_len)[:-1] - 1] = 0.0
    return seg
