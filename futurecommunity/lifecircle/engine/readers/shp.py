"""ESRI Shapefile line layers through pyshp (pure Python)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from .. import crs as crs_mod
from ..errors import EngineError, FeatureProblem
from .common import add_parts, check_datum, normalise_crs
from .lines import NetworkImport, PolylineSet, network_from_polylines


def read_shapefile_network(
    path: str | Path,
    *,
    target_crs: str,
    source_crs: str | None = None,
    datum: str = "wgs84",
) -> NetworkImport:
    """Read a polyline Shapefile. The CRS comes from ``source_crs`` or the ``.prj`` file;
    without either, lon/lat is assumed when the bounding box fits (noted as a problem)."""
    import shapefile

    path = Path(path)
    try:
        reader = shapefile.Reader(str(path))
    except (shapefile.ShapefileException, OSError) as exc:
        raise EngineError(f"cannot read Shapefile {path.name}: {exc}") from exc
    with reader:
        lines = PolylineSet()
        src = _source_crs(path, source_crs, reader, lines)
        used = _collect(reader, lines, src, check_datum(datum))
    return network_from_polylines(lines, target_crs=target_crs, features_used=used)


def _source_crs(path: Path, given: str | None, reader: Any, lines: PolylineSet) -> str:
    if given:
        return normalise_crs(given)
    prj = path.with_suffix(".prj")
    if prj.is_file():
        return normalise_crs(prj.read_text(encoding="utf-8", errors="replace"))
    bbox = reader.bbox
    if crs_mod.looks_like_lonlat(bbox[0::2], bbox[1::2]):
        lines.problems.append(
            FeatureProblem(-1, "no .prj file: assumed WGS-84 lon/lat", None, False)
        )
        return crs_mod.WGS84
    raise EngineError(f"{path.name} has no .prj file; give the coordinate system")


def _collect(reader: Any, lines: PolylineSet, src: str, datum: Any) -> int:
    used = 0
    for index in range(len(reader)):
        lines.features_read += 1
        try:
            shape = reader.shape(index)
        except Exception as exc:  # noqa: BLE001 - pyshp raises plain exceptions on bad records
            lines.problems.append(FeatureProblem(index, f"unreadable record: {exc}"))
            continue
        if shape.shapeType not in (3, 13, 23):  # POLYLINE, POLYLINEZ, POLYLINEM
            message = f"shape type {shape.shapeTypeName} is not a line"
            lines.problems.append(FeatureProblem(index, message, None, shape.shapeType != 0))
            continue
        before = len(lines.lon)
        points = np.asarray(shape.points, dtype=np.float64).reshape(-1, 2)
        bounds = list(shape.parts) + [points.shape[0]]
        parts = [points[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        add_parts(lines, parts, index, None, source_crs=src, datum=datum)
        used += len(lines.lon) > before
    return used
