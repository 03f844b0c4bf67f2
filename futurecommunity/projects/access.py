"""Who may see and change which project. The only place such decisions are made (house style §8)."""

from __future__ import annotations

from futurecommunity.accounts.access import can_edit_in, in_scope, region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.projects.models import Project


def project_scope_prefix(user: User) -> str | None:
    """Street-code prefix of the projects the user sees; None sees nothing."""
    return region_prefix_for(user)


def can_view_project(user: User, project: Project) -> bool:
    return in_scope(user, project.region_code)


def can_create_project_in(user: User, street_code: str) -> bool:
    return can_edit_in(user, street_code)


def can_edit_project(user: User, project: Project) -> bool:
    return can_edit_in(user, project.region_code)


def can_transition_project(user: User, project: Project) -> bool:
    """Scope part of a transition; the lifecycle table decides the rest (projects.rules)."""
    return in_scope(user, project.region_code)
