"""Issue 12 items 3 and 5 in headless chromium: grouped findings open without script, 下发整改单
from a finding reaches a pre-filled form and an issued order, the street drill-down draws its
chart; the new sections fit 390 px and 1440 px."""

from __future__ import annotations

import datetime as dt

import pytest

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data
from futurecommunity.common.time import today_local
from futurecommunity.rectification.models import RectificationOrder
from futurecommunity.targets.tests.test_plantext_browser import WIDEST

__all__ = ["browser_page", "reference_data"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_issue_an_order_from_a_grouped_finding_and_drill_down(
    live_server, reference_data, browser_page
):
    UserFactory(
        username="city_board",
        full_name="市风貌办经办",
        role=Role.EDITOR,
        organisation=Organisation.objects.get(code="sx-city-office"),
    )
    page = browser_page
    login(page, live_server.url, "city_board", TEST_PASSWORD)
    page.goto(f"{live_server.url}/manage/compliance/?as_of=2025-06-30")
    group = page.locator('details.finding-group[data-rule="T2-street"]')
    group.locator("summary").first.click()
    district = group.locator("details.finding-district").first
    district.locator("summary").click()
    for width in (390, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        right = page.evaluate(WIDEST, "#findings")
        assert right <= width, f"#findings 在 {width}px 下横向溢出至 {right}px"
        page.screenshot(path=str(ARTIFACTS / f"board-groups-{width}.png"))
    district.locator("a.finding-issue").first.click()
    page.wait_for_selector("#order-form")
    problem = page.inner_text("#order-source-text")
    assert problem and problem in page.input_value("#id_requirement")
    page.fill("#id_deadline", (today_local() + dt.timedelta(days=30)).isoformat())
    page.click("#issue-submit")
    page.wait_for_selector("#order-compliance-source")
    order = RectificationOrder.objects.get()
    assert order.source_rule == "T2-street"
    page.goto(f"{live_server.url}/manage/compliance/?as_of=2025-06-30&rule=T2-street")
    assert order.reference in page.inner_text("#findings")
    # The dashboard's drill-down: opening a district draws its streets' chart.
    page.goto(f"{live_server.url}/manage/")
    page.click("#streets-330602 summary")
    page.wait_for_selector("#streets-330602 .street-chart canvas")
    for width in (390, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        right = page.evaluate(WIDEST, "#street-drill")
        assert right <= width, f"#street-drill 在 {width}px 下横向溢出至 {right}px"
        page.screenshot(path=str(ARTIFACTS / f"dashboard-streets-{width}.png"))
