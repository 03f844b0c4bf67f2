"""Minimal WKB / GeoPackage-blob decoder for line geometries."""

from __future__ import annotations

import struct

import numpy as np
from numpy.typing import NDArray

_LINESTRING = 2
_MULTILINESTRING = 5
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


class WkbError(ValueError):
    """The blob is not valid WKB."""


def gpkg_blob_to_wkb(blob: bytes) -> bytes | None:
    """Strip the GeoPackage binary header; ``None`` for an empty geometry."""
    if len(blob) < 8 or blob[:2] != b"GP":
        raise WkbError("not a GeoPackage geometry blob")
    flags = blob[3]
    if flags & 0b10000:
        return None
    envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
    if envelope is None:
        raise WkbError("bad envelope code in GeoPackage blob")
    return bytes(blob[8 + envelope :])


def wkb_lines(data: bytes) -> list[NDArray[np.float64]] | None:
    """Parts of a (Multi)LineString as (n, 2) arrays; ``None`` for other geometry types."""
    try:
        kind, parts, _ = _read(memoryview(data), 0)
    except (struct.error, IndexError, ValueError) as exc:
        raise WkbError(f"truncated WKB: {exc}") from exc
    return parts if kind in (_LINESTRING, _MULTILINESTRING) else None


def _header(view: memoryview, offset: int) -> tuple[str, int, int, int]:
    order = "<" if view[offset] == 1 else ">"
    (code,) = struct.unpack_from(order + "I", view, offset + 1)
    offset += 5
    dims = 2
    if code & 0x20000000:  # EWKB SRID
        offset += 4
    if code & 0x80000000:
        dims += 1
    if code & 0x40000000:
        dims += 1
    code &= 0x0FFFFFFF
    iso_dims = {0: 0, 1: 1, 2: 1, 3: 2}.get(code // 1000, 0)
    return order, code % 1000, dims + iso_dims, offset


def _read(view: memoryview, offset: int) -> tuple[int, list[NDArray[np.float64]], int]:
    order, kind, dims, offset = _header(view, offset)
    if kind == _LINESTRING:
        (n,) = struct.unpack_from(order + "I", view, offset)
        offset += 4
        values = np.frombuffer(view, dtype=np.dtype(order + "f8"), count=n * dims, offset=offset)
        return kind, [values.reshape(n, dims)[:, :2].astype(np.float64)], offset + 8 * n * dims
    if kind == _MULTILINESTRING:
        (n,) = struct.unpack_from(order + "I", view, offset)
        offset += 4
        parts: list[NDArray[np.float64]] = []
        for _ in range(n):
            _, sub, offset = _read(view, offset)
            parts.extend(sub)
        return kind, parts, offset
    return kind, [], offset
