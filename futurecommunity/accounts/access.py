"""The one place that decides a user's territorial scope (house style §8).

City office: everything (prefix ""). District office: its 6-digit district code. Street office:
its 9-digit street code. Anyone else has no territorial scope: departments and utility units see
the projects assigned to them (``projects.access``) and the city-wide summaries; the public sees
only published material and nothing under /manage/.

The three administrator duties (三员) are separated here too: an administrator account has no
territorial scope and may do only its own duty; each duty needs a verified second factor
(``accounts.otp``) before its screens open.
"""

from __future__ import annotations

from futurecommunity.accounts.models import AdminRole, OrganisationKind, Role, User

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
    if user.admin_role:
        return None
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


def is_reviewing_unit(user: User) -> bool:
    """A member of a department or utility unit (joint review, 三(四)1)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.admin_role:
        return False
    org = user.organisation
    if org is None:
        return False
    return org.kind in (OrganisationKind.DEPARTMENT, OrganisationKind.UTILITY)


def summary_prefix_for(user: User) -> str | None:
    """Prefix of the programme summaries (dashboard figures): departments see the city's."""
    prefix = region_prefix_for(user)
    if prefix is not None:
        return prefix
    if is_reviewing_unit(user):
        return ""
    return None


def may_enter_manage_area(user: User) -> bool:
    """Official pages (/manage/): nobody from the public and no account without organisation."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.admin_role:
        return True
    org = user.organisation
    if org is None:
        return False
    return org.kind != OrganisationKind.PUBLIC


def _holds(user: User, admin_role: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.admin_role == admin_role)


def is_administrator(user: User) -> bool:
    """Holds one of the three administrator duties."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.admin_role)


def is_system_admin(user: User) -> bool:
    return _holds(user, AdminRole.SYSTEM)


def is_security_admin(user: User) -> bool:
    return _holds(user, AdminRole.SECURITY)


def is_audit_admin(user: User) -> bool:
    return _holds(user, AdminRole.AUDIT)


def can_manage_users(user: User) -> bool:
    """Create users in an organisation, deactivate them, reset passwords (system administrator)."""
    return is_system_admin(user)


def can_manage_security(user: User) -> bool:
    """Lockouts, second-factor resets, policy (security administrator)."""
    return is_security_admin(user)


def can_read_audit_log(user: User) -> bool:
    """Read, export and verify the audit log (audit administrator only)."""
    return is_audit_admin(user)


def can_manage_account(actor: User, target: User) -> bool:
    """System administrators manage ordinary accounts, never administrators or super-users."""
    if not can_manage_users(actor):
        return False
    if target.is_superuser:
        return False
    return not target.admin_role
