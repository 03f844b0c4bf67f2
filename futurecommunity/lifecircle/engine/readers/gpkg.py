"""GeoPackage line layers: through pyogrio (bundled GDAL) when installed, otherwise by
reading the SQLite tables and geometry blobs directly."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import EngineError, FeatureProblem
from .common import add_parts, check_datum, normalise_crs
from .lines import NetworkImport, PolylineSet, network_from_polylines
from .wkb import WkbError, gpkg_blob_to_wkb, wkb_lines

Row = tuple[str | None, bytes | None]


def read_gpkg_network(
    path: str | Path,
    *,
    target_crs: str,
    layer: str | None = None,
    datum: str = "wgs84",
    use_gdal: bool = True,
) -> NetworkImport:
    """Read a line layer (the first one unless ``layer`` is given) of a GeoPackage."""
    path = Path(path)
    if not path.is_file():
        raise EngineError(f"GeoPackage not found: {path}")
    if use_gdal and _has_pyogrio():
        source_crs, rows = _read_with_pyogrio(path, layer)
    else:
        source_crs, rows = _read_with_sqlite(path, layer)
    return _collect(rows, normalise_crs(source_crs), check_datum(datum), target_crs)


def _collect(rows: Iterator[Row], source_crs: str, datum: str, target_crs: str) -> NetworkImport:
    lines = PolylineSet()
    used = 0
    for index, (feature_id, wkb) in enumerate(rows):
        lines.features_read += 1
        before = len(lines.lon)
        _add_wkb(lines, index, feature_id, wkb, source_crs, datum)
        used += len(lines.lon) > before
    return network_from_polylines(lines, target_crs=target_crs, features_used=used)


def _add_wkb(
    lines: PolylineSet, index: int, fid: str | None, wkb: bytes | None, src: str, datum: str
) -> None:
    if wkb is None:
        lines.problems.append(FeatureProblem(index, "feature has no geometry", fid))
        return
    try:
        parts = wkb_lines(wkb)
    except WkbError as exc:
        lines.problems.append(FeatureProblem(index, str(exc), fid))
        return
    if parts is None:
        lines.problems.append(FeatureProblem(index, "geometry is not a line", fid, False))
        return
    add_parts(lines, parts, index, fid, source_crs=src, datum=datum)  # type: ignore[arg-type]


def _has_pyogrio() -> bool:
    try:
        import pyogrio  # noqa: F401
    except ImportError:
        return False
    return True


def _read_with_pyogrio(path: Path, layer: str | None) -> tuple[str | None, Iterator[Row]]:
    from pyogrio import raw
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        meta, fids, geometry, _ = raw.read(path, layer=layer, return_fids=True, columns=[])
    except (DataLayerError, DataSourceError) as exc:
        raise EngineError(f"cannot read {path.name}: {exc}") from exc
    rows = ((str(fid), geom) for fid, geom in zip(fids, geometry, strict=True))
    return meta.get("crs"), rows


def _read_with_sqlite(path: Path, layer: str | None) -> tuple[str | None, Iterator[Row]]:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        table, column, srs = _layer_info(connection, layer)
        cursor = connection.execute(f'SELECT rowid, "{column}" FROM "{table}"')  # noqa: S608
    except sqlite3.Error as exc:
        raise EngineError(f"{path.name} is not a readable GeoPackage: {exc}") from exc
    return srs, _sqlite_rows(connection, cursor)


def _sqlite_rows(connection: sqlite3.Connection, cursor: sqlite3.Cursor) -> Iterator[Row]:
    try:
        for rowid, blob in cursor:
            yield str(rowid), _unwrap(blob)
    finally:
        connection.close()


def _unwrap(blob: bytes | None) -> bytes | None:
    if blob is None:
        return None
    try:
        return gpkg_blob_to_wkb(blob)
    except WkbError:
        return b""


def _layer_info(connection: sqlite3.Connection, layer: str | None) -> tuple[str, str, str | None]:
    query = (
        "SELECT g.table_name, g.column_name, s.organization, s.organization_coordsys_id "
        "FROM gpkg_geometry_columns g LEFT JOIN gpkg_spatial_ref_sys s ON g.srs_id = s.srs_id"
    )
    rows = connection.execute(query).fetchall()
    chosen = [r for r in rows if layer is None or r[0] == layer]
    if not chosen:
        raise EngineError(f"layer {layer!r} not found" if layer else "no geometry layer found")
    table, column, org, code = chosen[0]
    return table, column, f"{org}:{code}" if org and code and int(code) > 0 else None
