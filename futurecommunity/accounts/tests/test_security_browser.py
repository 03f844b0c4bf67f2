"""The Content Security Policy in a real browser: no violations on the dashboard, charts render."""

from __future__ import annotations

import pytest
from django.urls import reverse

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data

__all__ = ["browser_page", "reference_data"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""

_OTHER_PAGES = (
    "projects:project-list",
    "plan-target-list",
    "compliance-board",
    "regions:community-list",
    "permits:route-wizard",
)


def test_dashboard_has_no_csp_violations_and_draws_charts(
    live_server, reference_data, browser_page
):
    UserFactory(
        username="csp_viewer",
        role=Role.VIEWER,
        organisation=Organisation.objects.get(code="sx-city-office"),
    )
    page = browser_page
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.add_init_script(_RECORD_VIOLATIONS)

    login(page, live_server.url, "csp_viewer", TEST_PASSWORD)
    page.wait_for_selector("#coverage-map canvas")
    page.wait_for_timeout(500)
    box = page.locator("#coverage-map canvas").first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # tooltip
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "csp-dashboard.png"))

    violations = page.evaluate("window.__cspViolations")
    for name in _OTHER_PAGES:
        response = page.goto(live_server.url + reverse(name))
        assert response is not None and response.status < 400, name
        page.wait_for_load_state("networkidle")
        violations += [f"{name}: {v}" for v in page.evaluate("window.__cspViolations")]

    csp_console = [text for text in console if "Content Security Policy" in text]
    assert violations == [], violations
    assert csp_console == [], csp_console
