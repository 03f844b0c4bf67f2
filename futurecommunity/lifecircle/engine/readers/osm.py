"""OpenStreetMap PBF/XML walking network through pyosmium (the ``osmium`` wheel)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EngineError, FeatureProblem
from .lines import NetworkImport, PolylineSet, network_from_polylines

WALKABLE_HIGHWAYS = frozenset(
    {
        "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
        "tertiary", "tertiary_link", "unclassified", "residential", "living_street",
        "service", "pedestrian", "footway", "path", "steps", "track", "corridor",
        "bridleway", "cycleway", "road",
    }
)  # fmt: skip


@dataclass(frozen=True)
class WalkFilter:
    """Which OSM ways count as walkable.

    A way is kept when its ``highway`` value is in ``highways``, it is not an area, and
    walking is not forbidden (``foot`` in ``forbidding_values``, or ``access`` in them
    without a ``foot`` value that allows walking).
    """

    highways: frozenset[str] = WALKABLE_HIGHWAYS
    forbidding_values: frozenset[str] = frozenset({"no", "private"})
    allowing_foot_values: frozenset[str] = frozenset({"yes", "designated", "permissive"})

    def keeps(self, tags: Any) -> bool:
        if tags.get("highway") not in self.highways or tags.get("area") == "yes":
            return False
        foot = tags.get("foot")
        if foot in self.forbidding_values:
            return False
        return not (
            tags.get("access") in self.forbidding_values and foot not in self.allowing_foot_values
        )


def read_osm_network(
    path: str | Path, *, target_crs: str, walk_filter: WalkFilter | None = None
) -> NetworkImport:
    """Read the walkable ways of an OSM file, split them at shared nodes, keep the LCC."""
    rules = walk_filter or WalkFilter()
    lines = PolylineSet(vertex_ids=[])
    used = 0
    for index, way in enumerate(_highway_ways(Path(path))):
        lines.features_read += 1
        if not rules.keeps(way.tags):
            continue
        if _add_way(lines, way, index):
            used += 1
    return network_from_polylines(lines, target_crs=target_crs, features_used=used)


def _highway_ways(path: Path) -> Any:
    import osmium

    if not path.is_file():
        raise EngineError(f"OSM file not found: {path}")
    try:
        processor = (
            osmium.FileProcessor(str(path), osmium.osm.WAY | osmium.osm.NODE)
            .with_locations()
            .with_filter(osmium.filter.KeyFilter("highway"))
        )
        for obj in processor:
            if isinstance(obj, osmium.osm.Way):
                yield obj
    except RuntimeError as exc:
        raise EngineError(f"cannot read OSM file {path.name}: {exc}") from exc


def _add_way(lines: PolylineSet, way: Any, index: int) -> bool:
    """Add the runs of located nodes of a way (a way clipped by the extract boundary
    keeps its located part)."""
    refs, lon, lat, missing = [], [], [], 0
    for node in way.nodes:
        if node.location.valid():
            refs.append(node.ref)
            lon.append(node.location.lon)
            lat.append(node.location.lat)
            continue
        missing += 1
        _flush_run(lines, refs, lon, lat, index, way.id)
        refs, lon, lat = [], [], []
    added = _flush_run(lines, refs, lon, lat, index, way.id)
    if missing:
        message = f"{missing} node(s) without location (outside the extract?) left out"
        lines.problems.append(FeatureProblem(index, message, f"way/{way.id}", False))
    return added or missing < len(way.nodes)


def _flush_run(
    lines: PolylineSet, refs: list[int], lon: list[float], lat: list[float], index: int, way_id: int
) -> bool:
    if len(refs) < 2:
        return False
    lines.add(np.array(lon), np.array(lat), index, f"way/{way_id}", np.array(refs, dtype=np.int64))
    return True
