"""Issue 5: department review tasks and answers, assignment, configuration edits, overdue panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from futurecommunity.accounts.models import OrganisationKind, Role
from futurecommunity.accounts.tests.factories import OrganisationFactory, UserFactory
from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.permits import selectors, services
from futurecommunity.permits.catalogue import load_permit_catalogue
from futurecommunity.permits.models import (
    ApprovalStep,
    DepartmentOpinion,
    ReviewDepartment,
    RouteThreshold,
)
from futurecommunity.projects.assignments import ProjectAssignment, project_assign_department

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(checklist, yuecheng_editor):
    data = services.MeetingInput(
        held_on=today_local(), attendees="建设局、发改局、民政局", opinions=()
    )
    return services.joint_review_meeting_record(
        actor=yuecheng_editor, checklist=checklist, data=data
    )


@pytest.fixture
def assigned(project, department_reviewer, city_approver):
    return project_assign_department(
        actor=city_approver, project=project, organisation=department_reviewer.organisation
    )


@pytest.fixture
def other_department_user(db):
    org = OrganisationFactory(
        code="sx-minzheng", name="绍兴市民政局", kind=OrganisationKind.DEPARTMENT
    )
    return UserFactory(username="other_department", organisation=org, role=Role.APPROVER)


# --- department sees only assigned reviews ---------------------------------------------------


def test_department_sees_only_assigned_reviews(
    client, project, checklist, meeting, assigned, department_reviewer, other_department_user
):
    client.force_login(department_reviewer)
    page = client.get(reverse("permits:review-task-list"))
    assert page.status_code == 200
    assert project.reference in page.content.decode()
    assert (
        client.get(reverse("permits:review-task-detail", args=[project.reference])).status_code
        == 200
    )

    client.force_login(other_department_user)
    page = client.get(reverse("permits:review-task-list"))
    assert project.reference not in page.content.decode()
    detail = reverse("permits:review-task-detail", args=[project.reference])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"stance": "agree"}).status_code == 404
    assert not DepartmentOpinion.objects.exists()


def test_review_list_hides_closed_reviews(
    project, checklist, meeting, assigned, department_reviewer
):
    assert [t.project for t in selectors.review_task_list_for(viewer=department_reviewer)] == [
        project
    ]
    ApprovalStep.objects.filter(checklist=checklist, code="joint_review").update(
        status="done", done_on=today_local()
    )
    assert selectors.review_task_list_for(viewer=department_reviewer) == []


def test_offices_have_no_review_task_list(client, city_viewer):
    client.force_login(city_viewer)
    assert client.get(reverse("permits:review-task-list")).status_code == 403


# --- answering ------------------------------------------------------------------------------


def test_department_answer_writes_opinion_and_audit_entry(
    client, project, checklist, meeting, assigned, department_reviewer, city_approver
):
    client.force_login(department_reviewer)
    upload = SimpleUploadedFile("书面意见.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        reverse("permits:review-task-detail", args=[project.reference]),
        {
            "stance": "agree_with_conditions",
            "opinion": "须同步完善消防通道。",
            "attachment": upload,
        },
    )
    assert response.status_code == 302
    opinion = DepartmentOpinion.objects.get(meeting=meeting)
    assert opinion.organisation == department_reviewer.organisation
    assert opinion.stance == "agree_with_conditions"
    assert opinion.opinion == "须同步完善消防通道。"
    assert opinion.attachment_name == "书面意见.pdf"
    entry = AuditEntry.objects.filter(action="department_opinion.record").get()
    assert entry.subject_reference == project.reference
    assert entry.changes["stance"] == [None, "agree_with_conditions"]

    # The answer is final: a second answer is refused and changes nothing.
    client.post(
        reverse("permits:review-task-detail", args=[project.reference]),
        {"stance": "agree", "opinion": ""},
    )
    assert DepartmentOpinion.objects.filter(meeting=meeting).count() == 1
    assert DepartmentOpinion.objects.get(meeting=meeting).stance == "agree_with_conditions"
    assert AuditEntry.objects.filter(action="department_opinion.record").count() == 1

    # The office sees the answer on the checklist page.
    client.force_login(city_approver)
    page = client.get(
        reverse("permits:checklist-detail", args=[project.reference])
    ).content.decode()
    assert "绍兴市建设局" in page and "同意" in page and "书面意见.pdf" in page


def test_disagree_without_reason_is_refused_with_a_field_error(
    client, project, checklist, meeting, assigned, department_reviewer
):
    client.force_login(department_reviewer)
    response = client.post(
        reverse("permits:review-task-detail", args=[project.reference]), {"stance": "disagree"}
    )
    assert response.status_code == 400
    assert "不同意的，请写明理由和依据" in response.context["form"].errors["opinion"][0]
    assert not DepartmentOpinion.objects.exists()
    assert not AuditEntry.objects.filter(action="department_opinion.record").exists()


def test_office_user_cannot_answer_for_a_department(project, meeting, assigned, city_approver):
    with pytest.raises(PermissionDenied):
        services.department_opinion_record(
            actor=city_approver, meeting=meeting, data=services.OpinionInput(stance="agree")
        )


def test_department_viewer_role_cannot_answer(project, meeting, assigned, department_reviewer):
    viewer = UserFactory(
        username="dept_viewer", organisation=department_reviewer.organisation, role=Role.VIEWER
    )
    with pytest.raises(PermissionDenied):
        services.department_opinion_record(
            actor=viewer, meeting=meeting, data=services.OpinionInput(stance="agree")
        )


# --- assignment from the checklist page -------------------------------------------------------


def test_office_assigns_a_department_from_the_checklist_page(
    client, project, checklist, city_approver, department_reviewer
):
    client.force_login(city_approver)
    page = client.get(reverse("permits:checklist-detail", args=[project.reference]))
    assert page.context["assign_form"] is not None
    response = client.post(
        reverse("permits:review-assign", args=[project.reference]),
        {"organisation": department_reviewer.organisation_id, "purpose": "joint_review"},
    )
    assert response.status_code == 302
    assert ProjectAssignment.objects.filter(
        project=project, organisation=department_reviewer.organisation, active=True
    ).exists()
    # one by this office; the district's construction department was engaged as the convener
    # (三(四)1) when the checklist was created
    assert (
        AuditEntry.objects.filter(
            action="project.assign_department", actor_id=city_approver.pk
        ).count()
        == 1
    )


def test_only_offices_assign_departments(
    client, project, checklist, department_reviewer, keqiao_approver
):
    url = reverse("permits:review-assign", args=[project.reference])
    data = {"organisation": department_reviewer.organisation_id, "purpose": "joint_review"}
    client.force_login(keqiao_approver)  # another district: the project is out of scope
    assert client.post(url, data).status_code == 404
    project_assign = ProjectAssignment.objects.filter(
        project=project, organisation=department_reviewer.organisation
    )
    assert not project_assign.exists()
    # The department itself, even once assigned, cannot assign (it only reads the project).
    ProjectAssignment.objects.create(
        project=project, organisation=department_reviewer.organisation, assigned_by=keqiao_approver
    )
    other = OrganisationFactory(
        code="sx-caizheng", name="绍兴市财政局", kind=OrganisationKind.DEPARTMENT
    )
    client.force_login(department_reviewer)
    assert (
        client.post(url, {"organisation": other.pk, "purpose": "joint_review"}).status_code == 403
    )
    assert not ProjectAssignment.objects.filter(organisation=other).exists()
    assert not AuditEntry.objects.filter(
        action="project.assign_department",
        actor_id__in=[department_reviewer.pk, keqiao_approver.pk],
    ).exists()


def test_assigning_a_non_department_shows_a_field_error(client, project, checklist, city_approver):
    from futurecommunity.accounts.models import Organisation

    office = Organisation.objects.get(code="sx-city-office")
    client.force_login(city_approver)
    response = client.post(
        reverse("permits:review-assign", args=[project.reference]),
        {"organisation": office.pk, "purpose": "joint_review"},
    )
    assert response.status_code == 400
    assert response.context["assign_form"].errors["organisation"] == ["请选择列表中的一项。"]


# --- configuration (thresholds and roster) ------------------------------------------------------


KEY = "construction_permit_area_limit"


def test_city_office_edits_a_threshold_with_history(client, city_approver):
    load_permit_catalogue()
    client.force_login(city_approver)
    url = reverse("permits:threshold-edit", args=[KEY])
    page = client.get(url)
    assert page.status_code == 200 and "三(四)4" in page.content.decode()
    response = client.post(url, {"value": "1200", "reason": "住建部门确认文件"})
    assert response.status_code == 302
    row = RouteThreshold.objects.get(key=KEY)
    assert (row.value, row.is_edited) == ("1200", True)
    history = client.get(url).context["history"]
    assert [e.action for e in history] == ["route_threshold.update"]
    assert history[0].changes == {"value": ["1000", "1200"]}


def test_threshold_errors_are_per_field_in_chinese(client, city_approver):
    load_permit_catalogue()
    client.force_login(city_approver)
    url = reverse("permits:threshold-edit", args=[KEY])
    response = client.post(url, {"value": "abc", "reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["请填写此项。"]
    response = client.post(url, {"value": "-5", "reason": "测试"})
    assert response.status_code == 400
    assert "须为正数" in response.context["form"].errors["value"][0]
    assert RouteThreshold.objects.get(key=KEY).value == "1000"


def test_district_office_cannot_edit_thresholds(client, yuecheng_approver):
    load_permit_catalogue()
    client.force_login(yuecheng_approver)
    url = reverse("permits:threshold-edit", args=[KEY])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(url, {"value": "1", "reason": "x"}).status_code == 403
    row = RouteThreshold.objects.get(key=KEY)
    assert (row.value, row.is_edited) == ("1000", False)
    assert not AuditEntry.objects.filter(action="route_threshold.update").exists()
    with pytest.raises(PermissionDenied):
        services.route_threshold_update(
            actor=yuecheng_approver, threshold=row, value="1", reason="x"
        )


def test_city_office_renames_a_department_and_the_loader_keeps_it(client, city_approver):
    load_permit_catalogue()
    client.force_login(city_approver)
    url = reverse("permits:department-edit", args=["construction"])
    response = client.post(
        url, {"name": "市住房和城乡建设局", "role": "convener", "note": "", "reason": "机构改革"}
    )
    assert response.status_code == 302
    load_permit_catalogue()
    assert ReviewDepartment.objects.get(code="construction").name == "市住房和城乡建设局"
    entry = AuditEntry.objects.get(action="review_department.update")
    assert entry.subject_reference == "review_department:construction"


def test_roster_must_keep_one_convener(city_approver):
    load_permit_catalogue()
    department = ReviewDepartment.objects.get(code="construction")
    with pytest.raises(ValidationFailed) as error:
        services.review_department_update(
            actor=city_approver,
            department=department,
            name=department.name,
            role="joint_review",
            note="",
            reason="测试",
        )
    assert "召集部门" in error.value.errors["role"][0]
    assert ReviewDepartment.objects.get(code="construction").role == "convener"


def test_district_office_cannot_edit_departments(client, yuecheng_approver):
    load_permit_catalogue()
    client.force_login(yuecheng_approver)
    url = reverse("permits:department-edit", args=["construction"])
    response = client.post(url, {"name": "改名", "role": "convener", "reason": "x"})
    assert response.status_code == 403
    assert ReviewDepartment.objects.get(code="construction").name == "建设部门"
    assert not AuditEntry.objects.filter(action="review_department.update").exists()


# --- dashboard: overdue steps -------------------------------------------------------------------


def _make_overdue(checklist) -> ApprovalStep:
    step = checklist.steps.get(code="joint_review")
    ApprovalStep.objects.filter(pk=step.pk).update(
        status="in_progress", planned_on=today_local() - dt.timedelta(days=3)
    )
    return step


def test_dashboard_panel_lists_overdue_steps_for_the_city_not_another_district(
    client, project, checklist, city_approver, keqiao_approver
):
    _make_overdue(checklist)
    client.force_login(city_approver)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="overdue-steps-panel"' in page
    assert f'data-reference="{project.reference}"' in page

    client.force_login(keqiao_approver)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="overdue-steps-panel"' in page
    assert f'data-reference="{project.reference}"' not in page


def test_overdue_selector_follows_scope(project, checklist, yuecheng_editor, tashan_editor):
    step = _make_overdue(checklist)
    today = today_local()
    assert [s.pk for s in selectors.overdue_steps_for(viewer=yuecheng_editor, today=today)] == [
        step.pk
    ]
    ApprovalStep.objects.filter(pk=step.pk).update(status="done", done_on=today)
    assert selectors.overdue_steps_for(viewer=yuecheng_editor, today=today) == []


def test_dashboard_shows_a_department_its_review_tasks(
    client, project, checklist, meeting, assigned, department_reviewer
):
    client.force_login(department_reviewer)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="review-task-panel"' in page
    assert reverse("permits:review-task-list") in page
