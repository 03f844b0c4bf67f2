"""Real headless Chromium against live_server: the wizard and a project's checklist.

Transactional tests flush the database afterwards, so the reference rows the root conftest
loads once per session are loaded again here (pytest-django runs these tests last).
"""

import os
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.test import Client
from docx import Document

from futurecommunity.common.time import today_local
from futurecommunity.permits.models import ApprovalStep

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
sync_api = pytest.importorskip("playwright.sync_api")

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium at /usr/bin/chromium"),
]


@pytest.fixture
def editor():
    from futurecommunity.accounts.loaders import load_organisations
    from futurecommunity.accounts.models import Role
    from futurecommunity.accounts.tests.factories import member_of
    from futurecommunity.projects.tests.factories import YUECHENG
    from futurecommunity.regions.loaders import load_regions

    load_regions()
    load_organisations()
    return member_of(f"sx-{YUECHENG}", Role.EDITOR, "browser_editor")


@pytest.fixture
def page(live_server, editor):
    client = Client()
    client.force_login(editor)
    cookie = client.cookies["sessionid"]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1366, "height": 900}, locale="zh-CN"
        )
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        browser.close()


def test_wizard_route_and_word_download(page, live_server):
    page.goto(f"{live_server.url}/manage/permits/route/")
    page.select_option("#id_build_type", "renovation")
    page.select_option("#id_funding", "government")
    page.fill("#id_total_investment", "1999999")
    page.fill("#id_works_floor_area", "999")
    page.check("input[name=converts_to_public_service][value=yes]")
    page.check("input[name=on_published_list][value=yes]")
    page.click("button.primary:has-text('生成审批路径')")
    steps = page.locator("#route-steps li")
    sync_api.expect(steps).to_have_count(10)
    review = page.locator("li[data-step=joint_review]")
    sync_api.expect(review.locator(".outcome")).to_have_text("须办理")
    sync_api.expect(review).to_contain_text("三(四)1")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "permits-route-wizard.png"), full_page=True)
    with page.expect_download() as caught:
        page.click("#download-docx")
    download = caught.value
    assert download.suggested_filename == "审批路线单.docx"
    document = Document(BytesIO(Path(download.path()).read_bytes()))
    assert document.paragraphs[0].text == "未来社区项目审批路径单"
    assert document.tables[0].rows[3].cells[1].text == "部门联合审查"


def test_wizard_bad_input_shows_chinese_field_errors(page, live_server):
    page.goto(f"{live_server.url}/manage/permits/route/")
    page.fill("#id_total_investment", "1999999")
    page.fill("#id_works_investment", "3000000")
    page.click("button.primary:has-text('生成审批路径')")
    sync_api.expect(page.locator("#field-works_investment .error")).to_have_text(
        "工程投资额不能大于总投资（三(四)4）。"
    )
    sync_api.expect(page.locator("#field-works_floor_area .error")).to_have_text("请填写此项。")
    sync_api.expect(page.locator("#route-steps")).to_have_count(0)


def test_checklist_mark_step_done(page, live_server, editor):
    from futurecommunity.projects.tests.factories import ProjectFactory

    project = ProjectFactory(
        actor=editor,
        name="塔山街道花园未来社区",
        funding="government",
        total_investment=Decimal("1500000"),
        floor_area=Decimal("800"),
    )
    page.goto(f"{live_server.url}/manage/permits/projects/{project.reference}/")
    page.check("input[name=converts_to_public_service][value=yes]")
    page.check("input[name=on_published_list][value=yes]")
    page.click("button:has-text('生成审批清单')")
    sync_api.expect(page.locator("#steps tbody tr[id^=step-]")).to_have_count(10)
    row = page.locator("#step-joint_review")
    page.locator("#step-joint_review + tr summary").click()
    form = page.locator("#form-joint_review")
    form.locator("select[name=joint_review-status]").select_option("done")
    form.locator("input[name=joint_review-done_on]").fill(today_local().isoformat())
    form.locator("input[name=joint_review-document_number]").fill("越建纪〔2025〕3号")
    form.locator("button[type=submit]").click()
    sync_api.expect(page.locator(".messages")).to_contain_text("“部门联合审查”已更新。")
    sync_api.expect(row.locator("[data-status]")).to_have_text("已办结")
    page.screenshot(path=str(ARTIFACTS / "permits-checklist.png"), full_page=True)
    step = ApprovalStep.objects.get(checklist__project=project, code="joint_review")
    assert (step.status, step.document_number) == ("done", "越建纪〔2025〕3号")
