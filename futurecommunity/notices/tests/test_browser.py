"""One real-browser walk through 三(一): a street clerk publishes the implementation-plan notice,
a resident on a 390 px phone objects and gets a receipt, the office answers, the resident reads
the answer, and the project cannot start works until day 7 has passed and consent is complete.

The calendar is moved by replacing ``today_local`` in every module that imported it (the live
server runs in this process), so the services' period arithmetic sees the moved day.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from decimal import Decimal

import pytest

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common import time as fc_time
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data
from futurecommunity.notices.models import Notice, Opinion
from futurecommunity.notices.tests.factories import register_workbook
from futurecommunity.permits.services import ChecklistFacts, approval_checklist_create
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import ProjectFactory, advance

__all__ = ["browser_page", "reference_data"]

DIGITS = "零一二三四五六七八九十"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, dt.date]]:
    state = {"today": fc_time.today_local()}
    original = fc_time.today_local
    for name, module in list(sys.modules.items()):
        if name.startswith("futurecommunity.") and getattr(module, "today_local", None) is original:
            monkeypatch.setattr(module, "today_local", lambda: state["today"])
    yield state


def _overflow(page) -> int:  # type: ignore[no-untyped-def]
    page.wait_for_load_state()
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def _main_overflow(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.wait_for_load_state()
    return list(
        page.evaluate(
            "Array.from(document.querySelectorAll('main *'))"
            ".filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 1)"
            ".map(e => e.tagName + '.' + e.className + '#' + e.id)"
        )
    )


def _start_works(page, base: str, project: Project) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/manage/projects/{project.reference}/")
    form = page.locator("form", has=page.locator("input[name=target][value=under_construction]"))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    return page.locator(".messages").inner_text()


def _record_consent(page, base: str, project: Project, row_id: int) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/manage/notices/consent/{project.reference}/")
    row = page.locator(f"#stakeholder-{row_id}")
    row.locator("summary").click()
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_notice_opinion_answer_and_gate(live_server, reference_data, browser_page, clock, tmp_path):
    page, base = browser_page, live_server.url
    clerk = UserFactory(
        username="tashan_clerk",
        organisation=Organisation.objects.get(code="sx-330602001"),
        role=Role.EDITOR,
    )
    lead = UserFactory(
        username="yuecheng_lead",
        organisation=Organisation.objects.get(code="sx-330602"),
        role=Role.APPROVER,
    )
    start = clock["today"]
    project = ProjectFactory(
        actor=clerk,
        total_investment=Decimal("30000000"),
        floor_area=Decimal("8000"),
        funding="government",
    )
    advance(project, "listed", approver=lead, editor=clerk, on=start)
    approval_checklist_create(
        actor=clerk, project=project, facts=ChecklistFacts(uses_existing_land=True)
    )

    # The street clerk publishes the notice with its PDF.
    login(page, base, "tashan_clerk", TEST_PASSWORD)
    page.goto(f"{base}/manage/notices/create/?project={project.reference}")
    page.select_option("#id_kind", "implementation_plan")
    page.fill("#id_title", "花园社区未来社区实施方案公示")
    page.fill("#id_body", "拟利用小区存量土地建设邻里中心。")
    page.fill("#id_start_on", start.isoformat())
    page.fill("#id_end_on", (start + dt.timedelta(days=7)).isoformat())
    plan = tmp_path / "实施方案.pdf"
    plan.write_bytes(b"%PDF-1.4\n% plan\n")
    page.set_input_files("#id_documents", str(plan))
    page.click("#notice-submit")
    page.wait_for_selector("#notice-status")
    notice = Notice.objects.get()
    assert "还差 7 天" in page.locator("#notice-progress").inner_text()

    # An anonymous resident on a 390 px phone objects and gets a receipt.
    phone = page.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    resident = phone.new_page()
    resident.goto(f"{base}/public/notices/")
    assert _overflow(resident) <= 0
    resident.click(f"text={notice.title}")
    resident.wait_for_selector("#opinion-form")
    assert _overflow(resident) <= 0
    assert "个人信息处理说明" in resident.locator("#pipl-purpose").inner_text()
    resident.select_option("#id_stance", "objection")
    resident.fill("#id_name", "王阿姨")
    resident.fill("#id_contact", "13912345678")
    resident.fill("#id_building", "3幢1单元")
    resident.fill("#id_text", "电梯井挡住一楼采光。")
    question = resident.locator("label[for=id_challenge]").inner_text()
    match = re.search(r"(.)加(.)等于", question)
    assert match is not None
    resident.fill("#id_challenge", str(DIGITS.index(match[1]) + DIGITS.index(match[2])))
    resident.click("#opinion-submit")
    receipt = resident.locator("#receipt-number").inner_text().strip()
    assert receipt == Opinion.objects.get().receipt
    resident.screenshot(path=str(ARTIFACTS / "notices_receipt_390.png"), full_page=True)

    # The office answers; the resident looks the answer up.
    page.goto(f"{base}/manage/notices/{notice.pk}/")
    card = page.locator(f"#opinion-{receipt}")
    assert "13912345678" in card.inner_text()  # the handling office sees the full contact
    card.locator("textarea[name=answer]").fill("电梯井北移两米，一楼日照满足要求。")
    card.locator("button[type=submit]").click()
    page.wait_for_load_state()
    resident.goto(f"{base}/public/notices/receipt/")
    resident.fill("#receipt-input", receipt)
    resident.click("#receipt-submit")
    assert "电梯井北移两米" in resident.locator("#receipt-answer").inner_text()
    assert "13912345678" not in resident.content()
    assert _overflow(resident) <= 0

    # Day 7: the notice is still running and nobody has consented; works cannot start.
    clock["today"] = start + dt.timedelta(days=7)
    message = _start_works(page, base, project)
    assert "三(一)" in message and "还差 1 天" in message and "尚未登记利害关系人名册" in message

    # The register is imported; after day 7, two of three households agree: still shut.
    clock["today"] = start + dt.timedelta(days=8)
    page.goto(f"{base}/manage/notices/consent/{project.reference}/")
    book = tmp_path / "名册.xlsx"
    book.write_bytes(
        register_workbook(
            [
                ("1幢", "1单元", "101", "张三"),
                ("1幢", "1单元", "102", "李四"),
                ("2幢", "1单元", "201", "王五"),
            ]
        ).read()
    )
    page.set_input_files("#import-form input[type=file]", str(book))
    page.click("#import-submit")
    page.wait_for_load_state()
    rows = list(project.stakeholders.order_by("room"))
    assert [r.owner for r in rows] == ["张三", "李四", "王五"]
    for row in rows[:2]:
        _record_consent(page, base, project, row.pk)
    message = _start_works(page, base, project)
    assert "公示期" not in message and "还差 1 户" in message
    project.refresh_from_db()
    assert project.status == "listed"

    # The third household agrees: the project starts construction.
    _record_consent(page, base, project, rows[2].pk)
    assert "可开工建设" in page.locator("#gate-state").inner_text()
    message = _start_works(page, base, project)
    project.refresh_from_db()
    assert project.status == "under_construction", message
    page.screenshot(path=str(ARTIFACTS / "notices_gate_open.png"), full_page=True)

    # Every public page, and the clerk's own pages, fit a 390 px screen.
    for path in (
        "notices/",
        f"notices/{notice.pk}/",
        "programme/",
        "communities/",
        "rankings/",
        "news/",
    ):
        resident.goto(f"{base}/public/{path}")
        assert _overflow(resident) <= 0, path
    login(resident, base, "tashan_clerk", TEST_PASSWORD)
    for path in (f"notices/{notice.pk}/", f"notices/consent/{project.reference}/", "notices/"):
        resident.goto(f"{base}/manage/{path}")
        # The official top navigation is base.html's (made responsive elsewhere); our content
        # inside <main> must fit.
        assert _main_overflow(resident) == [], path
    resident.screenshot(path=str(ARTIFACTS / "notices_list_390.png"), full_page=True)
    phone.close()
