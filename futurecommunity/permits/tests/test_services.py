"""Checklist services: permission, validation, audit, recompute."""

import datetime as dt
from decimal import Decimal

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.permits import services
from futurecommunity.permits.models import ApprovalChecklist, ApprovalStep
from futurecommunity.permits.tracking import StepUpdate

pytestmark = pytest.mark.django_db

FACTS = services.ChecklistFacts(converts_to_public_service=True, on_published_list=True)


def test_create_builds_one_step_per_route_step_and_audits(project, yuecheng_editor):
    checklist = services.approval_checklist_create(
        actor=yuecheng_editor, project=project, facts=FACTS
    )
    steps = {s.code: (s.outcome, s.status) for s in checklist.steps.all()}
    assert len(steps) == 10
    assert steps["joint_review"] == ("required", "pending")
    assert steps["proposal_feasibility"] == ("merged", "pending")
    assert steps["construction_permit"] == ("exempt", "exempt")
    assert steps["plan_filing"] == ("not_applicable", "exempt")
    entry = AuditEntry.objects.get(action="approval_checklist.create")
    assert entry.subject_reference == project.reference
    assert entry.region_code == "330602001"
    assert entry.changes["converts_to_public_service"] == [None, True]


@pytest.mark.parametrize(
    "user", ["keqiao_editor", "city_viewer", "department_reviewer", "outsider"]
)
def test_create_denied_outside_edit_scope_writes_nothing(project, user, request):
    actor = request.getfixturevalue(user)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.approval_checklist_create(actor=actor, project=project, facts=FACTS)
    assert ApprovalChecklist.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_create_requires_the_project_facts_three_four_compares(yuecheng_editor):
    from futurecommunity.projects.tests.factories import ProjectFactory

    bare = ProjectFactory(actor=yuecheng_editor, funding="")
    with pytest.raises(ValidationFailed) as caught:
        services.approval_checklist_create(actor=yuecheng_editor, project=bare, facts=FACTS)
    assert "资金来源（三(四)2" in caught.value.errors["project"][0]
    assert ApprovalChecklist.objects.count() == 0


def test_works_investment_above_total_is_refused(project, yuecheng_editor):
    facts = services.ChecklistFacts(works_investment=Decimal("2000000"))
    with pytest.raises(ValidationFailed) as caught:
        services.approval_checklist_create(actor=yuecheng_editor, project=project, facts=facts)
    assert caught.value.errors["works_investment"] == ["工程投资额不能大于总投资额。（三(四)4）"]


def test_step_done_by_editor_is_saved_and_audited(checklist, yuecheng_editor):
    step = checklist.steps.get(code="joint_review")
    day = today_local()
    services.approval_step_update(
        actor=yuecheng_editor,
        step=step,
        update=StepUpdate(status="done", done_on=day, document_number="越建纪〔2025〕3号"),
    )
    saved = ApprovalStep.objects.get(pk=step.pk)
    assert (saved.status, saved.done_on, saved.document_number) == (
        "done",
        day,
        "越建纪〔2025〕3号",
    )
    entry = AuditEntry.objects.get(action="approval_step.update")
    assert entry.changes["status"] == ["pending", "done"]
    assert entry.subject_reference.endswith("/joint_review")


def test_step_update_denied_for_other_district_changes_nothing(checklist, keqiao_editor):
    step = checklist.steps.get(code="joint_review")
    audit_before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.approval_step_update(
            actor=keqiao_editor, step=step, update=StepUpdate(status="in_progress")
        )
    assert ApprovalStep.objects.get(pk=step.pk).status == "pending"
    assert AuditEntry.objects.count() == audit_before


def test_required_step_cannot_be_marked_exempt_and_message_cites_clause(checklist, yuecheng_editor):
    step = checklist.steps.get(code="joint_review")
    with pytest.raises(ValidationFailed) as caught:
        services.approval_step_update(
            actor=yuecheng_editor, step=step, update=StepUpdate(status="exempt")
        )
    assert caught.value.errors["status"][0].startswith("依据三(四)1，该事项结论为“须办理”")


def test_done_needs_a_date_not_in_the_future(checklist, yuecheng_editor):
    step = checklist.steps.get(code="joint_review")
    tomorrow = today_local() + dt.timedelta(days=1)
    for update, field in (
        (StepUpdate(status="done"), "done_on"),
        (StepUpdate(status="done", done_on=tomorrow), "done_on"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            services.approval_step_update(actor=yuecheng_editor, step=step, update=update)
        assert field in caught.value.errors


def test_recompute_reports_the_difference_and_keeps_done_steps(checklist, yuecheng_editor):
    review = checklist.steps.get(code="joint_review")
    services.approval_step_update(
        actor=yuecheng_editor,
        step=review,
        update=StepUpdate(status="done", done_on=today_local()),
    )
    new_facts = services.ChecklistFacts(
        on_published_list=True, uses_existing_land=True, adds_floor_area=True
    )
    preview = services.approval_checklist_preview(checklist=checklist, facts=new_facts)
    result = services.approval_checklist_recompute(
        actor=yuecheng_editor, checklist=checklist, facts=new_facts
    )
    assert result == preview
    assert [c.code for c in result.added] == ["public_notice", "planning_permit"]
    assert [c.code for c in result.removed] == ["joint_review", "joint_consultation"]
    steps = {s.code: (s.outcome, s.status) for s in checklist.steps.all()}
    assert steps["joint_review"] == ("not_applicable", "done")
    assert steps["joint_consultation"] == ("not_applicable", "exempt")
    assert steps["public_notice"] == ("required", "pending")
    assert ApprovalChecklist.objects.get(pk=checklist.pk).uses_existing_land is True
    entry = AuditEntry.objects.get(action="approval_checklist.recompute")
    assert entry.changes["removed"] == [None, ["joint_review", "joint_consultation"]]


def test_recompute_denied_for_other_district(checklist, keqiao_editor):
    facts = services.ChecklistFacts(uses_existing_land=True)
    with pytest.raises(PermissionDenied):
        services.approval_checklist_recompute(actor=keqiao_editor, checklist=checklist, facts=facts)
    assert ApprovalChecklist.objects.get(pk=checklist.pk).uses_existing_land is False


def test_meeting_records_opinions_and_audits(checklist, yuecheng_editor):
    data = services.MeetingInput(
        held_on=today_local(),
        attendees="区建设局、区民政局、区消防救援大队",
        opinions=(("civil_affairs", "民政部门", "同意"), ("education", "教育部门", " ")),
    )
    meeting = services.joint_review_meeting_record(
        actor=yuecheng_editor, checklist=checklist, data=data
    )
    assert [(o.department_code, o.opinion) for o in meeting.opinions.all()] == [
        ("civil_affairs", "同意")
    ]
    assert AuditEntry.objects.get(action="joint_review_meeting.record").changes["opinions"] == [
        None,
        ["civil_affairs"],
    ]
