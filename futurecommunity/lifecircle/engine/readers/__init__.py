"""Walking-network import: OSM PBF, GeoJSON, GeoPackage and Shapefile line layers.

Every reader returns a :class:`NetworkImport`: the graph (largest connected component, in
the requested metric CRS), the build report and the list of per-feature problems. A bad
feature never aborts the import; an unreadable file raises :class:`EngineError`.
"""

from .geojson import read_geojson_network
from .gpkg import read_gpkg_network
from .lines import NetworkImport, PolylineSet
from .osm import WalkFilter, read_osm_network
from .shp import read_shapefile_network

__all__ = [
    "NetworkImport",
    "PolylineSet",
    "WalkFilter",
    "read_geojson_network",
    "read_gpkg_network",
    "read_osm_network",
    "read_shapefile_network",
]
