"""Writes for notifications: queue messages (``notify``), mark read, send the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from futurecommunity.accounts.models import User
from futurecommunity.notifications.gateways import (
    Gateway,
    GatewayDisabled,
    GatewayError,
    GatewayRejected,
    default_gateway,
)
from futurecommunity.notifications.models import Channel, Message, OutboxItem, OutboxStatus


def _sms_address(user: User) -> str:
    return str(getattr(user, "mobile", "") or getattr(user, "phone", "") or "")


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str,
    link: str = "",
    is_demo: bool = False,
) -> int:
    """Queue one inbox message per distinct active recipient, plus e-mail/SMS outbox rows.

    Returns the number of inbox messages created. Services call it from
    ``transaction.on_commit`` (see ``notify_on_commit``) so a refused action queues nothing.
    """
    seen: set[int] = set()
    created = 0
    now = timezone.now()
    with transaction.atomic():
        for user in recipients:
            if user.pk in seen or not user.is_active:
                continue
            seen.add(user.pk)
            message = Message.objects.create(
                recipient=user,
                kind=kind,
                title=title[:200],
                body=body,
                link=link[:300],
                is_demo=is_demo,
            )
            created += 1
            if user.email:
                OutboxItem.objects.create(
                    message=message, channel=Channel.EMAIL, address=user.email, next_attempt_at=now
                )
            if _sms_address(user):
                OutboxItem.objects.create(
                    message=message,
                    channel=Channel.SMS,
                    address=_sms_address(user),
                    next_attempt_at=now,
                )
    return created


def notify_on_commit(
    *, recipients: Iterable[User], kind: str, title: str, body: str, link: str = ""
) -> None:
    """Schedule ``notify`` for when the surrounding transaction commits (nothing on rollback)."""
    people = list(recipients)
    transaction.on_commit(
        lambda: notify(recipients=people, kind=kind, title=title, body=body, link=link)
    )


def message_mark_read(*, actor: User, message_id: int | None = None) -> int:
    """Mark one of the actor's messages (or all when ``message_id`` is None) as read.

    Only the actor's own messages are touched; returns how many changed.
    """
    rows = Message.objects.filter(recipient=actor, read_at__isnull=True)
    if message_id is not None:
        rows = rows.filter(pk=message_id)
    return rows.update(read_at=timezone.now())


@dataclass(frozen=True)
class SendResult:
    sent: int
    skipped: int
    retried: int
    given_up: int


def _max_attempts() -> int:
    return int(getattr(settings, "FC_NOTIFY_MAX_ATTEMPTS", 5))


def _backoff(attempts: int) -> dt.timedelta:
    """Exponential backoff: 5, 10, 20, 40 … minutes after the n-th failure."""
    base = int(getattr(settings, "FC_NOTIFY_BACKOFF_MINUTES", 5))
    return dt.timedelta(minutes=base * 2 ** max(attempts - 1, 0))


def outbox_send_due(
    *, gateway: Gateway | None = None, now: dt.datetime | None = None
) -> SendResult:
    """Try every pending row that is due once; safe to run twice (sent rows are not re-sent)."""
    gateway = gateway or default_gateway()
    now = now or timezone.now()
    counts = {"sent": 0, "skipped": 0, "retried": 0, "given_up": 0}
    due = OutboxItem.objects.filter(
        status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).select_related("message")
    for item in due:
        counts[_send_one(item, gateway, now)] += 1
    return SendResult(**counts)


def _send_one(item: OutboxItem, gateway: Gateway, now: dt.datetime) -> str:
    item.attempts += 1
    body = item.message.body + (f"\n{item.message.link}" if item.message.link else "")
    try:
        gateway.send(
            channel=item.channel,
            address=item.address,
            subject=item.message.title,
            body=body,
            reference=f"FC-OUTBOX-{item.pk}",
        )
    except GatewayDisabled as exc:
        item.status, item.last_error, outcome = OutboxStatus.SKIPPED, str(exc)[:300], "skipped"
    except GatewayRejected as exc:
        item.status, item.last_error, outcome = OutboxStatus.GIVEN_UP, str(exc)[:300], "given_up"
    except GatewayError as exc:
        item.last_error = str(exc)[:300]
        if item.attempts >= _max_attempts():
            item.status, outcome = OutboxStatus.GIVEN_UP, "given_up"
        else:
            item.next_attempt_at, outcome = now + _backoff(item.attempts), "retried"
    else:
        item.status, item.sent_at, item.last_error, outcome = OutboxStatus.SENT, now, "", "sent"
    item.save(update_fields=["attempts", "status", "last_error", "next_attempt_at", "sent_at"])
    return outcome
