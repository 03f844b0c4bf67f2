"""Issue 13 in headless Chromium: a district clerk registers an idle building, its owner
(国资委) confirms it, the clerk runs a siting scenario, adopts it, moves a site to another year
of the three-year plan and downloads the Word plan; the city office sees the plan. Pages are
checked for horizontal overflow at 390 px.

Jobs run on the test backend (``sync``: on commit, in the request's thread)."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.centres.models import CandidateSite, LayoutPlan, PlanItem
from futurecommunity.centres.tests import factories as f
from futurecommunity.common.tests.browser import browser_page, login, reference_data
from futurecommunity.lifecircle.catalogue import load_lifecircle_catalogue
from futurecommunity.lifecircle.tests.factories import (
    SHENYUAN,
    grid_lonlat,
    make_network,
    seed_tashan,
)

__all__ = ["browser_page", "reference_data"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TASHAN = "330602001"


def _no_overflow(page, url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(url)
    # this page's own content (the site-wide navigation bar belongs to base.html)
    wide = page.evaluate(
        "[...document.querySelectorAll('main.page *')]"
        ".filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > 391)"
        ".slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id)"
    )
    page.set_viewport_size({"width": 1366, "height": 768})
    assert not wide, f"{url} overflows at 390 px: {wide}"


def _logout(page, base: str) -> None:
    page.context.clear_cookies()


def test_district_flow_register_confirm_run_adopt_edit_download(
    live_server, reference_data, browser_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_lifecircle_catalogue()
    clerk = UserFactory(username="yc_clerk", full_name="越城经办", role=Role.EDITOR,
                        organisation=Organisation.objects.get(code="sx-330602"))  # fmt: skip
    UserFactory(username="sasac_clerk", full_name="国资委经办", role=Role.EDITOR,
                organisation=Organisation.objects.get(code=f.SASAC))  # fmt: skip
    UserFactory(username="city_look", full_name="市风貌办查看", role=Role.VIEWER,
                organisation=Organisation.objects.get(code="sx-city-office"))  # fmt: skip
    make_network()
    seed_tashan(clerk)
    f.site(TASHAN, i=9, j=3, community=SHENYUAN, name="乙号存量用地", kind="land")
    page, base = browser_page, live_server.url

    # 1. the district clerk registers an idle building
    login(page, base, "yc_clerk", TEST_PASSWORD)
    page.goto(f"{base}/manage/centres/sites/new/")
    lon, lat = grid_lonlat(8, 7)
    page.select_option("#id_kind", "building")
    page.fill("#id_name", "原粮站办公楼")
    page.select_option("#id_street_code", TASHAN)
    page.fill("#id_community_code", SHENYUAN)
    page.fill("#id_address", "塔山街道粮站路1号")
    page.fill("#id_lon", f"{lon:.6f}")
    page.fill("#id_lat", f"{lat:.6f}")
    page.fill("#id_area", "900")
    page.fill("#id_cost", "150")
    page.select_option("#id_owner_code", f.SASAC)
    page.click("#form-submit")
    page.wait_for_selector("#site-refusal")
    assert "产权单位尚未确认" in page.inner_text("#site-refusal")
    site = CandidateSite.objects.get(name="原粮站办公楼")

    # 2. the owner organisation confirms its building
    _logout(page, base)
    login(page, base, "sasac_clerk", TEST_PASSWORD)
    page.goto(f"{base}/manage/centres/sites/{site.pk}/")
    page.click("#site-confirm")
    page.wait_for_selector("#site-usable")

    # 3. the clerk runs a scenario with both sites, one centre per community
    _logout(page, base)
    login(page, base, "yc_clerk", TEST_PASSWORD)
    page.goto(f"{base}/manage/centres/scenarios/new/")
    page.fill("#id_name", "两处新中心")
    page.select_option("#id_mode", "mclp")
    page.fill("#id_centres", "2")
    page.uncheck("#id_one_per_community")
    page.fill("#id_budget_per_year", "200")
    page.fill("#id_count_per_year", "1")
    page.fill("#id_first_year", "2025")
    page.click("#form-submit")
    page.wait_for_selector("#scenario-summary")
    summary = page.inner_text("#scenario-summary")
    assert "1100" in summary and "最优性差距为 0" in summary

    # 4. adopt, then move the second-year site to the third year
    page.click("#scenario-adopt")
    page.wait_for_selector("#item-table")
    page.wait_for_selector("#centres-map canvas")  # the before/after map is drawn
    plan = LayoutPlan.objects.get()
    assert sorted(plan.items.values_list("year", flat=True)) == [2025, 2026]
    late = plan.items.get(year=2026)
    page.select_option(f"form[action$='/items/{late.pk}/'] select", "2027")
    page.click(f"form[action$='/items/{late.pk}/'] button")
    page.wait_for_selector("#item-table")
    assert PlanItem.objects.get(pk=late.pk).year == 2027
    assert "人工调整" in page.inner_text("#item-table")

    # 5. the Word plan downloads and reads back
    with page.expect_download() as caught:
        page.click("#plan-docx")
    doc = Document(BytesIO(open(caught.value.path(), "rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2027 年" in text and "最优" in text
    _no_overflow(page, f"{base}/manage/centres/plans/{plan.pk}/")
    _no_overflow(page, f"{base}/manage/centres/scenarios/{plan.scenario_id}/")

    # 6. the city office sees the district's plan
    _logout(page, base)
    login(page, base, "city_look", TEST_PASSWORD)
    page.goto(f"{base}/manage/centres/plans/")
    assert "越城区" in page.inner_text("#plan-table")
