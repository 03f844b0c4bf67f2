"""Header badges: the viewer's unread inbox count and to-do count (待办, computed on use)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from futurecommunity.notifications.selectors import unread_count_for
from futurecommunity.notifications.todos import todos_for


def inbox(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"inbox_unread": 0, "viewer_todos": [], "todo_count": 0}
    todos = SimpleLazyObject(lambda: todos_for(user))
    return {
        "inbox_unread": unread_count_for(viewer=user),
        "viewer_todos": todos,
        "todo_count": lambda: len(todos),
    }
