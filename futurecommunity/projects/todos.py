"""Project to-dos (待办) from the lifecycle table, the hand-off message and 催办.

Who acts next comes from ``rules.next_step`` (``rules.WAITING`` × ``rules.MOVES``); this module
only maps the acting organisation kind to the real office of a project and reads/writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from futurecommunity.accounts.models import (
    ROLE_RANK,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.notifications.services import notify_on_commit
from futurecommunity.notifications.todos import Todo
from futurecommunity.projects import rules
from futurecommunity.projects.access import can_view_project
from futurecommunity.projects.models import Project

SOURCE = "projects.lifecycle"


def _office_q(actor: rules.Actor, project: Project) -> Q:
    if actor == rules.Actor.STREET:
        return Q(kind=OrganisationKind.STREET_OFFICE, region_code=project.region_code)
    if actor == rules.Actor.DISTRICT:
        return Q(kind=OrganisationKind.DISTRICT_OFFICE, region_code=project.region_code[:6])
    return Q(kind=OrganisationKind.CITY_OFFICE)


def acting_offices(project: Project) -> list[Organisation]:
    """The office(s) the project waits for now (empty when nothing is pending)."""
    step = rules.next_step(project.level, project.status)
    if step is None:
        return []
    return list(Organisation.objects.filter(_office_q(step.actor, project)))


def acting_users(project: Project) -> list[User]:
    step = rules.next_step(project.level, project.status)
    if step is None:
        return []
    roles = [r for r in Role if ROLE_RANK[r] >= rules.ROLE_RANK[step.role]]
    return list(
        User.objects.filter(
            organisation__in=acting_offices(project), role__in=roles, is_active=True
        )
    )


def who_acts_next(project: Project) -> str:
    """The sentence for a page where the viewer has nothing to do."""
    step = rules.next_step(project.level, project.status)
    if step is None:
        return "该项目当前没有待办理的环节。"
    names = "、".join(o.name for o in acting_offices(project))
    sentence = step.sentence
    return f"{sentence[:-1]}（{names}）。" if names else sentence


def _due(project: Project, step: rules.NextStep) -> dt.date | None:
    if step.deadline_days is None or project.status_changed_on is None:
        return None
    return project.status_changed_on + dt.timedelta(days=step.deadline_days)


def _waiting_projects(user: User) -> QuerySet[Project]:
    org = user.organisation
    if org is None:
        return Project.objects.none()
    pairs = rules.waiting_for(org.kind, ROLE_RANK.get(Role(user.role), 0))
    if not pairs:
        return Project.objects.none()
    match = Q()
    for level, status in pairs:
        match |= Q(level=level, status=status)
    rows = Project.objects.filter(match)
    if org.kind == OrganisationKind.STREET_OFFICE:
        rows = rows.filter(region_code=org.region_code)
    elif org.kind == OrganisationKind.DISTRICT_OFFICE:
        rows = rows.filter(region_code__startswith=org.region_code)
    elif org.kind != OrganisationKind.CITY_OFFICE:
        return Project.objects.none()
    return rows.order_by("reference")


def todos_for(user: User) -> Iterable[Todo]:
    """Projects whose next step belongs to the viewer's office and role."""
    for project in _waiting_projects(user):
        step = rules.next_step(project.level, project.status)
        if step is None:  # pragma: no cover - filtered above
            continue
        yield Todo(
            source=SOURCE,
            title=step.title,
            subject=f"{project.reference} {project.name}",
            link=reverse("projects:project-detail", args=[project.reference]),
            clause=step.clause,
            due_on=_due(project, step),
        )


def notify_next(project: Project) -> None:
    """Hand-off message to whoever acts next (called by the transition service)."""
    step = rules.next_step(project.level, project.status)
    if step is None:
        return
    notify_on_commit(
        recipients=acting_users(project),
        kind="projects.todo",
        title=f"待办：{project.reference} {project.name} {step.title}",
        body=step.sentence,
        link=reverse("projects:project-detail", args=[project.reference]),
    )


def may_remind(user: User, project: Project) -> bool:
    """催办: an office in scope that is not itself the one waited for, editor or above."""
    if rules.next_step(project.level, project.status) is None:
        return False
    if not user.has_role_at_least(Role.EDITOR) or not can_view_project(user, project):
        return False
    org = user.organisation
    if org is None or org.kind not in rules.IMPLEMENTERS:
        return False
    return org not in acting_offices(project)


def project_remind(*, actor: User, project: Project) -> int:
    """催办: remind the acting office; audited. Returns how many people were told."""
    if not may_remind(actor, project):
        raise PermissionDenied("只有项目所在辖区的其他风貌办经办人员可以催办。")
    step = rules.next_step(project.level, project.status)
    people = acting_users(project)
    if step is None or not people:
        raise DomainError("nobody_to_remind", "该环节暂无可催办的办理人员。")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="project.remind",
            subject=project,
            reference=project.reference,
            region_code=project.region_code,
            reason=f"催办“{step.title}”：{step.sentence}",
        )
        notify_on_commit(
            recipients=people,
            kind="projects.remind",
            title=f"催办：{project.reference} {project.name} {step.title}",
            body=f"{actor.organisation.name if actor.organisation else ''}催办。{step.sentence}",
            link=reverse("projects:project-detail", args=[project.reference]),
        )
    return len(people)
