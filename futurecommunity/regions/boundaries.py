"""District boundaries as one small, cacheable GeoJSON file (issue 11 §2): the dashboard used to
carry 898 KB of boundaries inline on every page; now the browser fetches this simplified file
once (ETag, max-age) and the page carries only the figures."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from futurecommunity.regions.models import Region, RegionLevel

# ~50 m at Shaoxing's latitude: plenty for a 300-px overview map.
TOLERANCE_DEG = 0.0005
DECIMALS = 5


def _perpendicular(p: list[float], a: list[float], b: list[float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p[:2], a[:2], b[:2]
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify_line(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas–Peucker, iterative (no recursion limit on long rings)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    simple = simplify_line(ring, tolerance)
    if len(simple) < 4:  # a ring needs at least 4 positions (closed triangle)
        simple = ring
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y, *_ in simple]


def simplify_geometry(geometry: dict[str, Any], tolerance: float = TOLERANCE_DEG) -> dict[str, Any]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return {"type": kind, "coordinates": [_ring(r, tolerance) for r in geometry["coordinates"]]}
    if kind == "MultiPolygon":
        return {
            "type": kind,
            "coordinates": [
                [_ring(r, tolerance) for r in poly] for poly in geometry["coordinates"]
            ],
        }
    return geometry


_CACHE: dict[str, tuple[bytes, str]] = {}


def district_boundaries() -> tuple[bytes, str]:
    """The simplified FeatureCollection of the districts as bytes, and its ETag; rebuilt only
    when a district row changes."""
    rows = Region.objects.filter(level=RegionLevel.DISTRICT, boundary_geojson__isnull=False)
    stamp = str(rows.order_by("-updated_at").values_list("updated_at", flat=True).first())
    cached = _CACHE.get(stamp)
    if cached:
        return cached
    features = [
        {
            "type": "Feature",
            "properties": {"name": r.name, "code": r.code},
            "geometry": simplify_geometry(r.boundary_geojson or {}),
        }
        for r in rows.order_by("code")
    ]
    body = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    _CACHE.clear()
    _CACHE[stamp] = (body, etag)
    return body, etag
