"""Reads of approval checklists, always through the project scope (out of scope → 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from futurecommunity.accounts.access import is_reviewing_unit, region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.audit.models import AuditEntry
from futurecommunity.audit.selectors import audit_entries_for_reference
from futurecommunity.permits import tracking
from futurecommunity.permits.access import REVIEW_PURPOSES
from futurecommunity.permits.models import (
    ApprovalChecklist,
    ApprovalStep,
    DepartmentOpinion,
    JointReviewMeeting,
    ReviewDepartment,
    RouteThreshold,
    StepAttachment,
    StepStatus,
)
from futurecommunity.projects.assignments import ProjectAssignment
from futurecommunity.projects.models import Project
from futurecommunity.projects.selectors import project_get_for


@dataclass(frozen=True)
class ChecklistSummary:
    """What the project page shows: steps done of the applying total, overdue count."""

    reference: str
    has_checklist: bool
    done: int = 0
    total: int = 0
    overdue: int = 0


def checklist_for_project(project: Project) -> ApprovalChecklist | None:
    """The checklist with its steps, attachments and meetings (4 queries), or None."""
    return (
        ApprovalChecklist.objects.filter(project=project)
        .prefetch_related(
            Prefetch("steps", queryset=ApprovalStep.objects.prefetch_related("attachments")),
            Prefetch(
                "meetings",
                queryset=JointReviewMeeting.objects.prefetch_related("opinions"),
            ),
        )
        .first()
    )


def approval_checklist_get_for(
    *, viewer: User, reference: str
) -> tuple[Project, ApprovalChecklist | None]:
    """The project (404 outside the viewer's scope) and its checklist if one exists."""
    project = project_get_for(viewer=viewer, reference=reference)
    return project, checklist_for_project(project)


def approval_step_get_for(*, viewer: User, reference: str, code: str) -> ApprovalStep:
    project, checklist = approval_checklist_get_for(viewer=viewer, reference=reference)
    step = next((s for s in checklist.steps.all() if s.code == code), None) if checklist else None
    if step is None:
        raise Http404("未找到该审批事项。")
    step.checklist.project = project
    return step


def _checklist_of(*, viewer: User, reference: str) -> ApprovalChecklist:
    checklist = approval_checklist_get_for(viewer=viewer, reference=reference)[1]
    if checklist is None:
        raise Http404("未找到该审批清单。")
    return checklist


def step_attachment_get_for(*, viewer: User, reference: str, pk: int) -> StepAttachment:
    """An approval step's attachment of a project in the viewer's scope; Http404 otherwise."""
    steps = _checklist_of(viewer=viewer, reference=reference).steps.all()
    attachment = next((a for s in steps for a in s.attachments.all() if a.pk == pk), None)
    if attachment is None:
        raise Http404("未找到该附件。")
    return attachment


def meeting_get_for(*, viewer: User, reference: str, pk: int) -> JointReviewMeeting:
    """A joint review meeting of a project in the viewer's scope; Http404 otherwise."""
    meetings = _checklist_of(viewer=viewer, reference=reference).meetings.all()
    meeting = next((m for m in meetings if m.pk == pk), None)
    if meeting is None:
        raise Http404("未找到该会议。")
    return meeting


def department_opinion_get_for(*, viewer: User, reference: str, pk: int) -> DepartmentOpinion:
    """A department's opinion on a meeting of a project in the viewer's scope; Http404 otherwise."""
    meetings = _checklist_of(viewer=viewer, reference=reference).meetings.all()
    opinion = next((o for m in meetings for o in m.opinions.all() if o.pk == pk), None)
    if opinion is None:
        raise Http404("未找到该部门意见。")
    return opinion


def overdue_steps(checklist: ApprovalChecklist, *, today: dt.date) -> list[ApprovalStep]:
    return [s for s in checklist.steps.all() if s.is_overdue_on(today)]


def checklist_summary(project: Project, *, today: dt.date) -> ChecklistSummary:
    """Summary for the project detail panel (`_project_panel.html`): 2 queries."""
    checklist = ApprovalChecklist.objects.filter(project=project).first()
    if checklist is None:
        return ChecklistSummary(reference=project.reference, has_checklist=False)
    steps = list(checklist.steps.all())
    applying = [s for s in steps if s.status != StepStatus.EXEMPT]
    return ChecklistSummary(
        reference=project.reference,
        has_checklist=True,
        done=sum(1 for s in applying if s.status == StepStatus.DONE),
        total=len(applying),
        overdue=sum(1 for s in steps if s.is_overdue_on(today)),
    )


# --- overdue steps (dashboard panel) -------------------------------------------------------


def overdue_steps_for(*, viewer: User, today: dt.date, limit: int = 20) -> list[ApprovalStep]:
    """Open steps past their planned date in the viewer's territory, oldest first (1 query)."""
    prefix = region_prefix_for(viewer)
    if prefix is None:
        return []
    return list(
        ApprovalStep.objects.filter(
            checklist__project__region_code__startswith=prefix,
            status__in=tracking.OPEN_STATUSES,
            planned_on__lt=today,
        )
        .select_related("checklist__project")
        .order_by("planned_on", "checklist__project__reference", "position")[:limit]
    )


# --- department review tasks (三(四)1) -----------------------------------------------------


@dataclass(frozen=True)
class ReviewTask:
    """One project a department reviews: its latest meeting and the department's answer."""

    project: Project
    checklist: ApprovalChecklist
    assignment: ProjectAssignment
    meeting: JointReviewMeeting | None
    opinion: DepartmentOpinion | None
    is_open: bool

    @property
    def opinion_history(self) -> list[DepartmentOpinion]:
        """Every version of the department's answer on the meeting, newest first."""
        if self.meeting is None:
            return []
        mine = [
            o
            for o in self.meeting.opinions.all()
            if o.organisation_id == self.assignment.organisation_id
        ]
        return sorted(mine, key=lambda o: o.version, reverse=True)


def _review_task(assignment: ProjectAssignment, checklist: ApprovalChecklist) -> ReviewTask:
    steps = {s.code: (s.outcome, s.status) for s in checklist.steps.all()}
    meetings = list(checklist.meetings.all())
    meeting = meetings[0] if meetings else None
    opinion = (
        next(
            (
                o
                for o in meeting.opinions.all()
                if o.organisation_id == assignment.organisation_id and o.is_current
            ),
            None,
        )
        if meeting
        else None
    )
    return ReviewTask(
        project=assignment.project,
        checklist=checklist,
        assignment=assignment,
        meeting=meeting,
        opinion=opinion,
        is_open=tracking.review_is_open(steps, [assignment.purpose]),
    )


def _assignments_of(viewer: User):  # type: ignore[no-untyped-def]
    if not is_reviewing_unit(viewer) or viewer.organisation_id is None:
        return ProjectAssignment.objects.none()
    return ProjectAssignment.objects.filter(
        organisation_id=viewer.organisation_id, purpose__in=REVIEW_PURPOSES, active=True
    ).select_related("project", "organisation")


def _checklists_by_project(project_ids: list[int]) -> dict[int, ApprovalChecklist]:
    checklists = ApprovalChecklist.objects.filter(project_id__in=project_ids).prefetch_related(
        "steps",
        Prefetch("meetings", queryset=JointReviewMeeting.objects.prefetch_related("opinions")),
    )
    return {c.project_id: c for c in checklists}


def review_task_list_for(*, viewer: User) -> list[ReviewTask]:
    """我的审查任务: projects assigned to the viewer's department with an open joint review."""
    assignments = list(_assignments_of(viewer).order_by("project__reference", "purpose"))
    checklists = _checklists_by_project([a.project_id for a in assignments])
    tasks, seen = [], set()
    for assignment in assignments:
        checklist = checklists.get(assignment.project_id)
        if checklist is None or assignment.project_id in seen:
            continue
        task = _review_task(assignment, checklist)
        if task.is_open:
            seen.add(assignment.project_id)
            tasks.append(task)
    return tasks


def review_task_get_for(*, viewer: User, reference: str) -> ReviewTask:
    """The viewer's department's review of one project; 404 for any other visitor."""
    assignments = list(_assignments_of(viewer).filter(project__reference=reference))
    checklist = (
        _checklists_by_project([assignments[0].project_id]).get(assignments[0].project_id)
        if assignments
        else None
    )
    if checklist is None:
        raise Http404("未找到该审查任务。")
    tasks = [_review_task(a, checklist) for a in assignments]
    return next((t for t in tasks if t.is_open), tasks[0])


@dataclass(frozen=True)
class ReviewAnswer:
    """Checklist page: an assigned department and its answer on the latest meeting."""

    assignment: ProjectAssignment
    opinion: DepartmentOpinion | None


def review_answers(project: Project, checklist: ApprovalChecklist | None) -> list[ReviewAnswer]:
    """Active review assignments of a project with their answers (caller checked the scope)."""
    assignments = ProjectAssignment.objects.filter(
        project=project, purpose__in=REVIEW_PURPOSES, active=True
    ).select_related("organisation", "assigned_by")
    meetings = list(checklist.meetings.all()) if checklist else []
    opinions = (
        {o.organisation_id: o for o in meetings[0].opinions.all() if o.is_current}
        if meetings
        else {}
    )
    return [
        ReviewAnswer(assignment=a, opinion=opinions.get(a.organisation_id))
        for a in assignments.order_by("purpose", "organisation__name")
    ]


# --- configuration rows (city office screen; readable by every official) -----------------


def route_threshold_list() -> list[RouteThreshold]:
    return list(RouteThreshold.objects.order_by("key"))


def review_department_list() -> list[ReviewDepartment]:
    return list(ReviewDepartment.objects.order_by("id"))


def route_threshold_get(key: str) -> RouteThreshold:
    threshold = RouteThreshold.objects.filter(key=key).first()
    if threshold is None:
        raise Http404("未找到该配置项。")
    return threshold


def review_department_get(code: str) -> ReviewDepartment:
    department = ReviewDepartment.objects.filter(code=code).first()
    if department is None:
        raise Http404("未找到该部门。")
    return department


def configuration_history(reference: str) -> list[AuditEntry]:
    """Edit history of one configuration row (configuration is visible to every official)."""
    return audit_entries_for_reference(reference)


def recent_configuration_edits(limit: int = 20) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action__in=("route_threshold.update", "review_department.update")
        ).order_by("-id")[:limit]
    )


def approval_tasks_for(*, viewer: User) -> list[tuple[Project, list[ApprovalStep]]]:
    """Projects whose route has an open step the viewer's department is assigned to (项目审批),
    with those steps; a step counts for the department whose roster name it lists (三(四))."""
    from futurecommunity.permits.assignment_plan import PlanState, route_assignment_plan
    from futurecommunity.projects.assignments import AssignmentPurpose

    if not is_reviewing_unit(viewer) or viewer.organisation_id is None:
        return []
    assignments = ProjectAssignment.objects.filter(
        organisation_id=viewer.organisation_id, purpose=AssignmentPurpose.APPROVAL, active=True
    ).select_related("project")
    checklists = _checklists_by_project([a.project_id for a in assignments])
    tasks = []
    for assignment in assignments.order_by("project__reference"):
        checklist = checklists.get(assignment.project_id)
        if checklist is None:
            continue
        plan = route_assignment_plan(assignment.project, checklist)
        mine = next(
            (
                i
                for i in plan.items
                if i.purpose == AssignmentPurpose.APPROVAL
                and i.state == PlanState.ASSIGNED
                and i.organisation is not None
                and i.organisation.pk == viewer.organisation_id
            ),
            None,
        )
        if mine is not None:
            titles = set(mine.steps)
            steps = [s for s in checklist.steps.all() if s.get_code_display() in titles]
            tasks.append((assignment.project, steps))
    return tasks
