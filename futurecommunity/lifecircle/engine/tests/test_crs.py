import numpy as np
import pytest
from pyproj import Geod

from futurecommunity.lifecircle.engine import crs
from futurecommunity.lifecircle.engine.errors import EngineError

# Test vectors of the eviltransform library (googollee/eviltransform, transform_test.go),
# the de-facto reference for GCJ-02: (wgs_lat, wgs_lon, gcj_lat, gcj_lon).
EVILTRANSFORM_VECTORS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]
_GEOD = Geod(ellps="WGS84")


def _metres(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    return np.asarray(_GEOD.inv(lon1, lat1, lon2, lat2)[2])


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), EVILTRANSFORM_VECTORS)
def test_gcj02_forward_matches_reference_vectors(
    wgs_lat: float, wgs_lon: float, gcj_lat: float, gcj_lon: float
) -> None:
    lon, lat = crs.gcj02_from_wgs84(wgs_lon, wgs_lat)
    assert float(lon) == pytest.approx(gcj_lon, abs=1e-9)
    assert float(lat) == pytest.approx(gcj_lat, abs=1e-9)


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), EVILTRANSFORM_VECTORS)
def test_gcj02_inverse_recovers_wgs84(
    wgs_lat: float, wgs_lon: float, gcj_lat: float, gcj_lon: float
) -> None:
    lon, lat = crs.wgs84_from_gcj02(gcj_lon, gcj_lat)
    assert _metres(lon, lat, wgs_lon, wgs_lat) < 0.01


def test_gcj02_round_trip_over_shaoxing_is_below_half_a_metre() -> None:
    rng = np.random.default_rng(1)
    lon = rng.uniform(119.9, 121.3, 2000)
    lat = rng.uniform(29.2, 30.3, 2000)
    g_lon, g_lat = crs.gcj02_from_wgs84(lon, lat)
    back_lon, back_lat = crs.wgs84_from_gcj02(g_lon, g_lat)
    assert _metres(back_lon, back_lat, lon, lat).max() < 0.5
    # The offset itself is hundreds of metres: the test would notice a no-op.
    assert _metres(g_lon, g_lat, lon, lat).min() > 100


def test_gcj02_leaves_points_outside_china_unchanged() -> None:
    lon, lat = crs.gcj02_from_wgs84([24.94, 139.69], [60.17, 35.69])
    assert lon.tolist() == [24.94, 139.69]
    assert lat.tolist() == [60.17, 35.69]


def test_shaoxing_metric_crs_is_gauss_kruger_120e() -> None:
    # On the central meridian the easting is the false easting (500 km) and the northing
    # the GRS80 meridian arc from the equator to 30 N (3,320,113.4 m), scale factor 1.
    x, y = crs.lonlat_to_metric(120.0, 30.0)
    assert float(x) == pytest.approx(500000.0, abs=1e-6)
    assert float(y) == pytest.approx(3320113.4, abs=0.1)


def test_metric_distance_matches_geodesic_in_shaoxing() -> None:
    # Two points about 1 km apart in Keqiao: projected vs ellipsoidal distance < 0.5 m.
    lon = np.array([120.49, 120.50])
    lat = np.array([30.08, 30.085])
    x, y = crs.lonlat_to_metric(lon, lat)
    planar = float(np.hypot(x[1] - x[0], y[1] - y[0]))
    assert planar == pytest.approx(float(_metres(lon[0], lat[0], lon[1], lat[1])), abs=0.5)


def test_metric_round_trip() -> None:
    x, y = crs.lonlat_to_metric([120.58, 121.1], [30.0, 29.8])
    lon, lat = crs.metric_to_lonlat(x, y)
    assert np.allclose(lon, [120.58, 121.1], atol=1e-9)
    assert np.allclose(lat, [30.0, 29.8], atol=1e-9)


def test_lonlat_crs_is_refused_for_distances() -> None:
    with pytest.raises(EngineError, match="not a projected CRS"):
        crs.check_metric_crs("EPSG:4326")


def test_utm_zone_lookup() -> None:
    assert crs.utm_crs_for(24.94, 60.17) == "EPSG:32635"
    assert crs.utm_crs_for(-71.3, -29.9) == "EPSG:32719"
    assert crs.utm_crs_for(120.58, 30.0) == "EPSG:32651"


def test_looks_like_lonlat() -> None:
    assert crs.looks_like_lonlat([120.5], [30.0])
    assert not crs.looks_like_lonlat([555962.5], [3320255.0])
