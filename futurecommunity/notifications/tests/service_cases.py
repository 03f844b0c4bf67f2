"""Service-matrix case of the inbox: only the recipient marks a message read."""

from __future__ import annotations

from typing import Any

from futurecommunity.notifications.models import Message
from futurecommunity.notifications.services import message_mark_read


def _message(actor: Any, ctx: dict[str, Any]) -> None:
    message = ctx["message"]
    changed = message_mark_read(actor=actor, message_id=message.pk)
    if message.recipient_id != actor.pk:
        # Another person's message is not theirs to mark: nothing changes, as a refusal.
        assert changed == 0
        from futurecommunity.common.errors import PermissionDenied

        raise PermissionDenied("只能标记本人的消息。")


def _setup(street_code: str) -> dict[str, Any]:
    from futurecommunity.accounts.models import User

    recipient = User.objects.get(username="m_street_a")
    return {"message": Message.objects.create(recipient=recipient, kind="matrix", title="待办")}


SERVICE_CASES: dict[str, dict[str, Any]] = {
    "futurecommunity.notifications.services.message_mark_read": {
        "setup": _setup,
        "call": _message,
        "allowed": "street_a",
        "denied": ["street_a2", "district_a_approver", "city_approver", "system_admin"],
        "audited": False,
    },
}
