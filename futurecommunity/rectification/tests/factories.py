"""Helpers for rectification tests: issue orders through the real service, freeze the clock."""

from __future__ import annotations

import datetime as dt

from futurecommunity.accounts.models import Organisation, User
from futurecommunity.common.time import SHANGHAI
from futurecommunity.rectification import services
from futurecommunity.rectification.models import RectificationOrder


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def issue(
    actor: User,
    recipient_code: str,
    *,
    issued_on: dt.date,
    deadline: dt.date,
    title: str = "立面风貌不协调",
) -> RectificationOrder:
    return services.order_issue(
        actor=actor,
        recipient=org(recipient_code),
        title=title,
        requirement="拆除违规广告牌，恢复立面原貌。",
        deadline=deadline,
        issued_on=issued_on,
    )


def freeze(monkeypatch, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    """Freeze Django's clock at noon Shanghai time on ``day``."""
    moment = dt.datetime.combine(day, dt.time(12, 0), tzinfo=SHANGHAI)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
