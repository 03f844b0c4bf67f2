"""Scheduled writes: deadline reminders and overdue escalation (四 S3).

Each threshold/level is recorded in ``OrderAlert`` (unique per order, kind and level) in the same
transaction as the notification is scheduled, so running a command twice sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from futurecommunity.accounts.models import Organisation, OrganisationKind, Role
from futurecommunity.audit.services import audit_record
from futurecommunity.notifications.services import notify_on_commit
from futurecommunity.rectification import rules
from futurecommunity.rectification.models import (
    OPEN_STATUSES,
    AlertKind,
    OrderAlert,
    RectificationOrder,
)
from futurecommunity.rectification.selectors import setting_days
from futurecommunity.rectification.services import _members, order_link


@dataclass(frozen=True)
class AlertPlan:
    order: RectificationOrder
    level: int
    covered: tuple[int, ...]  # thresholds/levels this alert marks as done


def _open_orders():  # type: ignore[no-untyped-def]
    return RectificationOrder.objects.filter(status__in=OPEN_STATUSES).select_related(
        "recipient", "issuer"
    )


def _done(kind: str) -> dict[int, set[int]]:
    done: dict[int, set[int]] = {}
    for order_id, level in OrderAlert.objects.filter(kind=kind).values_list("order_id", "level"):
        done.setdefault(order_id, set()).add(level)
    return done


def plan_reminders(*, today: dt.date) -> list[AlertPlan]:
    thresholds = setting_days("reminder_days_before")
    done = _done(AlertKind.REMINDER)
    plans = []
    for order in _open_orders().filter(deadline__gte=today):
        level = rules.reminder_threshold_due(
            order.deadline, today, thresholds, done.get(order.pk, set())
        )
        if level is not None:
            left = (order.deadline - today).days
            plans.append(AlertPlan(order, level, tuple(t for t in thresholds if left <= t)))
    return plans


def reminders_send(*, today: dt.date, dry_run: bool = False) -> int:
    """Remind the recipient office's editors before the deadline, once per order per threshold."""
    sent = 0
    for plan in plan_reminders(today=today):
        if dry_run:
            sent += 1
            continue
        order, left = plan.order, (plan.order.deadline - today).days
        sent += _record(
            plan,
            AlertKind.REMINDER,
            today,
            people=_members(order.recipient, Role.EDITOR),
            message_kind="rectification.deadline_approaching",
            title=f"整改期限临近：{order.reference}",
            body=f"整改单“{order.title}”将于 {order.deadline:%Y-%m-%d} 到期（剩余 {left} 天），"
            "请按时反馈整改情况。",
        )
    return sent


def _leaders_for(order: RectificationOrder, level: int) -> list:  # type: ignore[type-arg]
    if level == 1:
        office = Organisation.objects.filter(
            kind=OrganisationKind.DISTRICT_OFFICE, region_code=order.district_code
        ).first()
    else:
        office = Organisation.objects.filter(kind=OrganisationKind.CITY_OFFICE).first()
    return _members(office, Role.APPROVER)


def plan_escalations(*, today: dt.date) -> list[AlertPlan]:
    level_days = setting_days("escalation_days_overdue")
    done = _done(AlertKind.ESCALATION)
    plans = []
    for order in _open_orders().filter(deadline__lt=today):
        reached = rules.escalation_level_due(order.deadline, today, level_days)
        missing = [lv for lv in range(1, reached + 1) if lv not in done.get(order.pk, set())]
        for level in missing:
            plans.append(AlertPlan(order, level, (level,)))
    return plans


def escalations_run(*, today: dt.date, dry_run: bool = False) -> int:
    """Escalate overdue orders: level 1 to the district leaders, level 2 to the city leaders."""
    sent = 0
    for plan in plan_escalations(today=today):
        if dry_run:
            sent += 1
            continue
        order = plan.order
        who = "区、县（市）" if plan.level == 1 else "市"
        days = rules.days_overdue(order.deadline, today)
        sent += _record(
            plan,
            AlertKind.ESCALATION,
            today,
            people=_leaders_for(order, plan.level),
            message_kind="rectification.escalation",
            title=f"逾期整改督办（{who}级）：{order.reference}",
            body=f"{order.recipient.name}承办的整改单“{order.title}”已逾期 {days} 天"
            f"（期限 {order.deadline:%Y-%m-%d}），请督促办理（四 S3）。",
            audit=True,
        )
    return sent


def _record(
    plan: AlertPlan,
    kind: str,
    today: dt.date,
    *,
    people: list,  # type: ignore[type-arg]
    message_kind: str,
    title: str,
    body: str,
    audit: bool = False,
) -> int:
    try:
        with transaction.atomic():
            for level in plan.covered:
                OrderAlert.objects.get_or_create(
                    order=plan.order, kind=kind, level=level, defaults={"sent_on": today}
                )
            if audit:
                audit_record(
                    actor=None,
                    action="rectification.order_escalate",
                    subject=plan.order,
                    reference=plan.order.reference,
                    region_code=plan.order.region_code,
                    changes={"escalation_level": [plan.level - 1, plan.level]},
                )
            notify_on_commit(
                recipients=people,
                kind=message_kind,
                title=title,
                body=body,
                link=order_link(plan.order),
            )
    except IntegrityError:  # a concurrent run recorded it first
        return 0
    return 1
