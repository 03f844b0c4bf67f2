"""Service-matrix cases of reporting (四 S1): street A's monthly report, the city's freeze,
bulletin and ranking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from futurecommunity.accounts.tests.matrix import NOT_CITY, OUT_OF_SCOPE
from futurecommunity.projects.tests.route_cases import make_project
from futurecommunity.reporting import bulletins, rankings, services, todos
from futurecommunity.reporting.tests.route_cases import MONTH, QUARTER

_REPORT = services.ReportInput(
    percent_complete=Decimal("10"),
    investment_month=Decimal("100"),
    investment_to_date=Decimal("100"),
)
_NOT_APPROVER = [*NOT_CITY, "city_editor"]


def _project(street_code: str) -> dict[str, Any]:
    return {"project": make_project(street_code)}


def _frozen(street_code: str) -> dict[str, Any]:
    make_project(street_code)
    services.month_freeze(actor=None, month=MONTH)
    return {}


def _draft(street_code: str) -> dict[str, Any]:
    _frozen(street_code)
    return {"bulletin": bulletins.bulletin_generate(actor=None, month=MONTH)}


def _ranking(street_code: str) -> dict[str, Any]:
    make_project(street_code)
    ranking, _changed = rankings.ranking_compute(actor=None, quarter=QUARTER)
    return {"ranking": ranking}


SERVICE_CASES: dict[str, dict[str, Any]] = {
    "futurecommunity.reporting.services.monthly_report_save": {
        "setup": _project,
        "call": lambda actor, ctx: services.monthly_report_save(
            actor=actor, project=ctx["project"], month=MONTH, data=_REPORT
        ),
        "allowed": "street_a",
        "denied": OUT_OF_SCOPE,
    },
    # 保存草稿 (四 S1): whoever may submit the report keeps its draft.
    "futurecommunity.reporting.services.monthly_report_draft_save": {
        "setup": _project,
        "call": lambda actor, ctx: services.monthly_report_draft_save(
            actor=actor,
            project=ctx["project"],
            month=MONTH,
            data=services.DraftInput(percent_complete=Decimal("5")),
        ),
        "allowed": "street_a",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.reporting.services.monthly_report_import": {
        "setup": _project,
        "call": lambda actor, ctx: services.monthly_report_import(
            actor=actor, month=MONTH, rows=[(2, ctx["project"].reference, _REPORT)]
        ),
        "allowed": "district_a_editor",
        "denied": OUT_OF_SCOPE,
        # Out of scope the project is "not found": the whole file is refused row by row.
        "refused_as_row_errors": OUT_OF_SCOPE,
    },
    "futurecommunity.reporting.services.month_freeze": {
        "setup": _project,
        "call": lambda actor, ctx: services.month_freeze(
            actor=actor, month=MONTH, today=dt.date(2026, 3, 1)
        ),
        "allowed": "city_editor",
        "denied": NOT_CITY,
    },
    "futurecommunity.reporting.bulletins.bulletin_generate": {
        "setup": _frozen,
        "call": lambda actor, ctx: bulletins.bulletin_generate(actor=actor, month=MONTH),
        "allowed": "city_editor",
        "denied": NOT_CITY,
    },
    "futurecommunity.reporting.bulletins.bulletin_submit": {
        "setup": _frozen,
        "call": lambda actor, ctx: bulletins.bulletin_submit(actor=actor, month=MONTH),
        "allowed": "city_editor",
        "denied": NOT_CITY,
    },
    "futurecommunity.reporting.bulletins.bulletin_edit": {
        "setup": _draft,
        "call": lambda actor, ctx: bulletins.bulletin_edit(
            actor=actor, bulletin=ctx["bulletin"], title="改后的标题", body={}
        ),
        "allowed": "city_editor",
        "denied": NOT_CITY,
    },
    "futurecommunity.reporting.bulletins.bulletin_issue": {
        "setup": _draft,
        "call": lambda actor, ctx: bulletins.bulletin_issue(actor=actor, bulletin=ctx["bulletin"]),
        "allowed": "city_approver",
        "denied": _NOT_APPROVER,
    },
    "futurecommunity.reporting.rankings.ranking_compute": {
        "setup": lambda street: {"project": make_project(street)},
        "call": lambda actor, ctx: rankings.ranking_compute(actor=actor, quarter=QUARTER),
        "allowed": "city_editor",
        "denied": NOT_CITY,
    },
    "futurecommunity.reporting.rankings.ranking_publish": {
        "setup": _ranking,
        "call": lambda actor, ctx: rankings.ranking_publish(actor=actor, ranking=ctx["ranking"]),
        "allowed": "city_approver",
        "denied": _NOT_APPROVER,
    },
    # 催报 (四 S1): city or district office editors, for owing projects in their territory.
    "futurecommunity.reporting.todos.report_remind": {
        "setup": lambda street: {"project": make_project(street)},
        "call": lambda actor, ctx: todos.report_remind(
            actor=actor, month=MONTH, projects=[ctx["project"]]
        ),
        "allowed": "district_a_editor",
        "denied": [*OUT_OF_SCOPE, "street_a"],
    },
}
