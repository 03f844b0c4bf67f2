"""Service × visitor matrix cases of the notices app (contract in the brief).

``opinion_submit`` has no actor: anyone may submit during the period (human check and rate
limit instead of permission), so it has no case here; its refusals are in test_services.
"""

from __future__ import annotations

import datetime as dt

from futurecommunity.common.time import today_local
from futurecommunity.notices import services
from futurecommunity.notices.models import NoticeKind
from futurecommunity.notices.tests import matrix_objects as m

_OUTSIDE = ["street_a2", "district_b_editor", "district_a_viewer", "department", "public"]


def _plan(project, start=None):  # type: ignore[no-untyped-def]
    start = start or today_local()
    return services.NoticeInput(
        kind=NoticeKind.IMPLEMENTATION_PLAN,
        title="矩阵公示",
        body="矩阵",
        start_on=start,
        end_on=start + dt.timedelta(days=10),
        contact_office="街道",
        project=project,
    )


SERVICE_CASES = {
    "futurecommunity.notices.services.notice_publish": {
        "setup": lambda street: {"project": m.project_in(street)},
        "call": lambda actor, ctx: services.notice_publish(actor=actor, data=_plan(ctx["project"])),
        "allowed": "street_a",
        "denied": _OUTSIDE,
    },
    "futurecommunity.notices.services.notice_correct": {
        "setup": lambda street: {"notice": m.notice_in(street)},
        "call": lambda actor, ctx: services.notice_correct(
            actor=actor, notice=ctx["notice"], data=_plan(ctx["notice"].project), reason="更正"
        ),
        "allowed": "street_a",
        "denied": _OUTSIDE,
    },
    "futurecommunity.notices.services.notice_withdraw": {
        "setup": lambda street: {"notice": m.notice_in(street)},
        "call": lambda actor, ctx: services.notice_withdraw(
            actor=actor, notice=ctx["notice"], reason="撤回"
        ),
        "allowed": "street_a",
        "denied": _OUTSIDE,
    },
    "futurecommunity.notices.services.opinion_answer": {
        "setup": lambda street: {"opinion": m.opinion_in(street)},
        "call": lambda actor, ctx: services.opinion_answer(
            actor=actor, opinion=ctx["opinion"], answer="答复"
        ),
        "allowed": "street_a",
        "denied": _OUTSIDE,
    },
    "futurecommunity.notices.services.consent_record": {
        "setup": lambda street: {"row": m.stakeholder_in(street)},
        "call": lambda actor, ctx: services.consent_record(
            actor=actor,
            stakeholder=ctx["row"],
            answer="agreed",
            method="in_person",
            answered_on=today_local(),
        ),
        "allowed": "street_a",
        "denied": _OUTSIDE,
    },
    "futurecommunity.notices.services.stakeholders_import": {
        "setup": lambda street: {"project": m.project_in(street)},
        "call": lambda actor, ctx: services.stakeholders_import(
            actor=actor, project=ctx["project"], rows=[("1幢", "1单元", "101", "住户")]
        ),
        "allowed": "street_a",
        "denied": _OUTSIDE,
    },
    "futurecommunity.notices.services.article_publish": {
        "setup": lambda street: {},
        "call": lambda actor, ctx: services.article_publish(actor=actor, title="标题", body="正文"),
        "allowed": "city_editor",
        "denied": ["street_a", "district_a_editor", "city_viewer", "department", "public"],
    },
    "futurecommunity.notices.services.notice_setting_update": {
        "setup": lambda street: {},
        "call": lambda actor, ctx: services.notice_setting_update(
            actor=actor, key="opinion_rate_limit", value="6"
        ),
        "allowed": "city_editor",
        "denied": ["street_a", "district_a_editor", "city_viewer", "department", "public"],
    },
}
