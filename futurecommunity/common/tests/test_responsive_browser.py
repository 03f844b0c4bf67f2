"""Phones: at 390 px no main page is wider than the viewport; the menu opens behind a button.

Screenshots at 1440 px and 390 px land in test-artifacts/responsive/ (not committed) to be looked at.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data

__all__ = ["browser_page", "reference_data"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICE_PAGES = (
    "dashboard",
    "projects:project-list",
    "projects:project-create",
    "compliance-board",
    "plan-target-list",
    "permits:route-wizard",
    "permits:configuration",
    "reporting:report-list",
    "reporting:bulletin-list",
    "rectification:order-list",
    "regions:community-list",
    "lifecircle:index",
    "notifications:todo-list",
    "notifications:inbox",
)
PUBLIC_PAGES = ("public:project-list",)

_WIDTH = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"


def _data():
    from futurecommunity.projects.tests.factories import ProjectFactory, advance

    city = UserFactory(
        username="phone_city",
        role=Role.APPROVER,
        organisation=Organisation.objects.get(code="sx-city-office"),
    )
    district = UserFactory(
        username="phone_district",
        role=Role.APPROVER,
        organisation=Organisation.objects.get(code="sx-330602"),
    )
    street = UserFactory(
        username="phone_street",
        role=Role.EDITOR,
        organisation=Organisation.objects.get(code="sx-330602001"),
    )
    project = ProjectFactory(actor=street, name="塔山街道花园未来社区（手机测试）")
    advance(project, "under_construction", approver=district, editor=street)
    ProjectFactory(actor=street, name="塔山街道罗北未来社区（手机测试）")
    return city, project


def _check(page, url: str, name: str, width: int) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 400, (name, response and response.status)
    page.wait_for_load_state("networkidle")
    shot = ARTIFACTS / "responsive" / f"{width}-{name.replace(':', '-')}.png"
    page.screenshot(path=str(shot), full_page=True)
    document_width = page.evaluate(_WIDTH)
    assert document_width <= width, f"{name}: document {document_width}px > viewport {width}px"


def test_main_pages_fit_a_phone_and_a_desktop(live_server, reference_data, browser_page):
    (ARTIFACTS / "responsive").mkdir(parents=True, exist_ok=True)
    city, project = _data()
    page = browser_page
    login(page, live_server.url, "phone_city", TEST_PASSWORD)
    page.wait_for_load_state("networkidle")
    urls = [(name, live_server.url + reverse(name)) for name in OFFICE_PAGES + PUBLIC_PAGES]
    urls.append(
        (
            "project-detail",
            live_server.url + reverse("projects:project-detail", args=[project.reference]),
        )
    )
    for width, height in ((390, 844), (1440, 900)):
        page.set_viewport_size({"width": width, "height": height})
        overflow = []
        for name, url in urls:
            try:
                _check(page, url, name, width)
            except AssertionError as exc:
                overflow.append(str(exc))
        assert overflow == [], overflow

    # the menu is behind a button on a phone and opens on a tap
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("dashboard"))
    assert not page.is_visible("nav.mainnav")
    page.click("#nav-button")
    assert page.is_visible("nav.mainnav")
    assert page.evaluate(_WIDTH) <= 390
    page.screenshot(path=str(ARTIFACTS / "responsive" / "390-menu-open.png"))


def _new_screens() -> list[tuple[str, str, dict[str, object]]]:
    """Screens added in issue 12, with the objects that fill them (made by the route cases):
    (URL name, who opens it, reverse kwargs)."""
    from futurecommunity.permits.tests.route_cases import _ensure_catalogue, make_checklist
    from futurecommunity.pilots.tests.route_cases import pilot_with_document
    from futurecommunity.reporting.tests.route_cases import _bulletin, _photo
    from futurecommunity.reporting.tests.route_cases import _report as _open_report

    _ensure_catalogue()
    street = "330602001"
    photo = _photo(street)  # a submitted report with a site photo (the photo grid)
    pilot, _document = pilot_with_document(street)  # a W1 pilot owing deliverables
    return [
        ("dashboard", "phone_city", {}),
        ("dashboard", "phone_district", {}),
        ("dashboard", "phone_street", {}),
        ("compliance-board", "phone_city", {}),
        ("reporting:report-edit", "phone_street", _open_report(street)),  # 保存草稿 / 提交
        (
            "reporting:report-edit",
            "phone_city",
            {"reference": photo["reference"], "month": photo["month"]},
        ),
        ("pilots:declaration-detail", "phone_city", {"reference": pilot.reference}),
        (
            "permits:checklist-detail",  # no checklist yet: the form pre-filled from the project
            "phone_district",
            {"reference": make_checklist(street, with_checklist=False).reference},
        ),
        (
            "permits:checklist-detail",  # the steps (cards on a phone) and the meeting form
            "phone_district",
            {"reference": make_checklist(street).project.reference},
        ),
        (
            "permits:review-assign-route",  # every department the route needs, in one step
            "phone_district",
            {"reference": make_checklist(street).project.reference},
        ),
        ("reporting:bulletin-detail", "phone_city", _bulletin(street)),  # sections 四 to 六
    ]


def test_new_screens_fit_a_phone_and_a_desktop(live_server, reference_data, browser_page):
    """The compliance board's forecast, the report form, the pilot's deliverables, the
    checklist pre-fill, the assign-all page, the bulletin's sections and the dashboards by
    role: none is wider than the window at 390 px or at 1440 px."""
    (ARTIFACTS / "responsive").mkdir(parents=True, exist_ok=True)
    _data()
    screens = _new_screens()
    page = browser_page
    overflow = []
    for user in ("phone_city", "phone_district", "phone_street"):
        page.context.clear_cookies()
        login(page, live_server.url, user, TEST_PASSWORD)
        page.wait_for_load_state("networkidle")
        for width, height in ((390, 844), (1440, 900)):
            page.set_viewport_size({"width": width, "height": height})
            for index, (name, who, kwargs) in enumerate(screens):
                if who != user:
                    continue
                url = live_server.url + reverse(name, kwargs=kwargs)
                try:
                    _check(page, url, f"new-{index}-{user}-{name}", width)
                    # folded parts opened: the street drill-down, the step and meeting forms
                    page.evaluate(
                        "document.querySelectorAll('details').forEach(d => d.open = true)"
                    )
                    page.wait_for_timeout(300)
                    document_width = page.evaluate(_WIDTH)
                    assert document_width <= width, f"{name} opened: {document_width}px > {width}px"
                except AssertionError as exc:
                    overflow.append(str(exc))
    assert overflow == [], overflow
    # the forecast table is there and scrolls inside its panel rather than widening the page
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.clear_cookies()
    login(page, live_server.url, "phone_city", TEST_PASSWORD)
    page.goto(live_server.url + reverse("compliance-board"))
    assert page.locator("#forecast-table tbody tr").count() > 1
    assert page.evaluate(_WIDTH) <= 390
    # ... one line per row (a squeezed column would stack 省级 or 越城区 one character a line)
    heights = page.eval_on_selector_all(
        "#forecast-table tbody tr", "rows => rows.map(r => r.getBoundingClientRect().height)"
    )
    assert max(heights) < 45, heights
