"""Coordinate systems: lon/lat <-> metric, and GCJ-02 <-> WGS-84.

Metric CRS for Shaoxing: **EPSG:4549, CGCS2000 / 3-degree Gauss-Kruger CM 120E** (zone 40,
false easting 500 km, no zone prefix). Why this and not UTM 51N (EPSG:32651):

* Shaoxing spans about 119.9 E (west Zhuji) to 121.2 E (east Shangyu). The 3-degree zone
  around 120 E (valid 118.5-121.5 E) contains all of it; UTM 51N starts at 120 E, so western
  Zhuji would lie outside its zone.
* Scale error: Gauss-Kruger has scale 1 on the central meridian and at most ~1.00017 at
  1.2 deg off it at 30 N (0.17 m per km); UTM 51N (k0 = 0.9996, central meridian 123 E)
  is 2-3 deg away and off by 0.3-0.6 m per km.
* It is the national CGCS2000 grid the Zhejiang natural-resources data is delivered in, so
  planning layers need no re-projection.

CGCS2000 vs WGS-84: both are ITRF-based geocentric frames whose ellipsoids differ by
0.1 mm in the semi-minor axis; at a given epoch positions agree to a few centimetres up to
well under a metre (plate motion since epoch 2000.0). For walking distances this is
negligible, so CGCS2000 lon/lat (EPSG:4490) is treated as equal to WGS-84 (EPSG:4326) here.

GCJ-02 ("Mars coordinates") is the obfuscated datum required on Chinese web maps (Gaode/
AMap, Tencent, Google China). Its forward formula is public (as in the widely used
``eviltransform`` library); there is no closed-form inverse, so :func:`wgs84_from_gcj02`
iterates the forward formula to a fixed point (converges to < 1 mm in a few steps).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import CRS, Transformer

from .errors import EngineError

SHAOXING_METRIC_CRS = "EPSG:4549"
WGS84 = "EPSG:4326"
CGCS2000_GEOGRAPHIC = "EPSG:4490"

# Krasovsky 1940 ellipsoid parameters used by the GCJ-02 formula.
_GCJ_A = 6378245.0
_GCJ_EE = 0.00669342162296594323

Coordinates = tuple[NDArray[np.float64], NDArray[np.float64]]


@lru_cache(maxsize=32)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def check_metric_crs(crs: str) -> None:
    """Refuse a CRS whose axes are not in metres (e.g. lon/lat degrees)."""
    parsed = CRS.from_user_input(crs)
    units = {axis.unit_name for axis in parsed.axis_info[:2]}
    if not parsed.is_projected or units != {"metre"}:
        raise EngineError(f"{crs} is not a projected CRS in metres; distances need one")


def transform(x: ArrayLike, y: ArrayLike, *, source: str, target: str) -> Coordinates:
    """Transform coordinates between two CRSs (x = easting/longitude first)."""
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    if source == target:
        return xs.copy(), ys.copy()
    tx, ty = _transformer(source, target).transform(xs, ys)
    return np.asarray(tx, dtype=np.float64), np.asarray(ty, dtype=np.float64)


def lonlat_to_metric(lon: ArrayLike, lat: ArrayLike, crs: str = SHAOXING_METRIC_CRS) -> Coordinates:
    """WGS-84 / CGCS2000 lon/lat degrees to a metric CRS (default: Shaoxing's)."""
    check_metric_crs(crs)
    return transform(lon, lat, source=WGS84, target=crs)


def metric_to_lonlat(x: ArrayLike, y: ArrayLike, crs: str = SHAOXING_METRIC_CRS) -> Coordinates:
    """Metric coordinates back to WGS-84 lon/lat degrees."""
    check_metric_crs(crs)
    return transform(x, y, source=crs, target=WGS84)


def utm_crs_for(lon: float, lat: float) -> str:
    """The WGS-84 UTM zone CRS containing a point (for networks outside Shaoxing)."""
    zone = int(np.floor((lon + 180.0) / 6.0)) % 60 + 1
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


def looks_like_lonlat(x: ArrayLike, y: ArrayLike) -> bool:
    """True when every coordinate lies within lon/lat degree ranges."""
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    return bool(xs.size and (np.abs(xs) <= 180).all() and (np.abs(ys) <= 90).all())


def is_outside_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """The bounding box outside which GCJ-02 equals WGS-84 (as in the reference code)."""
    lo = np.asarray(lon, dtype=np.float64)
    la = np.asarray(lat, dtype=np.float64)
    return (lo < 72.004) | (lo > 137.8347) | (la < 0.8293) | (la > 55.8271)


def _gcj_offset(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> Coordinates:
    x = lon - 105.0
    y = lat - 35.0
    common = 20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    d_lat += (common + 20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    d_lat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    d_lon += (common + 20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    d_lon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * np.pi
    magic = 1.0 - _GCJ_EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_GCJ_A * (1.0 - _GCJ_EE)) / (magic * sqrt_magic) * np.pi)
    d_lon = (d_lon * 180.0) / (_GCJ_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    return d_lon, d_lat


def gcj02_from_wgs84(lon: ArrayLike, lat: ArrayLike) -> Coordinates:
    """WGS-84 lon/lat to GCJ-02 lon/lat (unchanged outside China)."""
    lo = np.asarray(lon, dtype=np.float64)
    la = np.asarray(lat, dtype=np.float64)
    d_lon, d_lat = _gcj_offset(lo, la)
    outside = is_outside_china(lo, la)
    return np.where(outside, lo, lo + d_lon), np.where(outside, la, la + d_lat)


def wgs84_from_gcj02(
    lon: ArrayLike, lat: ArrayLike, *, tolerance_deg: float = 1e-10, max_iter: int = 30
) -> Coordinates:
    """GCJ-02 lon/lat to WGS-84 lon/lat by fixed-point iteration of the forward formula."""
    g_lon = np.asarray(lon, dtype=np.float64)
    g_lat = np.asarray(lat, dtype=np.float64)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(max_iter):
        f_lon, f_lat = gcj02_from_wgs84(w_lon, w_lat)
        e_lon, e_lat = f_lon - g_lon, f_lat - g_lat
        w_lon, w_lat = w_lon - e_lon, w_lat - e_lat
        if (
            max(np.max(np.abs(e_lon), initial=0.0), np.max(np.abs(e_lat), initial=0.0))
            < tolerance_deg
        ):
            break
    return w_lon, w_lat
