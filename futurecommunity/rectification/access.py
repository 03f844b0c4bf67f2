"""Who may see and act on inspections and rectification orders (四 S3)."""

from __future__ import annotations

from futurecommunity.accounts.models import Organisation, OrganisationKind, Role, User
from futurecommunity.rectification.models import RectificationOrder


def _org(user: User) -> Organisation | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return user.organisation


def can_issue_to(user: User, recipient: Organisation) -> bool:
    """City office → district/street offices; a district office → its own streets."""
    org = _org(user)
    if org is None or not user.has_role_at_least(Role.EDITOR):
        return False
    if org.kind == OrganisationKind.CITY_OFFICE:
        return recipient.kind in (OrganisationKind.DISTRICT_OFFICE, OrganisationKind.STREET_OFFICE)
    if org.kind == OrganisationKind.DISTRICT_OFFICE:
        return (
            recipient.kind == OrganisationKind.STREET_OFFICE
            and recipient.region_code.startswith(org.region_code)
        )
    return False


def can_issue_orders(user: User) -> bool:
    org = _org(user)
    if org is None or not user.has_role_at_least(Role.EDITOR):
        return False
    return org.kind in (OrganisationKind.CITY_OFFICE, OrganisationKind.DISTRICT_OFFICE)


def is_issuer_member(user: User, order: RectificationOrder) -> bool:
    org = _org(user)
    return org is not None and org.pk == order.issuer_id


def is_recipient_member(user: User, order: RectificationOrder) -> bool:
    org = _org(user)
    return org is not None and org.pk == order.recipient_id


def supervision_prefix_for(user: User) -> str | None:
    """Region prefix of orders a city/district office supervises (sees, receives escalations)."""
    org = _org(user)
    if org is None:
        return None
    if org.kind == OrganisationKind.CITY_OFFICE:
        return ""
    if org.kind == OrganisationKind.DISTRICT_OFFICE:
        return org.region_code
    return None


def can_view_order(user: User, order: RectificationOrder) -> bool:
    """Issuer, recipient and supervising offices see an order; everyone else gets 404."""
    if user.is_authenticated and user.is_superuser:
        return True
    if is_issuer_member(user, order) or is_recipient_member(user, order):
        return True
    prefix = supervision_prefix_for(user)
    return prefix is not None and order.region_code.startswith(prefix)


def order_party(user: User, order: RectificationOrder) -> str:
    """'issuer', 'recipient' or '' — the side the user acts for on this order."""
    if is_issuer_member(user, order):
        return "issuer"
    if is_recipient_member(user, order):
        return "recipient"
    return ""


def is_district(user: User) -> bool:
    org = _org(user)
    return org is not None and org.kind == OrganisationKind.DISTRICT_OFFICE
