"""Rectification to-dos (待办): orders to answer (recipient) and answers to verify (issuer)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from futurecommunity.accounts.models import Role, User
from futurecommunity.notifications.todos import Todo
from futurecommunity.rectification.models import OrderStatus, RectificationOrder


def todos_for(user: User) -> Iterable[Todo]:
    org = user.organisation
    if org is None or not user.has_role_at_least(Role.EDITOR):
        return
    to_answer = RectificationOrder.objects.filter(
        recipient=org, status__in=[OrderStatus.ISSUED, OrderStatus.SENT_BACK]
    ).order_by("deadline", "id")
    for order in to_answer:
        yield Todo(
            source="rectification.orders",
            title="待整改并反馈" if order.status == OrderStatus.ISSUED else "退回重改，待再次反馈",
            subject=f"{order.reference} {order.title}",
            link=reverse("rectification:order-detail", args=[order.pk]),
            clause="四 S3",
            due_on=order.deadline,
        )
    to_verify = RectificationOrder.objects.filter(
        issuer=org, status=OrderStatus.RESPONDED
    ).order_by("deadline", "id")
    for order in to_verify:
        yield Todo(
            source="rectification.orders",
            title="待核查整改反馈",
            subject=f"{order.reference} {order.title}",
            link=reverse("rectification:order-detail", args=[order.pk]),
            clause="四 S3",
        )
