"""Reads for the inbox: always the viewer's own messages."""

from __future__ import annotations

from django.db.models import QuerySet

from futurecommunity.accounts.models import User
from futurecommunity.notifications.models import Message


def unread_count_for(*, viewer: User) -> int:
    if not viewer.is_authenticated:
        return 0
    return Message.objects.filter(recipient=viewer, read_at__isnull=True).count()


def message_list_for(*, viewer: User, unread_only: bool = False) -> QuerySet[Message]:
    rows = Message.objects.filter(recipient=viewer)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows
