"""The one place that decides a user's territorial scope (house style §8).

City office: everything (prefix ""). District office: its 6-digit district code. Street office:
its 9-digit street code. Anyone else has no territorial scope here (departments and the public
get their own rules when those actors arrive; until then they see no projects).
"""

from __future__ import annotations

from futurecommunity.accounts.models import OrganisationKind, Role, User

_TERRITORIAL = {
    OrganisationKind.CITY_OFFICE,
    OrganisationKind.DISTRICT_OFFICE,
    OrganisationKind.STREET_OFFICE,
}


def region_prefix_for(user: User) -> str | None:
    """Region-code prefix the user sees, "" for all, or None for no territorial scope."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ""
    organisation = user.organisation
    if organisation is None:
        return None
    if organisation.kind not in _TERRITORIAL:
        return None
    if organisation.kind == OrganisationKind.CITY_OFFICE:
        return ""
    return organisation.region_code


def in_scope(user: User, region_code: str) -> bool:
    """True when ``region_code`` lies in the user's territory."""
    prefix = region_prefix_for(user)
    if prefix is None:
        return False
    return region_code.startswith(prefix)


def is_city_office(user: User) -> bool:
    org = user.organisation
    return bool(org and org.kind == OrganisationKind.CITY_OFFICE)


def is_district_office(user: User) -> bool:
    org = user.organisation
    return bool(org and org.kind == OrganisationKind.DISTRICT_OFFICE)


def is_street_office(user: User) -> bool:
    org = user.organisation
    return bool(org and org.kind == OrganisationKind.STREET_OFFICE)


def can_edit_in(user: User, region_code: str) -> bool:
    """Editors and approvers may write in their own territory."""
    return in_scope(user, region_code) and user.has_role_at_least(Role.EDITOR)


def can_configure_city(user: User) -> bool:
    """City-wide configuration (targets, urban-community flags, rule parameters)."""
    return is_city_office(user) and user.has_role_at_least(Role.EDITOR)
