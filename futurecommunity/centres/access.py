"""Who sees and changes centres, sites and plans (house style §8). Scope is the region-code
prefix of ``accounts.access``; a site's owner organisation (国资委, 机关事务服务中心, a state
firm) sees and confirms the buildings it owns (三(一) P2)."""

from __future__ import annotations

from futurecommunity.accounts import access as accounts_access
from futurecommunity.accounts.models import Role, User


def can_view_in(user: User, region_code: str) -> bool:
    return accounts_access.in_scope(user, region_code)


def can_edit_in(user: User, region_code: str) -> bool:
    return accounts_access.can_edit_in(user, region_code)


def can_plan(user: User, district_code: str) -> bool:
    """Scenarios and plans are drawn by the district office (二(四) N2) or the city office."""
    return (
        accounts_access.can_edit_in(user, district_code)
        and len(accounts_access.region_prefix_for(user) or "") <= 6
    )


def is_owner(user: User, owner_id: int | None) -> bool:
    org = getattr(user, "organisation", None)
    return bool(
        owner_id is not None
        and user.is_authenticated
        and user.is_active
        and not user.admin_role
        and org is not None
        and org.pk == owner_id
    )


def can_confirm_as_owner(user: User, owner_id: int | None) -> bool:
    return is_owner(user, owner_id) and user.has_role_at_least(Role.EDITOR)


def can_configure(user: User) -> bool:
    return accounts_access.can_configure_city(user)
