"""Who may edit the ancient-city registry and decide wide declarations (one condition a line)."""

from __future__ import annotations

from futurecommunity.accounts.access import can_edit_in, is_city_office, region_prefix_for
from futurecommunity.accounts.models import Role, User

# 二(二): the ancient city lies in 越城区, whose 风貌办 sets the areas, units, schedule and bodies.
ANCIENT_CITY_DISTRICT = "330602"


def can_view_pilots(user: User) -> bool:
    return region_prefix_for(user) is not None


def can_edit_ancient_city(user: User) -> bool:
    """Only the city office and 越城区's office (editors or approvers); not its streets."""
    return can_edit_in(user, ANCIENT_CITY_DISTRICT)


def can_declare_in(user: User, region_code: str) -> bool:
    """A district or street office declares (and submits evidence) for its own territory."""
    return can_edit_in(user, region_code)


def can_decide_declaration(user: User) -> bool:
    """二(三): the city 风貌办 accepts, rejects and publishes (approvers only)."""
    if not is_city_office(user):
        return False
    return user.has_role_at_least(Role.APPROVER)


def can_submit_deliverable(user: User, region_code: str) -> bool:
    """W1: the pilot's own district or street office prepares and submits its deliverables
    (editors and above); the city, which judges them, does not submit them itself."""
    if is_city_office(user):
        return False
    return can_edit_in(user, region_code)


def can_accept_deliverable(user: User) -> bool:
    """W1: the city 风貌办 accepts (认可) or returns a pilot's deliverable (approvers)."""
    return can_decide_declaration(user)
