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


def test_district_assigns_the_route_in_one_step_and_a_correction_is_a_new_version(
    reference_data, browser_page, live_server
):
    """Issue 12 item 4: 柯桥区风貌办 assigns every department the route needs (its own 住建局,
    the city's others) after seeing the list; 民政局 answers, then corrects with a reason; the
    office sees the current answer and the superseded one."""
    from playwright.sync_api import expect

    from futurecommunity.projects.tests.factories import GUANSHU, KEQIAO, KEQIAO_STREET

    page = browser_page
    page.set_default_timeout(15000)
    base = live_server.url
    district = _user("br_keqiao", "sx-330603", Role.EDITOR)
    _user("br_minzheng", "sx-dept-civil-affairs", Role.EDITOR)
    project = ProjectFactory(
        actor=district,
        name="柯桥街道浏览器测试未来社区",
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
        implementing_body="柯桥街道办事处",
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
        data=services.MeetingInput(held_on=today_local(), attendees="住建局、民政局", opinions=()),
    )

    # 1. The list first (nothing written), then one confirmation assigns them all.
    login(page, base, "br_keqiao", TEST_PASSWORD)
    page.wait_for_selector(".whoami")
    page.goto(f"{base}/manage/permits/projects/{project.reference}/")
    page.click("#assign-route-link")
    plan = page.locator("#assign-plan")
    expect(
        plan.locator("tr[data-organisation=sx-330603-dept-construction][data-purpose=joint_review]")
    ).to_contain_text("已指派，跳过")
    expect(plan.locator("tr[data-organisation=sx-dept-civil-affairs]")).to_contain_text("将指派")
    assert plan.locator("tr[data-organisation=sx-dept-construction]").count() == 0
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "permits_assign_route_390.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.click("#assign-route-form button[type=submit]")
    row = page.locator("#review-answers tr[data-organisation=sx-dept-civil-affairs]")
    expect(row).to_contain_text("待答复")
    expect(page.locator("#review-answers tr[data-organisation=sx-utility-water]")).to_be_visible()

    # 2. 民政局 answers; the answer is final, a correction needs a reason and is a new version.
    _switch(page, base, "br_minzheng")
    page.goto(f"{base}/manage/permits/reviews/{project.reference}/")
    page.check("input[name=stance][value=agree]")
    page.click("#opinion-form button[type=submit]")
    expect(page.locator("#current-opinion")).to_contain_text("同意")
    assert page.locator("#opinion-form").count() == 0
    page.click("#correct-opinion")
    page.check("input[name=stance][value=agree_with_conditions]")
    page.fill("#id_opinion", "须同步设置无障碍通道。")
    page.click("#correction-form button[type=submit]")
    expect(page.locator("#field-reason .error")).to_contain_text("更正原因")
    page.fill("#id_reason", "漏写条件。")
    page.click("#correction-form button[type=submit]")
    expect(page.locator("#current-opinion")).to_contain_text("有条件同意")
    expect(page.locator("#opinion-history li[data-version='1']")).to_contain_text("已更正")
    page.screenshot(path=str(ARTIFACTS / "permits_opinion_corrected.png"), full_page=True)

    # 3. The office sees the current (corrected) answer and the superseded one in the record.
    _switch(page, base, "br_keqiao")
    page.goto(f"{base}/manage/permits/projects/{project.reference}/#reviewers")
    expect(row).to_contain_text("有条件同意")
    expect(row).to_contain_text("第2版")
    expect(page.locator("#meetings li.opinion-superseded")).to_contain_text("已更正")
    versions = list(
        DepartmentOpinion.objects.filter(organisation__code="sx-dept-civil-affairs")
        .order_by("version")
        .values_list("version", "is_current")
    )
    assert versions == [(1, False), (2, True)]
