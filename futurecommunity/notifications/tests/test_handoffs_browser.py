"""The three hand-offs in a real browser (issue 12): the to-do appears for the organisation that
must act — and only for it — and disappears once it has acted.

1. declare → list; 2. assign → answer → the district sees it; 3. report → freeze → bulletin.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data
from futurecommunity.common.time import today_local
from futurecommunity.projects.tests.factories import ProjectFactory, advance

__all__ = ["browser_page", "reference_data"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(username: str, org_code: str, role: str):  # type: ignore[no-untyped-def]
    return UserFactory(
        username=username, organisation=Organisation.objects.get(code=org_code), role=role
    )


def _as(page, base, username):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    login(page, base, username, TEST_PASSWORD)
    page.wait_for_selector(".whoami")


def _todos(page, base) -> str:  # type: ignore[no-untyped-def]
    page.goto(base + reverse("notifications:todo-list"))
    return page.locator("#todo-table").inner_text()


def test_declare_then_list(live_server, reference_data, browser_page):
    page, base = browser_page, live_server.url
    street = _user("h_street", "sx-330602001", Role.EDITOR)
    _user("h_yc_lead", "sx-330602", Role.APPROVER)
    _user("h_kq_lead", "sx-330603", Role.APPROVER)
    _user("h_city_lead", "sx-city-office", Role.APPROVER)
    project = ProjectFactory(actor=street, name="塔山街道交接测试未来社区")
    detail = base + reverse("projects:project-detail", args=[project.reference])

    _as(page, base, "h_street")
    assert "待申报" in _todos(page, base)
    page.goto(detail)
    page.locator("details.move", has_text="申报").locator("button.primary").click()
    page.wait_for_selector("#who-acts-next")
    assert "区、县（市）风貌办" in page.inner_text("#who-acts-next")
    assert project.reference not in _todos(page, base)

    for other in ("h_kq_lead", "h_city_lead"):  # another district; the city (county level)
        _as(page, base, other)
        assert project.reference not in _todos(page, base), other

    _as(page, base, "h_yc_lead")
    assert page.locator("#todo-count").count() == 1
    table = _todos(page, base)
    assert project.reference in table and "待审定是否列入创建名单" in table
    page.screenshot(path=str(ARTIFACTS / "handoff-1-district-todo.png"), full_page=True)
    page.locator("#todo-table tr", has_text=project.reference).locator("a").click()
    move = page.locator("details.move", has_text="列入创建名单").first
    move.locator("input[name=document_number]").fill("越风貌〔2026〕3号")
    move.locator("button.primary").click()
    page.wait_for_selector(".msg-success")
    assert project.reference not in _todos(page, base)
    # the hand-off went on: the street now has 待开工建设
    _as(page, base, "h_street")
    assert "待开工建设" in _todos(page, base)


def test_assign_answer_district_sees_it(live_server, reference_data, browser_page):
    from futurecommunity.permits import services

    page, base = browser_page, live_server.url
    district = _user("h_district", "sx-330602", Role.EDITOR)
    _user("h_jianshe", "sx-dept-construction", Role.EDITOR)
    _user("h_other_dept", "sx-dept-civil-affairs", Role.EDITOR)
    project = ProjectFactory(
        actor=district,
        name="塔山街道审查交接未来社区",
        funding="government",
        total_investment=Decimal("1500000"),
        floor_area=Decimal("800"),
    )
    checklist = services.approval_checklist_create(
        actor=district,
        project=project,
        facts=services.ChecklistFacts(converts_to_public_service=True, on_published_list=True),
    )
    services.joint_review_meeting_record(
        actor=district,
        checklist=checklist,
        data=services.MeetingInput(held_on=today_local(), attendees="建设局", opinions=()),
    )
    _as(page, base, "h_district")
    page.goto(base + reverse("permits:checklist-detail", args=[project.reference]))
    page.select_option("#assign-form #id_organisation", label="绍兴市建设局")
    page.select_option("#assign-form #id_purpose", "joint_review")
    page.click("#assign-form button[type=submit]")
    page.wait_for_selector("#review-answers")

    _as(page, base, "h_other_dept")  # a department that was not assigned
    assert project.reference not in _todos(page, base)

    _as(page, base, "h_jianshe")
    table = _todos(page, base)
    assert project.reference in table and "待提交联合审查意见" in table
    page.goto(base + reverse("notifications:inbox"))
    assert project.reference in page.inner_text("#inbox-table")
    page.goto(base + reverse("permits:review-task-detail", args=[project.reference]))
    page.check("input[name=stance][value=agree]")
    page.fill("#id_opinion", "同意。")
    page.click("#opinion-form button[type=submit]")
    page.wait_for_selector("#current-opinion")
    assert project.reference not in _todos(page, base)

    _as(page, base, "h_district")
    page.goto(base + reverse("notifications:inbox"))
    inbox = page.inner_text("#inbox-table")
    assert "审查意见" in inbox and "绍兴市建设局同意" in inbox
    page.goto(base + reverse("permits:checklist-detail", args=[project.reference]))
    row = page.locator("#review-answers tr[data-organisation=sx-dept-construction]")
    assert "同意" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "handoff-2-district-sees-answer.png"), full_page=True)


def test_report_freeze_bulletin(live_server, reference_data, browser_page):
    page, base = browser_page, live_server.url
    month = today_local().replace(day=1)
    last = (month - dt.timedelta(days=1)).replace(day=1)
    street = _user("h_street", "sx-330602001", Role.EDITOR)
    lead = _user("h_yc_lead", "sx-330602", Role.APPROVER)
    _user("h_fushan", "sx-330602002", Role.EDITOR)
    _user("h_city", "sx-city-office", Role.APPROVER)
    project = ProjectFactory(actor=street, name="塔山街道月报交接未来社区", creation_year=last.year)
    advance(project, "under_construction", approver=lead, editor=street, on=last)

    # the street owes this month's report; the neighbouring street does not
    _as(page, base, "h_fushan")
    assert project.reference not in _todos(page, base)
    _as(page, base, "h_street")
    assert f"待报送{month:%Y年%m月}月报" in _todos(page, base)
    page.locator("#todo-table tr", has_text=project.reference).locator("a").click()
    page.fill("#id_percent_complete", "20")
    page.fill("#id_investment_month", "100000")
    page.fill("#id_investment_to_date", "100000")
    page.click("#save-report")
    page.wait_for_selector("#report-table")
    assert project.reference not in _todos(page, base)
    assert f"待冻结{last:%Y年%m月}月报" not in _todos(page, base)  # the city's, not the street's

    _as(page, base, "h_city")
    table = _todos(page, base)
    assert f"待冻结{last:%Y年%m月}月报" in table
    page.locator("#todo-table tr", has_text="待冻结").locator("a").click()
    page.click("#freeze-month")
    page.wait_for_selector(".badge.ok")
    table = _todos(page, base)
    assert f"待冻结{last:%Y年%m月}月报" not in table
    assert f"待生成{last:%Y年%m月}月度通报" in table
    page.goto(base + reverse("reporting:bulletin-list"))
    page.select_option("#bulletin-month", f"{last:%Y-%m}")
    page.click("#generate-bulletin")
    page.wait_for_url("**/manage/jobs/**")
    page.locator(".job-progress[data-status=succeeded]").wait_for()
    table = _todos(page, base)
    assert f"待生成{last:%Y年%m月}月度通报" not in table
    assert "待印发月度通报" in table
    page.screenshot(path=str(ARTIFACTS / "handoff-3-city-todo.png"), full_page=True)
