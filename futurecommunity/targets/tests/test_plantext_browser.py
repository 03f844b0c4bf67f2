"""Issue 10 items 8–11 in headless chromium at 390 px and 1440 px: the configuration screen,
the plan-consistency panel and the bulk urban-flag page fit without horizontal overflow.

Only this work's sections are measured: the top navigation bar overflows at 390 px on every
page today (being reworked for phones separately)."""

from __future__ import annotations

import pytest

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data

__all__ = ["browser_page", "reference_data"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = (
    ("/manage/configuration/", "#config-rule-parameter"),
    ("/manage/configuration/rule-parameter/first_year_treatment/", "#config-form"),
    ("/manage/compliance/?as_of=2025-06-30", "#plan-consistency"),
    ("/manage/compliance/?as_of=2025-06-30", "#denominator-note"),
    ("/manage/regions/communities/bulk/", "#bulk-import"),
)
WIDEST = """(selector) => {
  let right = 0;
  for (const el of [document.querySelector(selector), ...document.querySelectorAll(selector + ' *')]) {
    const box = el.getBoundingClientRect();
    if (box.width > 0) right = Math.max(right, box.right);
  }
  return right;
}"""


def test_city_office_pages_fit_a_phone_and_a_desktop(live_server, reference_data, browser_page):
    UserFactory(
        username="city_cfg",
        full_name="市风貌办经办",
        role=Role.EDITOR,
        organisation=Organisation.objects.get(code="sx-city-office"),
    )
    page = browser_page
    login(page, live_server.url, "city_cfg", TEST_PASSWORD)
    for width in (390, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        for path, selector in PAGES:
            page.goto(f"{live_server.url}{path}")
            page.wait_for_selector(selector)
            right = page.evaluate(WIDEST, selector)
            assert right <= width, f"{path} {selector} 在 {width}px 下横向溢出至 {right}px"
        page.screenshot(path=str(ARTIFACTS / f"plantext-board-{width}.png"), full_page=True)
    # the label and the edit work in the browser too
    page.goto(f"{live_server.url}/manage/configuration/rule-parameter/first_year_treatment/")
    assert "推定（待核实）" in page.inner_text("#provenance")
    page.fill("#id_value", "full")
    page.fill("#id_reason", "市风貌办核定")
    page.click("#config-form button[type=submit]")
    page.wait_for_selector("#current-value")
    assert page.inner_text("#current-value") == "full"
    assert "推定（待核实）" not in page.inner_text("#provenance")
