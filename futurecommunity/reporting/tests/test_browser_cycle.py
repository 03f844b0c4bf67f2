"""One real-browser walk through the whole monthly cycle (四 S1–S3, issue 7).

A street and a district enter last month's reports (form and Excel import), the city office
freezes the month, generates the bulletin (job progress page), edits and issues it; the .docx is
read back and compared with the frozen month; the quarter is scored and published; an order is
issued, answered, sent back, answered again and verified.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from docx import Document
from openpyxl import Workbook

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data
from futurecommunity.common.time import today_local
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    ProjectFactory,
    advance,
)
from futurecommunity.rectification.models import RectificationOrder
from futurecommunity.reporting.bulletin_docx import DISTRICT_HEADER
from futurecommunity.reporting.excel import COLUMNS
from futurecommunity.reporting.models import Bulletin, MonthlyReport, MonthSnapshot

__all__ = ["browser_page", "reference_data"]


def _user(username: str, org_code: str, role: str):  # type: ignore[no-untyped-def]
    return UserFactory(
        username=username, organisation=Organisation.objects.get(code=org_code), role=role
    )


def _switch(page, base, username):  # type: ignore[no-untyped-def]
    """Log out through the header's 账号 menu, then log in as ``username``."""
    menu = page.locator(".whoami .navgroup", has_text="账号")
    menu.hover()
    page.locator("#logout-button").click()
    page.wait_for_load_state()
    login(page, base, username, TEST_PASSWORD)
    page.wait_for_selector(".whoami")


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(ARTIFACTS / f"reporting_cycle_{name}.png"), full_page=True)


def _move(page, base, order, target, remark=""):  # type: ignore[no-untyped-def]
    page.goto(f"{base}/manage/rectification/orders/{order.pk}/")
    form = page.locator(f"#move-{target}")
    if not form.is_visible():
        page.locator("details.move", has=form).locator("summary").click()
    if remark:
        form.locator("textarea[name=remark]").fill(remark)
    form.locator(f"#submit-{target}").click()
    page.wait_for_load_state()


def _report(page, base, reference, month, percent, monthly, total, draft_photo=None):  # type: ignore[no-untyped-def]
    """Fill the form and 提交; with ``draft_photo``, first 保存草稿 with that photo."""
    page.goto(f"{base}/manage/reporting/reports/{reference}/{month:%Y-%m}/")
    page.fill("#id_percent_complete", percent)
    page.fill("#id_investment_month", monthly)
    page.fill("#id_investment_to_date", total)
    page.fill("#id_milestones", "主体结构施工")
    page.fill("#id_problems", "管线迁改协调难")
    if draft_photo is not None:
        page.set_input_files("#id_photos", str(draft_photo))
        page.click("#save-draft")
        page.wait_for_selector("#report-draft-state")
        assert "草稿已保存" in page.locator(".messages").inner_text()
        assert page.locator("#report-photos img.photo-thumb").count() == 1
        assert page.locator("#id_investment_to_date").input_value() == total
    page.click("#save-report")
    page.wait_for_selector("#report-table")


def _photo(path):  # type: ignore[no-untyped-def]
    from PIL import Image

    Image.new("RGB", (800, 600), (90, 140, 60)).save(path, format="JPEG")
    return path


def _import_file(path, rows) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append([label for _key, label in COLUMNS])
    for row in rows:
        ws.append(list(row))
    wb.save(path)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_monthly_cycle_bulletin_ranking_and_order(
    live_server, reference_data, browser_page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page, base = browser_page, live_server.url
    month = (today_local().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    quarter = f"{month.year}Q{(month.month - 1) // 3 + 1}"

    city = _user("city_a", "sx-city-office", Role.APPROVER)
    yc_a = _user("yc_a", "sx-330602", Role.APPROVER)
    yc_e = _user("yc_e", "sx-330602", Role.EDITOR)
    kq_a = _user("kq_a", f"sx-{KEQIAO}", Role.APPROVER)
    kq_e = _user("kq_e", f"sx-{KEQIAO}", Role.EDITOR)
    _user("tashan_e", "sx-330602001", Role.EDITOR)
    assert city.pk

    def project(editor, approver, **kw):  # type: ignore[no-untyped-def]
        p = ProjectFactory(actor=editor, creation_year=month.year, level="county", **kw)
        return advance(p, "under_construction", approver=approver, editor=editor, on=month)

    tashan_1 = project(yc_e, yc_a)
    tashan_2 = project(yc_e, yc_a)
    kq_1 = project(
        kq_e,
        kq_a,
        name="柯桥街道测试未来社区一",
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
    )
    kq_2 = project(
        kq_e,
        kq_a,
        name="柯桥街道测试未来社区二",
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
    )

    # 1. The street enters its two reports through the form.
    login(page, base, "tashan_e", TEST_PASSWORD)
    page.goto(f"{base}/manage/reporting/?month={month:%Y-%m}")
    assert page.locator("a.report-link").count() == 2
    _report(
        page, base, tashan_1.reference, month, "45", "1200000", "5200000",
        draft_photo=_photo(tmp_path / "现场.jpg"),
    )  # fmt: skip
    _report(page, base, tashan_2.reference, month, "30", "800000", "2400000")
    assert page.locator("#report-table tbody tr").count() == 2
    assert page.locator("#freeze-month").count() == 0  # streets cannot freeze
    _shot(page, "1_street_reports")

    # 2. The district imports one project through the Excel screen; the other stays unreported.
    _switch(page, base, "kq_e")
    page.goto(f"{base}/manage/reporting/import/?month={month:%Y-%m}")
    upload = tmp_path / "import.xlsx"
    _import_file(upload, [(kq_1.reference, kq_1.name, 60, 500000, 3000000, "完成", "", "")])
    page.set_input_files("input[name=file]", str(upload))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#report-table")
    assert "已导入 1 个项目" in page.locator(".messages").inner_text()
    assert kq_2.reference in page.locator("a.report-link").inner_text()
    # A draft left at month end is still missing: the freeze below counts kq_2 unreported.
    page.goto(f"{base}/manage/reporting/reports/{kq_2.reference}/{month:%Y-%m}/")
    page.fill("#id_percent_complete", "20")
    page.click("#save-draft")
    page.wait_for_selector("#report-draft-state")
    page.goto(f"{base}/manage/reporting/?month={month:%Y-%m}")
    assert "草稿未提交" in page.locator("#pending-panel").inner_text()

    # 3. The city office freezes the month.
    _switch(page, base, "city_a")
    page.goto(f"{base}/manage/reporting/?month={month:%Y-%m}")
    assert page.locator("#report-table tbody tr").count() == 3
    page.click("#freeze-month")
    page.wait_for_selector(".badge.ok")
    assert "已冻结" in page.locator(".messages").inner_text()
    _shot(page, "2_frozen")
    snapshot = MonthSnapshot.objects.get(month=month)
    assert len(snapshot.data["reports"]) == 3 and len(snapshot.data["missing"]) == 1

    # 4. Generate the bulletin: the job page shows 已完成 at 100 %.
    page.goto(f"{base}/manage/reporting/bulletins/")
    page.select_option("#bulletin-month", f"{month:%Y-%m}")
    page.click("#generate-bulletin")
    page.wait_for_url("**/manage/jobs/**")
    progress = page.locator(".job-progress")
    progress.wait_for()
    assert progress.get_attribute("data-status") == "succeeded"
    assert "已完成" in progress.inner_text() and "100%" in progress.inner_text()
    assert page.locator(".progress-bar").get_attribute("aria-valuenow") == "100"
    _shot(page, "3_job_done")
    progress.locator("a.button", has_text="查看结果").click()
    page.wait_for_selector("#bulletin-districts")

    # 5. Edit the draft text, then issue.
    remark = "柯桥区有 1 个项目未报送月报，请立即补报。"
    page.fill("#id_commentary", remark)
    page.locator("#bulletin-form button[type=submit]").click()
    page.wait_for_selector("#issue-bulletin")
    assert "通报草稿已保存" in page.locator(".messages").inner_text()
    assert page.locator("#id_commentary").input_value() == remark
    page.wait_for_selector("#bulletin-chart canvas")
    page.wait_for_timeout(1500)  # let the chart's bars finish growing before the screenshot
    _shot(page, "4_bulletin_draft")
    page.click("#issue-bulletin")
    page.wait_for_selector(".badge.ok")
    bulletin = Bulletin.objects.get(month=month)
    assert bulletin.status == "issued"
    number = bulletin.document_number
    assert number.endswith(f"〔{today_local().year}〕1号")
    assert number in page.locator(".messages").inner_text()
    _shot(page, "5_bulletin_issued")

    # 6. Download the .docx and read it back against the frozen month.
    with page.expect_download() as info:
        page.click("#download-docx")
    doc = Document(BytesIO(info.value.path().read_bytes()))
    texts = [p.text for p in doc.paragraphs]
    assert f"关于{month.year}年{month.month}月全市未来社区建设进展情况的通报" in texts
    assert number in texts
    assert remark in texts
    table = doc.tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == DISTRICT_HEADER
    by_name = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    figures = {d["name"]: d for d in bulletin.figures["districts"]}
    assert set(by_name) == set(figures) and len(by_name) >= 6
    for name, d in figures.items():
        expected = [
            d["name"],
            d["year_target"],
            d["created"],
            d["completion"],
            d["building"],
            d["coverage"],
            d["owing"],
            d["late"],
            d["missing"],
        ]
        assert by_name[name] == [str(v) for v in expected]
    # …and the reporting columns equal the frozen snapshot, counted independently.
    for code, name in (("330602", "越城区"), (KEQIAO, "柯桥区")):
        reports = [r for r in snapshot.data["reports"] if r["district_code"] == code]
        missing = [r for r in snapshot.data["missing"] if r["district_code"] == code]
        late = sum(1 for r in reports if r["is_late"])
        assert by_name[name][6:9] == [
            str(len(reports) + len(missing)),
            str(late),
            str(len(missing)),
        ]
    assert by_name["越城区"][6:9] == ["2", "2", "0"]  # reported after the 25th: late
    assert by_name["柯桥区"][6:9] == ["2", "1", "1"]
    late_table = next(t for t in doc.tables if t.rows[0].cells[-1].text == "情况")
    late_rows = {tuple(c.text for c in r.cells) for r in late_table.rows[1:]}
    assert (kq_2.reference, kq_2.name, "柯桥区", "未报") in late_rows
    assert (tashan_1.reference, tashan_1.name, "越城区", "迟报") in late_rows
    listing_table = next(t for t in doc.tables if t.rows[0].cells[-1].text == "日期")
    listed = {r.cells[0].text for r in listing_table.rows[1:]}
    assert {tashan_1.reference, kq_2.reference} <= listed
    assert len(doc.inline_shapes) == 2  # the two charts

    # 7. Score the quarter and publish it; ranks are visible.
    page.goto(f"{base}/manage/reporting/rankings/")
    page.fill("form[action$='/rankings/compute/'] input[name=quarter]", quarter)
    page.locator("form[action$='/rankings/compute/'] button[type=submit]").click()
    page.wait_for_selector("#ranking-table")
    page.locator("form[action$='/publish/'] button[type=submit]").click()
    page.wait_for_selector("h1 .badge.ok")
    assert "已公布" in page.locator("h1").inner_text()
    rows = page.locator("#ranking-table tbody tr")
    assert rows.count() >= 6
    assert rows.nth(0).locator("td").nth(0).inner_text() == "1"
    ranked = {
        rows.nth(i).locator("td").nth(1).inner_text(): rows.nth(i).locator("td").nth(0).inner_text()
        for i in range(rows.count())
    }
    assert {"越城区", "柯桥区"} <= set(ranked)
    _shot(page, "6_ranking")

    # 8. An order: issued, answered, sent back, answered again, verified.
    page.goto(f"{base}/manage/rectification/orders/create/")
    page.select_option("#id_recipient", label="塔山街道办事处")
    page.fill("#id_title", "月报迟报整改")
    page.fill("#id_requirement", "说明迟报原因并建立按期报送机制。")
    page.fill("#id_deadline", f"{today_local() + dt.timedelta(days=30):%Y-%m-%d}")
    page.click("#issue-submit")
    page.wait_for_selector("#order-status")
    order = RectificationOrder.objects.get()
    _switch(page, base, "tashan_e")
    _move(page, base, order, "responded", "已明确专人负责月报。")
    _switch(page, base, "city_a")
    _move(page, base, order, "sent_back", "缺少制度文件。")
    _switch(page, base, "tashan_e")
    _move(page, base, order, "responded", "已补充制度文件。")
    _switch(page, base, "city_a")
    _move(page, base, order, "closed")
    assert page.locator("#order-status").inner_text() == "核查通过已办结"
    assert page.locator("#timeline li").count() == 5
    _shot(page, "7_order_closed")
    order.refresh_from_db()
    assert order.status == "closed"
    assert MonthlyReport.objects.filter(month=month).count() == 3
