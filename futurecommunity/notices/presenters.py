"""Shaping notices for the official templates; contact details masked unless the viewer handles
the notice (PIPL 第六条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from futurecommunity.accounts.models import User
from futurecommunity.notices import access, config, gate, rules
from futurecommunity.notices.forms import AnswerForm, CorrectForm, ReasonForm
from futurecommunity.notices.models import Notice, NoticeSetting, NoticeStatus, Opinion


@dataclass(frozen=True)
class OpinionRow:
    opinion: Opinion
    name: str
    contact: str
    building: str
    has_photo: bool


def opinion_rows(viewer: User, notice: Notice) -> list[OpinionRow]:
    full = access.can_see_contact(viewer, notice)
    return [
        OpinionRow(
            opinion=o,
            name=o.name if full else rules.mask_name(o.name),
            contact=o.contact if full else rules.mask_contact(o.contact),
            building=o.building,
            has_photo=bool(o.photo) and full,
        )
        for o in notice.opinions.all()
    ]


def setting_row(key: str) -> NoticeSetting | None:
    return NoticeSetting.objects.filter(key=key).first()


def notice_detail_context(viewer: User, notice: Notice, today: dt.date) -> dict[str, object]:
    policy = config.notice_policy()
    can_manage = access.can_manage_notice(viewer, notice)
    is_published = notice.status == NoticeStatus.PUBLISHED
    return {
        "notice": notice,
        "nav": "notices",
        "today": today,
        "progress": rules.notice_progress(notice.start_on, notice.end_on, today, policy),
        "first_day": rules.first_counted_day(notice.start_on, policy),
        "events": notice.events.all(),
        "documents": notice.documents.all(),
        "opinions": opinion_rows(viewer, notice),
        "contact_full": access.can_see_contact(viewer, notice),
        "can_manage": can_manage and is_published,
        "can_answer": can_manage,
        "gate": gate.gate_state(notice.project, today) if notice.project else None,
        "answer_form": AnswerForm(auto_id=False),  # one form per opinion: no shared ids
        "correct_form": CorrectForm(
            initial={
                "title": notice.title,
                "body": notice.body,
                "start_on": today,
                "end_on": rules.earliest_end(today, policy),
            }
        ),
        "withdraw_form": ReasonForm(),
        "period_rows": [
            setting_row("notice_period_days"),
            setting_row("notice_counts_calendar_days"),
            setting_row("notice_publication_day_counts"),
        ],
    }
