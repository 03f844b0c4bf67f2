"""Issue 2 end to end in headless chromium: log in, dashboard, create a project, move it one step."""

from __future__ import annotations

import pytest

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data
from futurecommunity.projects.models import Project, Transition

__all__ = ["browser_page", "reference_data"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_district_official_registers_a_project_and_declares_it(
    live_server, reference_data, browser_page
):
    UserFactory(
        username="yc_clerk",
        full_name="越城经办",
        role=Role.EDITOR,
        organisation=Organisation.objects.get(code="sx-330602"),
    )
    page = browser_page
    login(page, live_server.url, "yc_clerk", TEST_PASSWORD)

    page.wait_for_selector("#target-matrix")
    assert "未来社区建设进度" in page.inner_text("h1")
    # A district official sees only their own district in the coverage table and the matrix.
    assert page.locator("#coverage-table tbody tr").count() == 1
    assert "越城区" in page.inner_text("#coverage-table")
    page.wait_for_selector("#coverage-map canvas")
    page.screenshot(path=str(ARTIFACTS / "dashboard-district.png"), full_page=True)

    page.goto(f"{live_server.url}/manage/projects/create/")
    page.fill("#id_name", "塔山街道花园未来社区")
    page.select_option("#id_street", "330602001")
    page.select_option("#id_communities", ["330602001004", "330602001008"])
    page.select_option("#id_level", "county")
    page.select_option("#id_build_type", "renovation")
    page.select_option("#id_creation_year", "2025")
    page.fill("#id_total_investment", "-5")
    # Browser-side validation would stop a negative number; the server must refuse it too.
    page.eval_on_selector("form.form-grid", "f => f.noValidate = true")
    page.click("form.form-grid button.primary")
    page.wait_for_load_state()
    page.screenshot(path=str(ARTIFACTS / "project-form-error.png"), full_page=True)
    # Field-level Chinese error and nothing written.
    assert "大于或等于" in page.inner_text(".field-total_investment .error")
    assert Project.objects.count() == 0

    page.fill("#id_total_investment", "1999999.00")
    page.select_option("#id_funding", "government")  # 申报 needs 资金来源 and 实施主体
    page.fill("#id_implementing_body", "塔山街道办事处")
    page.click("form.form-grid button.primary")
    page.wait_for_selector("#timeline")
    project = Project.objects.get()
    assert project.reference == "WL-330602-2025-001"
    assert "花园社区" in page.inner_text("#community-list")
    assert "沈园社区" in page.inner_text("#community-list")

    # Only the moves this official may make are offered: 申报 and not 列入创建名单 (a decision).
    summaries = page.locator("details.move summary").all_inner_texts()
    assert [s.split()[0] for s in summaries] == ["申报"]
    page.click("details.move button[type=submit]")
    page.wait_for_selector(".msg-success")
    assert "申报" in page.inner_text("#timeline")
    page.screenshot(path=str(ARTIFACTS / "project-detail.png"), full_page=True)
    assert Transition.objects.get(project=project).to_status == "declared"
