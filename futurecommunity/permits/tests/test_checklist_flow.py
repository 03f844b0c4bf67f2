"""Issue 12 item 4: the checklist pre-filled from the project, every department the route needs
assigned in one step (the district's own where it has them), corrected answers as new versions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.notifications.models import Message
from futurecommunity.permits import services
from futurecommunity.permits.assignment_plan import PlanState, route_assignment_plan
from futurecommunity.permits.models import ApprovalChecklist
from futurecommunity.permits.prefill import checklist_prefill
from futurecommunity.projects.assignments import ProjectAssignment, project_assign_department
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    ProjectFactory,
    advance,
)

pytestmark = pytest.mark.django_db

_FACTS = services.ChecklistFacts(converts_to_public_service=True, on_published_list=True)


# --- 1. pre-filled from the project ---------------------------------------------------------


def test_missing_project_facts_link_to_the_project_fields_before_any_question(
    client, yuecheng_editor
):
    project = ProjectFactory(actor=yuecheng_editor, funding="", total_investment=None)
    client.force_login(yuecheng_editor)
    page = client.get(reverse("permits:checklist-detail", args=[project.reference]))
    html = page.content.decode()
    edit = reverse("projects:project-edit", args=[project.reference])
    assert f'href="{edit}#id_funding"' in html
    assert f'href="{edit}#id_total_investment"' in html
    assert 'id="route-missing"' in html
    # the questions are not asked until the route can be computed
    assert 'id="checklist-create-form"' not in html


def test_listed_linked_renovation_prefills_answers_and_names_the_field(
    client, yuecheng_editor, yuecheng_approver
):
    project = ProjectFactory(
        actor=yuecheng_editor,
        total_investment=Decimal("1500000"),
        floor_area=Decimal("800"),
        is_linked_renovation=True,
    )
    advance(project, "listed", approver=yuecheng_approver, editor=yuecheng_editor)
    client.force_login(yuecheng_editor)
    page = client.get(reverse("permits:checklist-detail", args=[project.reference]))
    html = page.content.decode()
    form = page.context["facts_form"]
    assert form.initial["on_published_list"] == "yes"
    assert form.initial["municipal_or_environment_works"] == "yes"
    assert 'data-prefilled="on_published_list"' in html
    assert "来自项目状态（列入创建名单）" in html
    assert "来自联动老旧小区改造（是）" in html
    assert 'id="route-missing"' not in html


def test_unlisted_project_and_new_build_prefill(yuecheng_editor):
    planned = ProjectFactory(actor=yuecheng_editor)
    assert checklist_prefill(planned)["on_published_list"].value is False
    assert "municipal_or_environment_works" not in checklist_prefill(planned)
    new_build = ProjectFactory(actor=yuecheng_editor, build_type="new_build")
    prefill = checklist_prefill(new_build)
    assert prefill["adds_floor_area"].value is True
    assert prefill["adds_floor_area"].source == "建设类型（新建类）"


def test_official_can_change_a_prefilled_answer_and_the_change_is_audited(
    client, yuecheng_editor, yuecheng_approver
):
    project = ProjectFactory(
        actor=yuecheng_editor, total_investment=Decimal("1500000"), floor_area=Decimal("800")
    )
    advance(project, "listed", approver=yuecheng_approver, editor=yuecheng_editor)
    client.force_login(yuecheng_editor)
    response = client.post(
        reverse("permits:checklist-create", args=[project.reference]),
        {"on_published_list": "no", "converts_to_public_service": "yes"},
    )
    assert response.status_code == 302
    checklist = ApprovalChecklist.objects.get(project=project)
    assert checklist.on_published_list is False
    entry = AuditEntry.objects.get(action="approval_checklist.create")
    assert entry.changes["prefill_changed"] == [None, ["on_published_list"]]


# --- 2. every department the route needs, in one step ---------------------------------------


@pytest.fixture
def keqiao_checklist(keqiao_editor):
    project = ProjectFactory(
        actor=keqiao_editor,
        name="柯桥街道测试未来社区",
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
        implementing_body="柯桥街道办事处",
        total_investment=Decimal("1500000"),
        floor_area=Decimal("800"),
    )
    return services.approval_checklist_create(actor=keqiao_editor, project=project, facts=_FACTS)


def test_plan_uses_the_districts_own_construction_bureau_and_city_departments_otherwise(
    keqiao_checklist,
):
    plan = route_assignment_plan(keqiao_checklist.project, keqiao_checklist)
    codes = {(i.organisation.code, i.purpose.value) for i in plan.items if i.organisation}
    # the convener (柯桥区住建局) was assigned when the checklist was made: skipped
    convener = next(
        i
        for i in plan.items
        if i.organisation and i.organisation.code == "sx-330603-dept-construction"
    )
    assert convener.purpose == "joint_review" and convener.state == PlanState.ASSIGNED
    assert ("sx-dept-construction", "joint_review") not in codes  # never the city's as well
    assert ("sx-dept-civil-affairs", "joint_review") in codes
    assert ("sx-utility-water", "joint_consultation") in codes
    assert ("sx-dept-development-reform", "approval") in codes
    assert "居民代表" in plan.not_departments


def test_assign_route_assigns_each_once_with_message_and_skips_the_assigned(
    client, keqiao_checklist, keqiao_editor, django_capture_on_commit_callbacks
):
    from futurecommunity.accounts.models import Role
    from futurecommunity.accounts.tests.factories import member_of

    water = member_of("sx-utility-water", Role.EDITOR, "water_editor")
    project = keqiao_checklist.project
    before = set(
        ProjectAssignment.objects.filter(project=project).values_list(
            "organisation__code", "purpose"
        )
    )
    client.force_login(keqiao_editor)
    preview = client.get(reverse("permits:review-assign-route", args=[project.reference]))
    html = preview.content.decode()
    assert "已指派，跳过" in html and "柯桥区住房和城乡建设局" in html
    assert ProjectAssignment.objects.filter(project=project).count() == len(
        before
    )  # GET writes nothing
    plan = route_assignment_plan(project, keqiao_checklist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("permits:review-assign-route", args=[project.reference]))
    assert response.status_code == 302
    after = set(
        ProjectAssignment.objects.filter(project=project, active=True).values_list(
            "organisation__code", "purpose"
        )
    )
    expected = {(i.organisation.code, i.purpose.value) for i in plan.to_assign}
    assert after == before | expected
    assert AuditEntry.objects.filter(action="project.assign_department").count() == len(
        before
    ) + len(expected)
    summary = AuditEntry.objects.get(action="approval_checklist.assign_route")
    assert len(summary.changes["assigned"][1]) == len(expected)
    assert Message.objects.filter(kind="projects.assigned", recipient=water).count() == 1
    client.force_login(water)
    todos = client.get(reverse("notifications:todo-list")).content.decode()
    assert project.reference in todos
    # a second run has nothing left to assign and writes nothing
    with pytest.raises(DomainError):
        services.review_assign_route(actor=keqiao_editor, project=project)
    assert AuditEntry.objects.filter(action="approval_checklist.assign_route").count() == 1


def test_assign_route_skips_a_department_assigned_by_hand(keqiao_checklist, keqiao_editor):
    from futurecommunity.accounts.models import Organisation

    project = keqiao_checklist.project
    civil = Organisation.objects.get(code="sx-dept-civil-affairs")
    project_assign_department(actor=keqiao_editor, project=project, organisation=civil)
    services.review_assign_route(actor=keqiao_editor, project=project)
    assert (
        ProjectAssignment.objects.filter(
            project=project, organisation=civil, purpose="joint_review"
        ).count()
        == 1
    )
    entry = AuditEntry.objects.get(action="approval_checklist.assign_route")
    assert "绍兴市民政局（联合审查）" in entry.changes["skipped"][1]


def test_assign_route_refused_for_a_street_and_another_district(
    keqiao_checklist, tashan_editor, yuecheng_editor
):
    project = keqiao_checklist.project
    count = ProjectAssignment.objects.count()
    for actor in (tashan_editor, yuecheng_editor):
        with pytest.raises(PermissionDenied):
            services.review_assign_route(actor=actor, project=project)
    assert ProjectAssignment.objects.count() == count
    assert not AuditEntry.objects.filter(action="approval_checklist.assign_route").exists()


def test_a_route_step_department_gets_a_todo_until_its_steps_are_done(
    client, keqiao_checklist, keqiao_editor
):
    from futurecommunity.accounts.models import Role
    from futurecommunity.accounts.tests.factories import member_of
    from futurecommunity.common.time import today_local
    from futurecommunity.permits.models import ApprovalStep

    fgw = member_of("sx-dept-development-reform", Role.EDITOR, "fgw_editor")
    project = keqiao_checklist.project
    services.review_assign_route(actor=keqiao_editor, project=project)
    client.force_login(fgw)
    todos = client.get(reverse("notifications:todo-list")).content.decode()
    assert "待办理审批事项" in todos and "项目立项和赋码" in todos
    assert (
        client.get(reverse("permits:checklist-detail", args=[project.reference])).status_code == 200
    )
    ApprovalStep.objects.filter(
        checklist=keqiao_checklist, responsible_units__contains="发改部门"
    ).update(status="done", done_on=today_local())
    todos = client.get(reverse("notifications:todo-list")).content.decode()
    assert "待办理审批事项" not in todos


# --- 3. a corrected answer is a new, audited version --------------------------------------


@pytest.fixture
def answered(project, checklist, yuecheng_editor, department_reviewer, city_approver):
    from futurecommunity.common.time import today_local

    meeting = services.joint_review_meeting_record(
        actor=yuecheng_editor,
        checklist=checklist,
        data=services.MeetingInput(held_on=today_local(), attendees="建设局", opinions=()),
    )
    project_assign_department(
        actor=city_approver, project=project, organisation=department_reviewer.organisation
    )
    return services.department_opinion_record(
        actor=department_reviewer,
        meeting=meeting,
        data=services.OpinionInput(stance="agree", opinion="同意。"),
    )


def test_correction_is_a_new_version_the_old_one_kept_and_the_office_told(
    client, answered, department_reviewer, yuecheng_editor, django_capture_on_commit_callbacks
):
    from futurecommunity.permits.models import DepartmentOpinion

    client.force_login(department_reviewer)
    url = reverse(
        "permits:opinion-correct", args=[answered.meeting.checklist.project.reference, answered.pk]
    )
    # the reason is mandatory: refused, nothing written
    response = client.post(url, {"stance": "agree_with_conditions", "opinion": "须完善消防通道。"})
    assert response.status_code == 400
    assert "请写明更正原因" in response.content.decode()
    assert DepartmentOpinion.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "stance": "agree_with_conditions",
                "opinion": "须完善消防通道。",
                "reason": "漏写条件。",
            },
        )
    assert response.status_code == 302
    old, new = DepartmentOpinion.objects.order_by("id")
    assert (old.is_current, old.version, old.stance, old.opinion) == (False, 1, "agree", "同意。")
    assert (new.is_current, new.version, new.supersedes_id) == (True, 2, old.pk)
    assert new.correction_reason == "漏写条件。"
    entry = AuditEntry.objects.get(action="department_opinion.correct")
    assert entry.changes["stance"] == ["agree", "agree_with_conditions"]
    assert entry.reason == "漏写条件。"
    told = Message.objects.filter(kind="permits.answer", title__startswith="审查意见更正")
    assert yuecheng_editor.pk in set(told.values_list("recipient", flat=True))
    # the current answer is the latest; the history shows the superseded one
    task = client.get(
        reverse("permits:review-task-detail", args=[new.meeting.checklist.project.reference])
    )
    html = task.content.decode()
    assert task.context["task"].opinion == new
    assert "第1版（已更正）" in html and "第2版（当前有效）" in html
    client.force_login(yuecheng_editor)
    page = client.get(
        reverse("permits:checklist-detail", args=[new.meeting.checklist.project.reference])
    )
    answers = page.context["review_answers"]
    assert [a.opinion for a in answers if a.opinion] == [new]
    assert "opinion-superseded" in page.content.decode()
    # the old version cannot be corrected again
    with pytest.raises(DomainError):
        services.department_opinion_correct(
            actor=department_reviewer,
            opinion=old,
            data=services.OpinionInput(stance="agree"),
            reason="再改。",
        )
    assert DepartmentOpinion.objects.count() == 2


def test_the_answer_itself_stays_final(answered, department_reviewer):
    with pytest.raises(DomainError):
        services.department_opinion_record(
            actor=department_reviewer,
            meeting=answered.meeting,
            data=services.OpinionInput(stance="disagree", opinion="不同意。"),
        )


def test_convener_may_correct_others_may_not(
    answered, yuecheng_editor, tashan_editor, city_approver
):
    from futurecommunity.accounts.models import Role
    from futurecommunity.accounts.tests.factories import member_of
    from futurecommunity.permits.models import DepartmentOpinion

    data = services.OpinionInput(stance="agree", opinion="同意（会上口头更正）。")
    for actor in (yuecheng_editor, tashan_editor, city_approver):
        with pytest.raises(PermissionDenied):
            services.department_opinion_correct(
                actor=actor, opinion=answered, data=data, reason="会议纪要更正。"
            )
    assert DepartmentOpinion.objects.count() == 1
    # 越城区住建局 convenes this project's review (assigned when the checklist was made)
    convener = member_of("sx-330602-dept-construction", Role.EDITOR, "yc_jianshe")
    new = services.department_opinion_correct(
        actor=convener, opinion=answered, data=data, reason="会议纪要更正。"
    )
    assert new.answered_by == convener and new.organisation == answered.organisation


def test_correction_without_a_reason_is_refused_by_the_service(answered, department_reviewer):
    from futurecommunity.common.errors import ValidationFailed
    from futurecommunity.permits.models import DepartmentOpinion

    with pytest.raises(ValidationFailed) as caught:
        services.department_opinion_correct(
            actor=department_reviewer,
            opinion=answered,
            data=services.OpinionInput(stance="agree"),
            reason="  ",
        )
    assert "更正原因" in caught.value.errors["reason"][0]
    assert DepartmentOpinion.objects.get().is_current
    assert not AuditEntry.objects.filter(action="department_opinion.correct").exists()
