"""Header badge: the viewer's unread inbox count."""

from __future__ import annotations

from django.http import HttpRequest

from futurecommunity.notifications.selectors import unread_count_for


def inbox(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"inbox_unread": 0}
    return {"inbox_unread": unread_count_for(viewer=user)}
