"""The 三(一) gate: a finished implementation-plan notice plus the required stakeholder consent
before works on existing land move the project to 建设中 (registered with ``projects.guards``).

Whether works use existing land is the approval navigator's fact (``ApprovalChecklist``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from futurecommunity.notices import config, rules
from futurecommunity.notices.models import (
    ConsentAnswer,
    Notice,
    NoticeKind,
    NoticeStatus,
    Stakeholder,
)
from futurecommunity.permits.models import ApprovalChecklist
from futurecommunity.projects.models import Project

GATED_TARGET = "under_construction"
# Statuses past the start of works (二(一)): the gate is history for them.
STARTED = (
    "under_construction",
    "acceptance_requested",
    "acceptance_failed",
    "accepted",
    "published",
    "operating",
)


def uses_existing_land(project: Project) -> bool:
    checklist = ApprovalChecklist.objects.filter(project=project).first()
    return bool(checklist and checklist.uses_existing_land)


def plan_notice_of(project: Project) -> Notice | None:
    """The project's current implementation-plan notice (the latest not withdrawn)."""
    return (
        Notice.objects.filter(
            project=project,
            kind=NoticeKind.IMPLEMENTATION_PLAN,
            status=NoticeStatus.PUBLISHED,
        )
        .order_by("-start_on", "-id")
        .first()
    )


def consent_count(project: Project) -> rules.ConsentCount:
    rows = Stakeholder.objects.filter(project=project)
    return rules.ConsentCount(
        listed=rows.count(), agreed=rows.filter(answer=ConsentAnswer.AGREED).count()
    )


def gate_state(project: Project, today: dt.date) -> rules.GateVerdict:
    policy = config.notice_policy()
    notice = plan_notice_of(project)
    progress = (
        None
        if notice is None
        else rules.notice_progress(notice.start_on, notice.end_on, today, policy)
    )
    return rules.gate_verdict(
        uses_existing_land=uses_existing_land(project),
        progress=progress,
        consent=consent_count(project),
        policy=policy,
    )


@dataclass(frozen=True)
class LandUseState:
    """三(一) state of a project's implementation plan as a register of stock land shows it."""

    period_days: int
    notice_days_left: int | None  # None: no implementation-plan notice published
    notice_finished: bool
    listed: int
    agreed: int
    required: int
    usable: bool
    missing: str  # what is still missing, in Chinese ("" when usable)


def land_use_state(project: Project, today: dt.date) -> LandUseState:
    """The gate's own verdict for works on existing land, whatever the navigator says about the
    project as a whole: land in or around an estate is existing land by definition."""
    policy = config.notice_policy()
    notice = plan_notice_of(project)
    progress = (
        None
        if notice is None
        else rules.notice_progress(notice.start_on, notice.end_on, today, policy)
    )
    consent = consent_count(project)
    verdict = rules.gate_verdict(
        uses_existing_land=True, progress=progress, consent=consent, policy=policy
    )
    missing = verdict.reason.split("：", 1)[1].rstrip("。") if verdict.reason else ""
    return LandUseState(
        period_days=policy.period_days,
        notice_days_left=None if progress is None else progress.days_left,
        notice_finished=progress is not None and progress.is_finished,
        listed=consent.listed,
        agreed=consent.agreed,
        required=rules.required_consents(consent.listed, policy.consent_share),
        usable=verdict.satisfied,
        missing=missing,
    )


def transition_guard(project: Project, target: str, day: dt.date) -> str:
    if target != GATED_TARGET:
        return ""
    return gate_state(project, day).reason


def register() -> None:
    from futurecommunity.projects.guards import register_transition_guard

    register_transition_guard("notices.public_notice_and_consent", transition_guard)
