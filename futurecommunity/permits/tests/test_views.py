"""Permits screens through the test client: wizard, Word download, checklist pages."""

from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.time import today_local
from futurecommunity.permits.models import ApprovalChecklist, ApprovalStep

pytestmark = pytest.mark.django_db

SMALL_CONVERSION = {
    "build_type": "renovation",
    "funding": "government",
    "total_investment": "1999999",
    "works_investment": "",
    "works_floor_area": "999",
    "converts_to_public_service": "yes",
    "on_published_list": "yes",
}


def _client(client, user):
    client.force_login(user)
    return client


def test_wizard_requires_login(client):
    response = client.get(reverse("permits:route-wizard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_wizard_shows_the_empty_questionnaire(client, yuecheng_editor):
    response = _client(client, yuecheng_editor).get(reverse("permits:route-wizard"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "是否利用既有建筑改造设置养老、托育等公共服务设施？" in text
    assert 'id="route-steps"' not in text


def test_wizard_shows_the_route_with_badges_and_reasons(client, yuecheng_editor):
    response = _client(client, yuecheng_editor).get(
        reverse("permits:route-wizard"), SMALL_CONVERSION
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('class="route-step kind-') == 10
    assert '部门联合审查 <span class="outcome outcome-required">须办理</span>' in text
    assert '施工许可 <span class="outcome outcome-exempt">可免于办理</span>' in text
    assert "1,999,999元低于2,000,000元" in text
    assert "依据条款：三(四)4" in text
    assert "下载审批路线单（Word）" in text


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"total_investment": "abc"}, "total_investment", "请输入数字。"),
        ({"total_investment": "-5"}, "total_investment", "不能为负数。"),
        ({"works_floor_area": ""}, "works_floor_area", "请填写此项。"),
        (
            {"works_investment": "3000000"},
            "works_investment",
            "工程投资额不能大于总投资（三(四)4）。",
        ),
        ({"build_type": "tower"}, "build_type", "请选择列表中的一项。"),
    ],
)
def test_wizard_bad_input_gives_field_errors(client, yuecheng_editor, change, field, message):
    response = _client(client, yuecheng_editor).get(
        reverse("permits:route-wizard"), {**SMALL_CONVERSION, **change}
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert response.context["route"] is None
    assert 'id="route-steps"' not in response.content.decode()


def test_docx_download_reads_back(client, yuecheng_editor):
    response = _client(client, yuecheng_editor).get(reverse("permits:route-docx"), SMALL_CONVERSION)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    document = Document(BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "未来社区项目审批路径单"
    rows = document.tables[0].rows
    assert len(rows) == 11
    assert [c.text for c in rows[9].cells[:5]] == [
        "9",
        "施工许可",
        "可免于办理",
        "建设部门",
        "三(四)4",
    ]


def test_docx_with_bad_input_goes_back_to_the_form(client, yuecheng_editor):
    response = _client(client, yuecheng_editor).get(
        reverse("permits:route-docx"), {**SMALL_CONVERSION, "total_investment": "x"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("permits:route-wizard"))


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("yuecheng_editor", 200),
        ("city_viewer", 200),
        ("keqiao_editor", 404),
        ("department_reviewer", 404),
        ("outsider", 404),
    ],
)
def test_checklist_page_scope(client, project, user, status, request):
    client.force_login(request.getfixturevalue(user))
    url = reverse("permits:checklist-detail", args=[project.reference])
    assert client.get(url).status_code == status


def test_create_checklist_through_the_page(client, project, yuecheng_editor):
    _client(client, yuecheng_editor)
    data = {"works_investment": "", "converts_to_public_service": "yes", "on_published_list": "yes"}
    response = client.post(reverse("permits:checklist-create", args=[project.reference]), data)
    assert response.status_code == 302
    assert ApprovalChecklist.objects.get(project=project).steps.count() == 10
    page = client.get(response["Location"]).content.decode()
    assert "部门联合审查" in page
    assert "三(四)1" in page


def test_other_district_cannot_post_to_a_checklist(client, checklist, keqiao_editor):
    client.force_login(keqiao_editor)
    url = reverse("permits:step-update", args=[checklist.project.reference, "joint_review"])
    response = client.post(url, {"joint_review-status": "in_progress"})
    assert response.status_code == 404
    assert ApprovalStep.objects.get(checklist=checklist, code="joint_review").status == "pending"


def test_viewer_in_scope_sees_no_forms_and_is_refused(client, checklist, city_viewer):
    client.force_login(city_viewer)
    reference = checklist.project.reference
    page = client.get(reverse("permits:checklist-detail", args=[reference])).content.decode()
    assert "登记办理情况" not in page
    url = reverse("permits:step-update", args=[reference, "joint_review"])
    response = client.post(url, {"joint_review-status": "in_progress"}, follow=True)
    assert "您无权办理该项目的审批事项。" in response.content.decode()
    assert ApprovalStep.objects.get(checklist=checklist, code="joint_review").status == "pending"


def test_mark_step_done_and_overdue_listing(client, checklist, yuecheng_editor):
    import datetime as dt

    _client(client, yuecheng_editor)
    reference = checklist.project.reference
    past = today_local() - dt.timedelta(days=3)
    ApprovalStep.objects.filter(checklist=checklist, code="joint_consultation").update(
        planned_on=past
    )
    url = reverse("permits:step-update", args=[reference, "joint_review"])
    client.post(
        url,
        {
            "joint_review-status": "done",
            "joint_review-done_on": today_local().isoformat(),
            "joint_review-document_number": "越建纪〔2025〕3号",
        },
    )
    step = ApprovalStep.objects.get(checklist=checklist, code="joint_review")
    assert (step.status, step.document_number) == ("done", "越建纪〔2025〕3号")
    page = client.get(reverse("permits:checklist-detail", args=[reference]))
    assert [s.code for s in page.context["overdue"]] == ["joint_consultation"]
    assert "逾期事项（1 项）" in page.content.decode()


def test_facts_change_shows_the_diff_before_saving(client, checklist, yuecheng_editor):
    _client(client, yuecheng_editor)
    url = reverse("permits:checklist-facts", args=[checklist.project.reference])
    data = {"works_investment": "", "on_published_list": "yes", "uses_existing_land": "yes"}
    preview = client.post(url, data)
    text = preview.content.decode()
    assert "新增：实施方案公示及利害关系人同意（不适用 → 须办理）" in text
    assert "不再需要：部门联合审查（须办理 → 不适用）" in text
    assert ApprovalChecklist.objects.get(pk=checklist.pk).uses_existing_land is False
    assert not AuditEntry.objects.filter(action="approval_checklist.recompute").exists()
    confirmed = client.post(url, {**data, "confirm": "1"})
    assert confirmed.status_code == 302
    assert ApprovalChecklist.objects.get(pk=checklist.pk).uses_existing_land is True


def test_meeting_is_recorded_from_the_page(client, checklist, yuecheng_editor):
    _client(client, yuecheng_editor)
    url = reverse("permits:meeting-record", args=[checklist.project.reference])
    data = {
        "held_on": today_local().isoformat(),
        "attendees": "区建设局、区民政局",
        "opinion_civil_affairs": "同意设置养老服务中心。",
    }
    client.post(url, data)
    page = client.get(reverse("permits:checklist-detail", args=[checklist.project.reference]))
    assert "民政部门：同意设置养老服务中心。" in page.content.decode()


def test_project_panel_snippet_renders_the_summary(checklist):
    from django.template.loader import render_to_string

    from futurecommunity.permits.selectors import checklist_summary

    summary = checklist_summary(checklist.project, today=today_local())
    assert (summary.done, summary.total, summary.overdue) == (0, 6, 0)
    html = render_to_string("permits/_project_panel.html", {"approval_summary": summary})
    assert "已办结 0 / 6 项" in html
    assert reverse("permits:checklist-detail", args=[checklist.project.reference]) in html
