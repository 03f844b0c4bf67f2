"""Real browser (issue 5): the city office assigns 建设局 to a project's joint review, the
department answers from 我的审查任务, and the office sees the answer on the checklist page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data
from futurecommunity.common.time import today_local
from futurecommunity.permits import services
from futurecommunity.permits.models import DepartmentOpinion
from futurecommunity.projects.tests.factories import ProjectFactory

__all__ = ["browser_page", "reference_data"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(username: str, org_code: str, role: str):  # type: ignore[no-untyped-def]
    return UserFactory(
        username=username, organisation=Organisation.objects.get(code=org_code), role=role
    )


def _switch(page, base, username):  # type: ignore[no-untyped-def]
    """Log out through the header's 账号 menu, then log in as ``username``."""
    page.locator(".whoami .navgroup", has_text="账号").hover()
    page.locator("#logout-button").click()
    page.wait_for_load_state()
    login(page, base, username, TEST_PASSWORD)
    page.wait_for_selector(".whoami")


def test_office_assigns_department_answers_office_sees(
    reference_data, browser_page, live_server, tmp_path
):
    from playwright.sync_api import expect

    page = browser_page
    page.set_default_timeout(15000)
    base = live_server.url
    district = _user("br_district", "sx-330602", Role.EDITOR)
    _user("br_city", "sx-city-office", Role.APPROVER)
    _user("br_jianshe", "sx-dept-construction", Role.EDITOR)
    project = ProjectFactory(
        actor=district,
        name="塔山街道浏览器测试未来社区",
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
        data=services.MeetingInput(held_on=today_local(), attendees="建设局、民政局", opinions=()),
    )

    # 1. The city office assigns 绍兴市建设局 on the checklist page.
    login(page, base, "br_city", TEST_PASSWORD)
    page.wait_for_selector(".whoami")
    page.goto(f"{base}/manage/permits/projects/{project.reference}/")
    page.select_option("#assign-form #id_organisation", label="绍兴市建设局")
    page.select_option("#assign-form #id_purpose", "joint_review")
    page.click("#assign-form button[type=submit]")
    row = page.locator("#review-answers tr[data-organisation=sx-dept-construction]")
    expect(row).to_contain_text("待答复")

    # 2. The department finds the project in 我的审查任务 and answers with an attachment.
    _switch(page, base, "br_jianshe")
    page.goto(f"{base}/manage/permits/reviews/")
    task = page.locator(f"#review-tasks tr[data-reference='{project.reference}']")
    expect(task).to_contain_text("待答复")
    task.locator("a").click()
    # Disagreeing without a reason is refused with a field-level message.
    page.check("input[name=stance][value=disagree]")
    page.click("#opinion-form button[type=submit]")
    expect(page.locator("#field-opinion .error")).to_contain_text("请写明理由和依据")
    page.check("input[name=stance][value=agree_with_conditions]")
    page.fill("#id_opinion", "同意，但须同步完善消防通道。")
    attachment = tmp_path / "建设局书面意见.pdf"
    attachment.write_bytes(b"%PDF-1.4 test")
    page.set_input_files("#id_attachment", str(attachment))
    page.click("#opinion-form button[type=submit]")
    expect(page.locator("#current-opinion")).to_contain_text("有条件同意")
    page.screenshot(path=str(ARTIFACTS / "permits_review_answer.png"), full_page=True)

    # 3. The office sees the answer on the checklist page.
    _switch(page, base, "br_city")
    page.goto(f"{base}/manage/permits/projects/{project.reference}/#reviewers")
    expect(row).to_contain_text("有条件同意")
    expect(row).to_contain_text("完善消防通道")
    expect(row).to_contain_text("建设局书面意见.pdf")
    page.screenshot(path=str(ARTIFACTS / "permits_review_office.png"), full_page=True)
    opinion = DepartmentOpinion.objects.get()
    assert opinion.organisation.code == "sx-dept-construction"
