"""Route-matrix cases of the inbox: a message addressed to a member of street A's office."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import office_actor
from futurecommunity.notifications.models import Message


def _message(street_code: str) -> dict[str, Any]:
    message = Message.objects.create(
        recipient=office_actor(street_code), kind="matrix", title="矩阵测试消息"
    )
    return {"pk": message.pk}


# The inbox lies in the manage area: accounts outside every office are not shown it.
_NO_MANAGE = {"public": 404, "outsider": 404, "expert": 404}

ROUTE_CASES: dict[str, dict[str, Any]] = {
    "notifications:inbox": {"profile": "signed_in", "expect": _NO_MANAGE},
    # 待办: what waits for the visitor's own organisation and role.
    "notifications:todo-list": {"profile": "signed_in", "expect": _NO_MANAGE},
    # Marks only the visitor's own messages; everyone is sent back to the inbox.
    "notifications:message-read": {
        "make": _message,
        "profile": "signed_in",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        "expect": _NO_MANAGE,
    },
    "notifications:message-read-all": {
        "profile": "signed_in",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        "expect": _NO_MANAGE,
    },
}
