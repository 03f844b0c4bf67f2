"""GeoJSON line layers (pure ``json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import EngineError, FeatureProblem
from .common import add_parts, check_datum, normalise_crs
from .lines import NetworkImport, PolylineSet, network_from_polylines


def read_geojson_network(
    source: str | Path | dict[str, Any],
    *,
    target_crs: str,
    source_crs: str | None = None,
    datum: str = "wgs84",
) -> NetworkImport:
    """Read LineString/MultiLineString features of a GeoJSON FeatureCollection.

    Coordinates are lon/lat (RFC 7946) unless the legacy ``crs`` member or ``source_crs``
    says otherwise; ``datum="gcj02"`` converts web-map coordinates to WGS-84 first.
    """
    document = source if isinstance(source, dict) else _load(Path(source))
    features = _features(document)
    src = normalise_crs(source_crs or _legacy_crs(document))
    lines = PolylineSet()
    used = 0
    for index, feature in enumerate(features):
        lines.features_read += 1
        before = len(lines.lon)
        _add_feature(lines, feature, index, src, check_datum(datum))
        used += len(lines.lon) > before
    return network_from_polylines(lines, target_crs=target_crs, features_used=used)


def _load(path: Path) -> Any:
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise EngineError(f"GeoJSON file not found: {path}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EngineError(f"{path.name} is not valid JSON: {exc}") from exc


def _features(document: Any) -> list[Any]:
    if not isinstance(document, dict):
        raise EngineError("GeoJSON must be an object")
    if document.get("type") == "FeatureCollection" and isinstance(document.get("features"), list):
        return document["features"]
    if document.get("type") == "Feature":
        return [document]
    raise EngineError("GeoJSON must be a FeatureCollection or a Feature")


def _legacy_crs(document: dict[str, Any]) -> str | None:
    crs = document.get("crs")
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict):
        name = crs["properties"].get("name")
        return name if isinstance(name, str) else None
    return None


def _add_feature(lines: PolylineSet, feature: Any, index: int, src: str, datum: Any) -> None:
    feature_id = str(feature.get("id")) if isinstance(feature, dict) and "id" in feature else None
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(geometry, dict):
        lines.problems.append(FeatureProblem(index, "feature has no geometry", feature_id))
        return
    try:
        parts = _parts(geometry)
    except (TypeError, ValueError) as exc:
        lines.problems.append(FeatureProblem(index, f"bad coordinates: {exc}", feature_id))
        return
    if parts is None:
        kind = geometry.get("type")
        lines.problems.append(
            FeatureProblem(index, f"geometry type {kind} is not a line", feature_id, False)
        )
        return
    add_parts(lines, parts, index, feature_id, source_crs=src, datum=datum)


def _parts(geometry: dict[str, Any]) -> list[NDArray[np.float64]] | None:
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "LineString":
        return [_array(coords)]
    if kind == "MultiLineString":
        if not isinstance(coords, list):
            raise ValueError("MultiLineString coordinates must be a list")
        return [_array(part) for part in coords]
    return None


def _array(coords: Any) -> NDArray[np.float64]:
    array = np.asarray(coords, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] < 2:
        raise ValueError("expected a list of [x, y] positions")
    return array
