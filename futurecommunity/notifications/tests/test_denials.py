"""Marking messages read touches only the actor's own inbox (issue 3)."""

from __future__ import annotations

import pytest

from futurecommunity.notifications.models import Message
from futurecommunity.notifications.services import message_mark_read

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["keqiao_editor", "system_admin", "outsider"])
def test_another_users_message_stays_unread(request, who, tashan_editor):
    message = Message.objects.create(recipient=tashan_editor, kind="x", title="通知")
    actor = request.getfixturevalue(who)
    assert message_mark_read(actor=actor, message_id=message.pk) == 0
    assert message_mark_read(actor=actor) == 0
    assert Message.objects.get().read_at is None
