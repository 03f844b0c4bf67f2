"""Walking-accessibility engine for the 5-10-15-minute life circle.

Pure Python + numpy/scipy + numba kernels; it imports nothing from Django so that it can be
tested, benchmarked and reused on its own. The Django layer (``futurecommunity.lifecircle``)
feeds it arrays and stores what it returns. Typical use::

    net = read_osm_network(path, target_crs=SHAOXING_METRIC_CRS)   # or GeoJSON/GPKG/SHP
    net.graph.save("walk.npz")                                       # later: StreetGraph.load
    homes = net.graph.snap(x, y, max_distance=200)
    shops = {kind: net.graph.snap(fx, fy, max_distance=200) for kind, (fx, fy) in ...}
    result = compute_accessibility(net.graph, homes, shops, radii_m=[300, 500, 800, 1000],
                                   walking_speed_m_per_min=speed)
    table = aggregate(result, population, community_codes, parameters)
    gaps = gap_list(table, parameters)
"""

from .accessibility import AccessibilityResult, compute_accessibility
from .coverage import (
    CoverageTable,
    Gap,
    LevelCoverage,
    LevelRule,
    LifeCircleParameters,
    aggregate,
    gap_list,
)
from .crs import (
    SHAOXING_METRIC_CRS,
    gcj02_from_wgs84,
    lonlat_to_metric,
    metric_to_lonlat,
    wgs84_from_gcj02,
)
from .errors import EngineError, FeatureProblem
from .graph import BuildReport, SnappedPoints, StreetGraph, build_graph

__all__ = [
    "SHAOXING_METRIC_CRS",
    "AccessibilityResult",
    "BuildReport",
    "CoverageTable",
    "EngineError",
    "FeatureProblem",
    "Gap",
    "LevelCoverage",
    "LevelRule",
    "LifeCircleParameters",
    "SnappedPoints",
    "StreetGraph",
    "aggregate",
    "build_graph",
    "compute_accessibility",
    "gap_list",
    "gcj02_from_wgs84",
    "lonlat_to_metric",
    "metric_to_lonlat",
    "wgs84_from_gcj02",
]
