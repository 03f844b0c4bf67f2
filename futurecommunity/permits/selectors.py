"""Reads of approval checklists, always through the project scope (out of scope → 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from futurecommunity.accounts.models import User
from futurecommunity.permits.models import (
    ApprovalChecklist,
    ApprovalStep,
    JointReviewMeeting,
    StepStatus,
)
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
