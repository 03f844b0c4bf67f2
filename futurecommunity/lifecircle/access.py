"""Who sees and changes life-circle data (house style §8). Scope is the region-code prefix of
``accounts.access``: a facility, residential point, network or run is in a user's territory when
its region code starts with the user's prefix."""

from __future__ import annotations

from futurecommunity.accounts import access as accounts_access
from futurecommunity.accounts.models import User


def can_view_in(user: User, region_code: str) -> bool:
    return accounts_access.in_scope(user, region_code)


def can_edit_in(user: User, region_code: str) -> bool:
    """Editors and approvers of the office whose territory holds ``region_code``."""
    return accounts_access.can_edit_in(user, region_code)


def can_use_network(user: User, network_region_code: str) -> bool:
    """A network is usable inside its territory and by any office whose territory it covers
    (a district office analyses on the city-wide network)."""
    prefix = accounts_access.region_prefix_for(user)
    if prefix is None:
        return False
    return network_region_code.startswith(prefix) or prefix.startswith(network_region_code)


def can_configure(user: User) -> bool:
    """Levels, facility kinds and parameters are city-wide configuration."""
    return accounts_access.can_configure_city(user)
