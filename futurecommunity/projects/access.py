"""Who may see and change which project. The only place such decisions are made (house style §8).

Offices see the projects in their territory. A department or utility unit sees, read-only, the
projects assigned to it for review (``projects.assignments``). Nobody else sees projects.
"""

from __future__ import annotations

from futurecommunity.accounts.access import (
    can_edit_in,
    in_scope,
    is_city_office,
    is_district_office,
    is_reviewing_unit,
    region_prefix_for,
)
from futurecommunity.accounts.models import Role, User
from futurecommunity.projects.models import Project


def project_scope_prefix(user: User) -> str | None:
    """Street-code prefix of the projects the user sees by territory; None sees none that way."""
    return region_prefix_for(user)


def reviewing_organisation_id(user: User) -> int | None:
    """The organisation whose assigned projects the user may read, or None."""
    if not is_reviewing_unit(user):
        return None
    return user.organisation_id


def is_assigned_to(user: User, project: Project) -> bool:
    organisation_id = reviewing_organisation_id(user)
    if organisation_id is None:
        return False
    return project.department_assignments.filter(  # type: ignore[attr-defined]
        organisation_id=organisation_id, active=True
    ).exists()


def can_view_project(user: User, project: Project) -> bool:
    if in_scope(user, project.region_code):
        return True
    return is_assigned_to(user, project)


def can_create_project_in(user: User, street_code: str) -> bool:
    return can_edit_in(user, street_code)


def can_edit_project(user: User, project: Project) -> bool:
    return can_edit_in(user, project.region_code)


def can_transition_project(user: User, project: Project) -> bool:
    """Scope part of a transition; the lifecycle table decides the rest (projects.rules)."""
    return in_scope(user, project.region_code)


def can_assign_department(user: User, project: Project) -> bool:
    """The city office or the project's district office, editor or above."""
    if not (is_city_office(user) or is_district_office(user)):
        return False
    if not user.has_role_at_least(Role.EDITOR):
        return False
    return in_scope(user, project.region_code)
