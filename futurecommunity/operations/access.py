"""Who may see and do what in running the communities (one condition a line, house style §8).

City office: everything. District office: its district (it confirms operators' quarterly reports).
Street office: its street (records selection, plan, funding and the pooled fund). An operator's
members: only the projects whose selection names their operator, and they report indicators.
"""

from __future__ import annotations

from futurecommunity.accounts.access import (
    can_edit_in,
    in_scope,
    is_city_office,
    is_district_office,
    region_prefix_for,
)
from futurecommunity.accounts.models import OrganisationKind, Role, User


def operator_organisation_id(user: User) -> int | None:
    """The operator organisation a user acts for, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.admin_role:
        return None
    org = user.organisation
    if org is None or org.kind != OrganisationKind.OPERATOR:
        return None
    return int(org.pk)


def can_view_operations(user: User) -> bool:
    """Offices (their territory) and operators (their own communities)."""
    if region_prefix_for(user) is not None:
        return True
    return operator_organisation_id(user) is not None


def can_register_operator(user: User) -> bool:
    """The city office keeps the operator register (editors and approvers)."""
    if not is_city_office(user):
        return False
    return user.has_role_at_least(Role.EDITOR)


def can_record_for(user: User, region_code: str) -> bool:
    """Selection, works procurement, operating plan and funding: the offices of the territory."""
    return can_edit_in(user, region_code)


def can_report_for(user: User, operator_org_id: int) -> bool:
    """Quarterly indicators are reported by the operator named in the selection."""
    if operator_organisation_id(user) != operator_org_id:
        return False
    return user.has_role_at_least(Role.EDITOR)


def can_confirm_in(user: User, region_code: str) -> bool:
    """The district office confirms (or returns) a quarterly report of its district (三(三))."""
    if not is_district_office(user):
        return False
    if not in_scope(user, region_code):
        return False
    return user.has_role_at_least(Role.EDITOR)


def can_configure(user: User) -> bool:
    """Thresholds of effective operation are the city office's configuration."""
    if not is_city_office(user):
        return False
    return user.has_role_at_least(Role.EDITOR)
