"""Real browser: an operator reports a quarter, the district confirms it, and the county-wide
declaration then counts the community as operating effectively (三(三), 二(三) W2)."""

from __future__ import annotations

import datetime as dt

import pytest

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data
from futurecommunity.operations import services
from futurecommunity.operations.loaders import load_operations
from futurecommunity.operations.tests import factories as f
from futurecommunity.projects.services import project_transition
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    ProjectFactory,
    advance,
)

__all__ = ["browser_page", "reference_data"]
pytestmark = pytest.mark.browser


def _user(username: str, org_code: str, role: str):  # type: ignore[no-untyped-def]
    return UserFactory(
        username=username, organisation=Organisation.objects.get(code=org_code), role=role
    )


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.locator(".whoami .navgroup", has_text="账号").hover()
    page.locator("#logout-button").click()
    page.wait_for_load_state()


def test_operator_reports_district_confirms_and_the_declaration_counts_it(
    live_server, reference_data, browser_page
) -> None:  # type: ignore[no-untyped-def]
    from futurecommunity.pilots import services as pilots

    load_operations()
    city = _user("city_ed", "sx-city-office", Role.EDITOR)
    lead = _user("kq_lead", f"sx-{KEQIAO}", Role.APPROVER)
    clerk = _user("kq_clerk", f"sx-{KEQIAO}", Role.EDITOR)
    street = _user("kq_street", f"sx-{KEQIAO_STREET}", Role.EDITOR)
    project = ProjectFactory(
        actor=street,
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
        name="柯桥运营示范社区",
    )
    for service in ("elderly", "childcare", "culture"):  # three services: the threshold
        f.plan(street, project, service)
    advance(project, "published", approver=lead, editor=street, on=dt.date(2025, 6, 1))
    profile = f.operator(city, name="柯桥综合运营联合体")
    operator = UserFactory(username="op_kq", organisation=profile.organisation, role=Role.EDITOR)
    f.choose(street, project, profile, on=dt.date(2025, 6, 1))
    project_transition(
        actor=street, project=project, target="operating", occurred_on=dt.date(2025, 7, 1)
    )
    q2 = services.quarterly_report_submit(actor=operator, project=project, data=f.quarter(2026, 2))
    services.quarterly_report_review(actor=clerk, report=q2, confirm=True)
    declaration = pilots.declaration_create(
        actor=clerk,
        data=pilots.DeclarationInput(
            kind="county",
            district_code=KEQIAO,
            street_code="",
            year=2026,
            declared_on=dt.date(2026, 3, 1),
        ),
    )
    page = browser_page
    base = live_server.url

    login(page, base, "op_kq", TEST_PASSWORD)
    page.goto(f"{base}/manage/operators/")
    assert page.locator("#operated-projects").inner_text().count(project.reference) == 1
    page.goto(f"{base}/manage/operators/projects/{project.reference}/report/")
    page.select_option("#id_quarter", "3")
    page.fill("#id_year", "2026")
    page.fill("#id_hours_kept_percent", "96")
    page.fill("#id_survey_responses", "120")
    page.fill("#id_survey_satisfied", "110")
    page.fill("#id_revenue", "200000")
    page.fill("#id_subsidy", "50000")
    page.screenshot(path=str(ARTIFACTS / "operations_report_form.png"), full_page=True)
    page.click("#quarter-form button[type=submit]")
    page.wait_for_selector("#report-status")
    assert "已报送" in page.inner_text("#report-status")
    report_url = page.url
    _logout(page)

    login(page, base, "kq_clerk", TEST_PASSWORD)
    page.goto(f"{base}/manage/pilots/declarations/{declaration.reference}/")
    assert "有效运营 0 个" in page.inner_text("#effective-operation")
    page.goto(report_url)
    page.click("#review-form button[value=confirm]")
    page.wait_for_selector("#report-status")
    assert "区县已确认" in page.inner_text("#report-status")
    page.goto(f"{base}/manage/pilots/declarations/{declaration.reference}/")
    text = page.inner_text("#effective-operation")
    page.screenshot(path=str(ARTIFACTS / "operations_declaration.png"), full_page=True)
    assert "已建成未来社区 1 个，其中有效运营 1 个" in text
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/manage/operators/projects/{project.reference}/")
    page.screenshot(path=str(ARTIFACTS / "operations_project_390.png"), full_page=True)
    assert "有效运营" in page.inner_text("#verdict")
