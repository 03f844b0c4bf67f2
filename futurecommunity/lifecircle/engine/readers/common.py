"""Helpers shared by the file-format readers."""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from .. import crs as crs_mod
from ..errors import EngineError
from .lines import PolylineSet

Datum = Literal["wgs84", "gcj02"]


def add_parts(
    lines: PolylineSet,
    parts: list[NDArray[np.float64]],
    index: int,
    feature_id: str | None,
    *,
    source_crs: str,
    datum: Datum,
) -> None:
    """Convert each (n, 2+) coordinate part to WGS-84 lon/lat and add it."""
    for part in parts:
        x, y = part[:, 0], part[:, 1]
        if source_crs != crs_mod.WGS84:
            x, y = crs_mod.transform(x, y, source=source_crs, target=crs_mod.WGS84)
        if datum == "gcj02":
            x, y = crs_mod.wgs84_from_gcj02(x, y)
        lines.add(np.asarray(x, np.float64), np.asarray(y, np.float64), index, feature_id)


def normalise_crs(name: str | None) -> str:
    """Turn a CRS name from a file into something pyproj accepts (default WGS-84)."""
    if not name:
        return crs_mod.WGS84
    if name in {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "OGC:CRS84"}:
        return crs_mod.WGS84
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        parsed = CRS.from_user_input(name)
    except CRSError as exc:
        raise EngineError(f"unknown coordinate reference system: {name}") from exc
    authority = parsed.to_authority()
    if authority is not None:
        return f"{authority[0]}:{authority[1]}"
    return parsed.to_wkt()


def check_datum(datum: str) -> Datum:
    if datum not in ("wgs84", "gcj02"):
        raise EngineError(f"datum must be 'wgs84' or 'gcj02', not {datum!r}")
    return datum  # type: ignore[return-value]
