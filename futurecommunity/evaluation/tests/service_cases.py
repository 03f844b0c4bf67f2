"""Service matrix cases (contract in the brief): real objects of the visitor's street."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from futurecommunity.common.time import today_local
from futurecommunity.evaluation import imports, services
from futurecommunity.evaluation.models import IndexSystem
from futurecommunity.evaluation.tests.cases import evaluation_at, pool_experts, project_ready

_P = "futurecommunity.evaluation.services."
_OTHERS = ["street_a2", "district_b_editor", "department", "public", "outsider", "system_admin"]


def _start(street_code: str) -> Any:
    return project_ready(street_code)[0]


def _answers(actor, ev) -> None:  # type: ignore[no-untyped-def]
    first = ev.answers.first()
    services.answers_save(actor=actor, evaluation=ev, answers=[
        services.AnswerInput(indicator_id=first.indicator_id, declared="not")])  # fmt: skip


def _scores(actor, ev) -> None:  # type: ignore[no-untyped-def]
    first = ev.system.indicators.first()
    services.scores_save(actor=actor, evaluation=ev, scores={first.pk: ("1", "")})


SERVICE_CASES = {
    _P + "evaluation_start": {
        "setup": _start, "call": lambda a, p: services.evaluation_start(actor=a, project=p),
        "allowed": "street_a", "denied": [*_OTHERS, "district_a_viewer", "city_editor", "expert"],
    },
    _P + "answers_save": {
        "setup": lambda s: evaluation_at(s, "draft"), "call": _answers,
        "allowed": "street_a", "denied": [*_OTHERS, "district_a_viewer", "city_editor", "expert"],
    },
    _P + "evaluation_submit": {
        "setup": lambda s: evaluation_at(s, "filled"),
        "call": lambda a, ev: services.evaluation_submit(actor=a, evaluation=ev),
        "allowed": "district_a_editor", "denied": [*_OTHERS, "street_a", "district_a_viewer", "city_editor"],
    },
    _P + "panel_form": {
        "setup": lambda s: evaluation_at(s, "submitted"),
        "call": lambda a, ev: services.panel_form(actor=a, evaluation=ev, experts=pool_experts()),
        "allowed": "district_a_editor", "denied": [*_OTHERS, "street_a", "district_a_viewer", "city_editor"],
    },
    _P + "conflict_declare": {
        "setup": lambda s: evaluation_at(s, "submitted").project,
        "call": lambda a, p: services.conflict_declare(actor=a, project=p, has_conflict=False),
        "allowed": "expert", "denied": [*_OTHERS, "street_a", "city_editor"],
    },
    _P + "scores_save": {
        "setup": lambda s: evaluation_at(s, "panel"), "call": _scores,
        "allowed": "expert", "denied": [*_OTHERS, "street_a", "district_a_approver", "city_editor"],
    },
    _P + "site_visit_record": {
        "setup": lambda s: evaluation_at(s, "panel"),
        "call": lambda a, ev: services.site_visit_record(actor=a, evaluation=ev,
                                                         visited_on=today_local(), notes="踏勘"),
        "allowed": "district_a_editor", "denied": [*_OTHERS, "street_a", "district_a_viewer", "city_editor"],
    },
    _P + "decision_record": {
        "setup": lambda s: evaluation_at(s, "scored"),
        "call": lambda a, ev: services.decision_record(actor=a, evaluation=ev, outcome="pass",
                                                       document_number="越风貌验〔2026〕1号"),
        "allowed": "district_a_approver",
        "denied": [*_OTHERS, "street_a", "district_a_editor", "city_approver"],
    },
    "futurecommunity.evaluation.imports.system_update": {
        "setup": lambda s: IndexSystem.objects.get(code="sx-municipal-2023-draft"),
        "call": lambda a, sy: imports.system_update(actor=a, system=sy, pass_score=Decimal("72"),
                                                    is_active=True, document_number="",
                                                    issued_on=dt.date(2026, 1, 1)),
        "allowed": "city_editor", "denied": [*_OTHERS, "street_a", "district_a_editor", "city_viewer"],
    },
    _P + "expert_register": {
        "setup": lambda s: pool_experts()[0],
        "call": lambda a, ex: services.expert_register(actor=a, user=ex.user, field="规划", work_unit="高校"),
        "allowed": "city_editor", "denied": [*_OTHERS, "street_a", "district_a_editor", "city_viewer"],
    },
    "futurecommunity.evaluation.imports.indicator_update": {
        "setup": lambda s: IndexSystem.objects.get(code="sx-municipal-2023-draft").indicators.first(),
        "call": lambda a, i: imports.indicator_update(actor=a, indicator=i, points=Decimal("2"),
                                                      is_required=False, kind="optional"),
        "allowed": "city_editor", "denied": [*_OTHERS, "street_a", "district_a_editor", "city_viewer"],
    },
    _P + "parameter_update": {
        "setup": lambda s: services.EvaluationParameter.objects.get(key="panel_min_size"),
        "call": lambda a, row: services.parameter_update(actor=a, row=row, value="5", source="绍风貌〔2026〕1号"),
        "allowed": "city_editor", "denied": [*_OTHERS, "street_a", "district_a_editor", "city_viewer"],
    },
}  # fmt: skip
