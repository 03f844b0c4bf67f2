"""Who may see and do what in reporting (the only place deciding it)."""

from __future__ import annotations

from futurecommunity.accounts.access import (
    can_edit_in,
    in_scope,
    is_city_office,
    region_prefix_for,
)
from futurecommunity.accounts.models import Role, User


def report_prefix_for(user: User) -> str | None:
    """Region prefix of the reports the user sees ("" city, district, street, None)."""
    return region_prefix_for(user)


def can_submit_report(user: User, region_code: str) -> bool:
    """Street and district editors report for projects in their territory; the city too."""
    return can_edit_in(user, region_code)


def can_view_region(user: User, region_code: str) -> bool:
    return in_scope(user, region_code)


def can_freeze_month(user: User) -> bool:
    return is_city_office(user) and user.has_role_at_least(Role.EDITOR)


def can_draft_bulletin(user: User) -> bool:
    return is_city_office(user) and user.has_role_at_least(Role.EDITOR)


def can_issue_bulletin(user: User) -> bool:
    """Only the city office's approvers issue (印发) a bulletin."""
    return is_city_office(user) and user.has_role_at_least(Role.APPROVER)


def can_compute_ranking(user: User) -> bool:
    return is_city_office(user) and user.has_role_at_least(Role.EDITOR)


def can_publish_ranking(user: User) -> bool:
    return is_city_office(user) and user.has_role_at_least(Role.APPROVER)


def can_view_unpublished_ranking(user: User) -> bool:
    return is_city_office(user)
