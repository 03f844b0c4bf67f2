"""Issue 6 in headless Chromium: import the Helsinki PBF through the screen, upload residents
and facilities (one bad workbook first), run an analysis, watch the job's progress display
finish, and read the map and the gap table.

Jobs run on the test backend (``sync``: on commit, in the request's thread). The embedded
``thread`` runner would write from a second thread into the live server's shared in-memory
SQLite database, which SQLite answers with "database table is locked"."""

from __future__ import annotations

import numpy as np
import pytest

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data
from futurecommunity.lifecircle import engine
from futurecommunity.lifecircle.catalogue import load_lifecircle_catalogue
from futurecommunity.lifecircle.models import AnalysisRun, Facility, StreetNetwork
from futurecommunity.lifecircle.tests.factories import FACILITY_HEADERS, RESIDENT_HEADERS, workbook
from futurecommunity.lifecircle.tests.test_helsinki import HELSINKI_CRS, helsinki_pbf

__all__ = ["browser_page", "reference_data"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DONE = ".job-progress[data-status=succeeded]"


def _upload_table(page, base, what, path):
    page.goto(f"{base}/manage/lifecircle/import/{what}/")
    page.set_input_files("#upload-form input[type=file]", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#import-result")


def test_helsinki_network_facilities_analysis_map_and_gaps(
    live_server, reference_data, browser_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_lifecircle_catalogue()
    UserFactory(username="yc_planner", full_name="越城规划", role=Role.EDITOR,
                organisation=Organisation.objects.get(code="sx-330602"))  # fmt: skip
    page, base = browser_page, live_server.url
    login(page, base, "yc_planner", TEST_PASSWORD)

    page.goto(f"{base}/manage/lifecircle/networks/import/")
    page.fill("#id_name", "赫尔辛基测试路网")
    page.select_option("#id_region", "330602")
    page.set_input_files("#id_file", str(helsinki_pbf()))
    page.fill("#id_crs", HELSINKI_CRS)
    page.click("#network-form button[type=submit]")
    page.wait_for_selector(DONE, timeout=60_000)
    page.click(f"{DONE} a.button")
    page.wait_for_selector("#network-facts")
    assert "可用" in page.inner_text("#network-facts")
    network = StreetNetwork.objects.get()

    graph = engine.StreetGraph.load(network.graph_file.path)
    lon, lat = engine.metric_to_lonlat(graph.x, graph.y, graph.crs)
    nodes = np.random.default_rng(3).choice(graph.n_nodes, 30, replace=False)
    residents = [[f"Helsinki {k}", "花园社区" if k % 2 else "沈园社区", float(lon[n]), float(lat[n]),
                  100 + 10 * k, "测试"] for k, n in enumerate(nodes[:20])]  # fmt: skip
    (tmp_path / "residents.xlsx").write_bytes(workbook(RESIDENT_HEADERS, residents, "居住点"))
    _upload_table(page, base, "residents", tmp_path / "residents.xlsx")
    page.click("#import-confirm")
    page.wait_for_selector("#resident-table")
    assert "花园社区" in page.inner_text("#resident-table")

    kinds = ["居家养老服务照料中心", "托育机构（托儿所）", "社区卫生服务站", "文化活动站", "幼儿园"]
    facilities = [[f"设施{k}", kinds[k % 5], "", float(lon[n]), float(lat[n]), "塔山街道", "", "", "",
                   "已开放", ""] for k, n in enumerate(nodes[20:])]  # fmt: skip
    bad = [
        *facilities,
        ["邻里中心甲", "邻里中心", "", 24.94, 60.17, "塔山街道", "", "", "", "", ""],
    ]
    (tmp_path / "bad.xlsx").write_bytes(workbook(FACILITY_HEADERS, bad, "设施"))
    _upload_table(page, base, "facilities", tmp_path / "bad.xlsx")
    assert "邻里中心须填写所含服务" in page.inner_text("#import-errors")
    assert Facility.objects.count() == 0
    (tmp_path / "good.xlsx").write_bytes(workbook(FACILITY_HEADERS, facilities, "设施"))
    _upload_table(page, base, "facilities", tmp_path / "good.xlsx")
    page.click("#import-confirm")
    page.wait_for_selector("#facility-table")
    assert Facility.objects.count() == 10

    page.goto(f"{base}/manage/lifecircle/runs/")
    page.click("#run-create")
    page.fill("#id_name", "赫尔辛基测试分析")
    page.select_option("#id_network", str(network.pk))
    page.select_option("#id_region", "330602001")
    page.click("#run-form button[type=submit]")
    page.wait_for_selector(".job-progress")
    page.wait_for_selector(DONE, timeout=60_000)
    assert "100%" in page.inner_text(".job-progress")
    page.click(f"{DONE} a.button")
    page.wait_for_selector("#lc-map canvas")
    run = AnalysisRun.objects.get()
    assert run.status == "succeeded"
    assert page.locator("#community-table tbody tr").count() == 2
    assert page.locator("#gap-table tbody tr").count() >= 1
    assert "5分钟生活圈" in page.inner_text("#gap-table")
    page.select_option("#map-service", "1")  # 托育: the map recolours without errors
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "lifecircle-run.png"), full_page=True)
