import json
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapefile
from pyproj import Geod

from futurecommunity.lifecircle.engine import crs
from futurecommunity.lifecircle.engine.errors import EngineError
from futurecommunity.lifecircle.engine.readers import (
    read_geojson_network,
    read_gpkg_network,
    read_shapefile_network,
)
from futurecommunity.lifecircle.engine.readers.lines import NetworkImport
from futurecommunity.lifecircle.engine.readers.wkb import gpkg_blob_to_wkb, wkb_lines

TARGET = crs.SHAOXING_METRIC_CRS
# A cross: line A west-east and line B south-north share the vertex (120.001, 30.0);
# line C is a separate island that the largest-component step must drop.
LINE_A = [(120.0, 30.0), (120.001, 30.0), (120.002, 30.0)]
LINE_B = [(120.001, 29.999), (120.001, 30.0), (120.001, 30.001)]
LINE_C = [(120.01, 30.01), (120.011, 30.01)]
_GEOD = Geod(ellps="WGS84")


def _geodesic(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(_GEOD.inv(a[0], a[1], b[0], b[1])[2])


def _expected_lengths() -> list[float]:
    segments = [LINE_A[:2], LINE_A[1:], LINE_B[:2], LINE_B[1:]]
    return sorted(_geodesic(s[0], s[1]) for s in segments)


def _assert_cross(result: NetworkImport) -> None:
    assert result.graph.n_nodes == 5
    assert result.graph.n_edges == 4
    assert result.report.nodes_dropped == 2
    assert result.report.edges_dropped == 1
    assert sorted(result.graph.edge_list()[2].tolist()) == pytest.approx(
        _expected_lengths(), abs=1e-6
    )
    degree = np.diff(result.graph.indptr)
    assert sorted(degree.tolist()) == [1, 1, 1, 1, 4]
    centre = int(np.argmax(degree))
    x, y = crs.lonlat_to_metric(120.001, 30.0, TARGET)
    assert result.graph.x[centre] == pytest.approx(float(x), abs=1e-6)
    assert result.graph.y[centre] == pytest.approx(float(y), abs=1e-6)


def _feature(coords: Any, kind: str = "LineString", fid: int | None = None) -> dict[str, Any]:
    feature: dict[str, Any] = {"type": "Feature", "properties": {}}
    feature["geometry"] = {"type": kind, "coordinates": coords}
    if fid is not None:
        feature["id"] = fid
    return feature


def _collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def test_geojson_lines_are_split_at_shared_vertices(tmp_path: Path) -> None:
    path = tmp_path / "net.geojson"
    path.write_text(json.dumps(_collection(_feature(LINE_A), _feature(LINE_B), _feature(LINE_C))))
    result = read_geojson_network(path, target_crs=TARGET)
    _assert_cross(result)
    assert result.problems == []
    assert (result.features_read, result.features_used) == (3, 3)


def test_geojson_multilinestring_and_bad_features_are_reported_not_fatal() -> None:
    document = _collection(
        _feature([LINE_A, LINE_B], "MultiLineString", fid=1),
        _feature(LINE_C),
        _feature([120.0, 30.0], "Point", fid=3),
        _feature([[120.0, 30.0]], fid=4),
        _feature([["a", "b"], [1, 2]], fid=5),
        {"type": "Feature", "geometry": None},
    )
    result = read_geojson_network(document, target_crs=TARGET)
    _assert_cross(result)
    problems = {(p.index, p.feature_id): p for p in result.problems}
    assert set(problems) == {(2, "3"), (3, "4"), (4, "5"), (5, None)}
    assert "not a line" in problems[(2, "3")].message
    assert not problems[(2, "3")].is_fatal
    assert "fewer than two vertices" in problems[(3, "4")].message
    assert "bad coordinates" in problems[(4, "5")].message


def test_geojson_in_projected_legacy_crs() -> None:
    features = []
    for line in (LINE_A, LINE_B, LINE_C):
        x, y = crs.lonlat_to_metric([p[0] for p in line], [p[1] for p in line], TARGET)
        features.append(_feature(np.column_stack([x, y]).tolist()))
    document = _collection(*features)
    document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}}
    _assert_cross(read_geojson_network(document, target_crs=TARGET))


def test_geojson_gcj02_input_is_converted_to_wgs84() -> None:
    features = []
    for line in (LINE_A, LINE_B, LINE_C):
        lon, lat = crs.gcj02_from_wgs84([p[0] for p in line], [p[1] for p in line])
        features.append(_feature(np.column_stack([lon, lat]).tolist()))
    result = read_geojson_network(_collection(*features), target_crs=TARGET, datum="gcj02")
    assert sorted(result.graph.edge_list()[2].tolist()) == pytest.approx(
        _expected_lengths(), abs=0.01
    )


def test_geojson_lonlat_target_crs_is_refused() -> None:
    with pytest.raises(EngineError, match="not a projected CRS"):
        read_geojson_network(_collection(_feature(LINE_A)), target_crs="EPSG:4326")


def test_geojson_without_lines_is_an_error() -> None:
    with pytest.raises(EngineError, match="no usable line features"):
        read_geojson_network(_collection(_feature([1.0, 2.0], "Point")), target_crs=TARGET)


def test_invalid_json_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text("{not json")
    with pytest.raises(EngineError, match="not valid JSON"):
        read_geojson_network(path, target_crs=TARGET)


def _wkb_line(coords: list[tuple[float, float]]) -> bytes:
    return struct.pack("<BII", 1, 2, len(coords)) + b"".join(
        struct.pack("<dd", x, y) for x, y in coords
    )


def _write_gpkg(path: Path) -> None:
    from pyogrio import raw

    geometry = np.array([_wkb_line(line) for line in (LINE_A, LINE_B, LINE_C)], dtype=object)
    raw.write(
        path, geometry=geometry, field_data=[], fields=[], crs="EPSG:4326",
        geometry_type="LineString", driver="GPKG", layer="walk",
    )  # fmt: skip


@pytest.mark.parametrize("use_gdal", [True, False])
def test_gpkg_with_and_without_gdal(tmp_path: Path, use_gdal: bool) -> None:
    path = tmp_path / "net.gpkg"
    _write_gpkg(path)
    result = read_gpkg_network(path, target_crs=TARGET, layer="walk", use_gdal=use_gdal)
    _assert_cross(result)
    assert result.problems == []


def test_gpkg_missing_layer_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "net.gpkg"
    _write_gpkg(path)
    with pytest.raises(EngineError):
        read_gpkg_network(path, target_crs=TARGET, layer="nope", use_gdal=False)


def test_gpkg_blob_header_is_stripped() -> None:
    wkb = _wkb_line(LINE_A)
    blob = b"GP\x00\x03" + struct.pack("<i", 4326) + struct.pack("<4d", 0, 1, 0, 1) + wkb
    assert gpkg_blob_to_wkb(blob) == wkb
    parts = wkb_lines(wkb)
    assert parts is not None
    assert parts[0].tolist() == [list(p) for p in LINE_A]


def _write_shapefile(path: Path, with_prj: bool) -> None:
    with shapefile.Writer(str(path), shapeType=shapefile.POLYLINE) as writer:
        writer.field("name", "C")
        for name, line in (("a", LINE_A), ("b", LINE_B), ("c", LINE_C)):
            writer.line([[list(p) for p in line]])
            writer.record(name)
    if with_prj:
        from pyproj import CRS

        path.with_suffix(".prj").write_text(CRS("EPSG:4326").to_wkt("WKT1_ESRI"))


def test_shapefile_with_prj(tmp_path: Path) -> None:
    path = tmp_path / "walk.shp"
    _write_shapefile(path, with_prj=True)
    result = read_shapefile_network(path, target_crs=TARGET)
    _assert_cross(result)
    assert result.problems == []


def test_shapefile_without_prj_assumes_lonlat_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "walk.shp"
    _write_shapefile(path, with_prj=False)
    result = read_shapefile_network(path, target_crs=TARGET)
    _assert_cross(result)
    assert [p.message for p in result.problems] == ["no .prj file: assumed WGS-84 lon/lat"]


def test_missing_shapefile_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="cannot read Shapefile"):
        read_shapefile_network(tmp_path / "none.shp", target_crs=TARGET)
