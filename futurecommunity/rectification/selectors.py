"""Reads of inspections and orders. Scoped reads 404 out of scope; the two statistics
selectors (``order_stats``, ``overdue_orders``) are the contract used by ``reporting``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from futurecommunity.accounts.models import Organisation, OrganisationKind, User
from futurecommunity.common.demo_filter import counted
from futurecommunity.common.time import today_local
from futurecommunity.rectification import access, rules
from futurecommunity.rectification.models import (
    OPEN_STATUSES,
    Finding,
    FindingAttachment,
    Inspection,
    OrderEventAttachment,
    OrderStatus,
    RectificationOrder,
    RectificationSetting,
)


@dataclass(frozen=True)
class OrderStats:
    """Orders to organisations in one district issued in [start, end], judged as of
    ``min(end, today)``: closed by then on time / late, or still open and past the deadline."""

    issued: int
    closed_on_time: int
    closed_late: int
    open_overdue: int


@dataclass(frozen=True)
class OverdueOrder:
    reference: str
    district_code: str
    recipient_name: str
    deadline: dt.date
    days_overdue: int
    title: str


def order_stats(*, district_code: str, start: dt.date, end: dt.date) -> OrderStats:
    """Counts for the bulletin and the ranking (四 S3)."""
    as_of = min(end, today_local())
    rows = counted(
        RectificationOrder.objects.filter(
            region_code__startswith=district_code, issued_on__gte=start, issued_on__lte=end
        )
    ).values_list("deadline", "closed_on")
    issued = on_time = late = overdue = 0
    for deadline, closed_on in rows:
        issued += 1
        if closed_on is not None and closed_on <= as_of:
            if closed_on <= deadline:
                on_time += 1
            else:
                late += 1
        elif deadline < as_of:
            overdue += 1
    return OrderStats(issued=issued, closed_on_time=on_time, closed_late=late, open_overdue=overdue)


def overdue_orders(*, prefix: str, as_of: dt.date) -> list[OverdueOrder]:
    """Open orders past their deadline on ``as_of`` to offices under ``prefix`` (most overdue
    first)."""
    rows = (
        counted(
            RectificationOrder.objects.filter(
                region_code__startswith=prefix, status__in=OPEN_STATUSES, deadline__lt=as_of
            )
        )
        .select_related("recipient")
        .order_by("deadline", "reference")
    )
    return [
        OverdueOrder(
            reference=o.reference,
            district_code=o.district_code,
            recipient_name=o.recipient.name,
            deadline=o.deadline,
            days_overdue=rules.days_overdue(o.deadline, as_of),
            title=o.title,
        )
        for o in rows
    ]


def _visible_q(viewer: User) -> Q | None:
    if viewer.is_superuser:
        return Q()
    org = viewer.organisation if viewer.is_authenticated else None
    if org is None:
        return None
    visible = Q(issuer=org) | Q(recipient=org)
    prefix = access.supervision_prefix_for(viewer)
    if prefix is not None:
        visible |= Q(region_code__startswith=prefix)
    return visible


def order_list_for(
    *, viewer: User, status: str = "", overdue_only: bool = False
) -> QuerySet[RectificationOrder]:
    visible = _visible_q(viewer)
    if visible is None:
        return RectificationOrder.objects.none()
    rows = RectificationOrder.objects.filter(visible).select_related("issuer", "recipient")
    if status:
        rows = rows.filter(status=status)
    if overdue_only:
        rows = rows.filter(status__in=OPEN_STATUSES, deadline__lt=today_local())
    return rows


def open_orders_by_source(*, viewer: User) -> dict[tuple[str, str], RectificationOrder]:
    """Open orders the viewer sees that answer a compliance finding, by (rule, subject)."""
    rows = (
        order_list_for(viewer=viewer)
        .filter(status__in=OPEN_STATUSES)
        .exclude(source_rule="")
        .order_by("issued_on", "pk")
    )
    return {(o.source_rule, o.source_subject): o for o in rows}


def order_get_for(*, viewer: User, pk: int) -> RectificationOrder:
    order = (
        RectificationOrder.objects.select_related("issuer", "recipient", "finding__inspection")
        .filter(pk=pk)
        .first()
    )
    if order is None or not access.can_view_order(viewer, order):
        raise Http404("整改单不存在。")
    return order


def order_events(order: RectificationOrder):  # type: ignore[no-untyped-def]
    return order.events.select_related("actor").prefetch_related("attachments")


def inspection_list_for(*, viewer: User) -> QuerySet[Inspection]:
    prefix = access.supervision_prefix_for(viewer)
    if viewer.is_superuser:
        prefix = ""
    if prefix is None:
        return Inspection.objects.none()
    # Its own inspections, and a higher office's inspection that found problems in its
    # territory (the 督查来源 of an order it received).
    ids = Finding.objects.filter(region_code__startswith=prefix).values("inspection_id")
    return (
        Inspection.objects.filter(Q(region_code__startswith=prefix) | Q(pk__in=ids))
        .select_related("organisation")
        .distinct()
    )


def inspection_get_for(*, viewer: User, pk: int) -> Inspection:
    inspection = inspection_list_for(viewer=viewer).filter(pk=pk).first()
    if inspection is None:
        raise Http404("督查记录不存在。")
    return inspection


def inspection_findings_for(*, viewer: User, inspection: Inspection) -> QuerySet[Finding]:
    """The findings the viewer sees: all of its own office's inspection, else its territory's."""
    findings = inspection.findings.all()
    prefix = "" if viewer.is_superuser else access.supervision_prefix_for(viewer)
    if prefix is None:
        return findings.none()
    if not inspection.region_code.startswith(prefix):
        findings = findings.filter(region_code__startswith=prefix)
    return findings


def finding_attachment_get_for(*, viewer: User, inspection_pk: int, pk: int) -> FindingAttachment:
    """A finding's photo of an inspection in the viewer's scope; Http404 otherwise."""
    inspection = inspection_get_for(viewer=viewer, pk=inspection_pk)
    attachment = (
        FindingAttachment.objects.filter(
            pk=pk, finding__in=inspection_findings_for(viewer=viewer, inspection=inspection)
        )
        .select_related("finding__inspection")
        .first()
    )
    if attachment is None:
        raise Http404("附件不存在。")
    return attachment


def order_attachment_get_for(*, viewer: User, order_pk: int, pk: int) -> OrderEventAttachment:
    """Response or verification evidence of an order the viewer may see; Http404 otherwise."""
    order = order_get_for(viewer=viewer, pk=order_pk)
    attachment = (
        OrderEventAttachment.objects.filter(pk=pk, event__order=order)
        .select_related("event__order")
        .first()
    )
    if attachment is None:
        raise Http404("附件不存在。")
    return attachment


def recipient_choices_for(*, viewer: User) -> list[Organisation]:
    """Offices the viewer may issue orders to (same rule as the service)."""
    if not access.can_issue_orders(viewer):
        return []
    rows = Organisation.objects.filter(
        kind__in=[OrganisationKind.DISTRICT_OFFICE, OrganisationKind.STREET_OFFICE]
    ).order_by("region_code")
    return [o for o in rows if access.can_issue_to(viewer, o)]


def setting_value(key: str) -> str:
    """A configuration row's value; a missing row is a deployment error, not a default."""
    try:
        return RectificationSetting.objects.get(key=key).value
    except RectificationSetting.DoesNotExist as exc:
        raise LookupError(f"缺少整改参数“{key}”，请加载 data/rectification/settings.csv。") from exc


def setting_days(key: str) -> list[int]:
    return [int(part) for part in setting_value(key).split(",") if part.strip()]


__all__ = [
    "OrderStats",
    "OrderStatus",
    "OverdueOrder",
    "order_stats",
    "overdue_orders",
]
