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


def _fresh(actor: Any) -> Any:
    """The actor as stored now: the cases may have put the matrix's expert into the pool after
    the visitor objects were made (cases.enlist_matrix_expert)."""
    if actor is not None:
        actor.refresh_from_db()
    return actor


def _declare_setup(street_code: str) -> Any:
    evaluation = evaluation_at(street_code, "submitted")
    pool_experts()
    return evaluation.project


def _panel_setup(street_code: str) -> Any:
    evaluation = evaluation_at(street_code, "submitted")
    return {"evaluation": evaluation, "experts": pool_experts()}


def _start(street_code: str) -> Any:
    return project_ready(street_code)[0]


def _answers(actor, ev) -> None:  # type: ignore[no-untyped-def]
    first = ev.answers.first()
    services.answers_save(actor=actor, evaluation=ev, answers=[
        services.AnswerInput(indicator_id=first.indicator_id, declared="not")])  # fmt: skip


def _scores(actor, ev) -> None:  # type: ignore[no-untyped-def]
    first = ev.system.indicators.first()
    services.scores_save(actor=_fresh(actor), evaluation=ev, scores={first.pk: ("1", "")})


def _indicator(_s: str) -> Any:
    return IndexSystem.objects.get(code="sx-municipal-2023-draft").indicators.order_by("pk").first()


def _parameter(_s: str) -> Any:
    from futurecommunity.evaluation.models import EvaluationParameter

    return EvaluationParameter.objects.order_by("pk").first()


def _county_system(street_code: str) -> Any:
    """A county rule set of street A's district, in the official table's layout."""
    source = IndexSystem.objects.get(code="sx-municipal-2023-draft")
    return {
        "content": imports.system_workbook(source),
        "meta": imports.SystemMeta(
            code="m-county-rules", name="越城区细则", kind="county",
            district_code=street_code[:6], version="2026", issuer="越城区风貌办",
            document_number="越风貌〔2026〕1号", issued_on=dt.date(2026, 1, 1), year_from=2026,
            year_to=None, pass_score=Decimal("70"), pass_score_source="越风貌〔2026〕1号",
        ),
    }  # fmt: skip


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
        "setup": _panel_setup,
        "call": lambda a, c: services.panel_form(actor=a, evaluation=c["evaluation"],
                                                 experts=c["experts"]),
        "allowed": "district_a_editor", "denied": [*_OTHERS, "street_a", "district_a_viewer", "city_editor"],
    },
    _P + "conflict_declare": {
        "setup": _declare_setup,
        "call": lambda a, p: services.conflict_declare(actor=_fresh(a), project=p,
                                                       has_conflict=False),
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
        "call": lambda a, ev: services.decision_record(actor=a, evaluation=ev, outcome="fail", remark="未达标",
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
    "futurecommunity.evaluation.imports.indicator_update": {
        "setup": _indicator,
        "call": lambda a, ind: imports.indicator_update(actor=a, indicator=ind, points=ind.points,
                                                        is_required=ind.is_required, kind=ind.kind),
        "allowed": "city_editor", "denied": [*_OTHERS, "street_a", "district_a_editor", "city_viewer", "expert"],
    },
    "futurecommunity.evaluation.imports.system_import": {
        "setup": _county_system,
        "call": lambda a, c: imports.system_import(actor=a, meta=c["meta"], content=c["content"]),
        "allowed": "district_a_editor",
        "denied": [*_OTHERS, "street_a", "district_a_viewer", "city_viewer", "expert"],
    },
    _P + "parameter_update": {
        "setup": _parameter,
        "call": lambda a, row: services.parameter_update(actor=a, row=row, value=row.value,
                                                         source="绍市风貌办〔2026〕1号"),
        "allowed": "city_editor", "denied": [*_OTHERS, "street_a", "district_a_editor", "city_viewer", "expert"],
    },
    _P + "expert_register": {
        "setup": lambda s: pool_experts()[0],
        "call": lambda a, ex: services.expert_register(actor=a, user=ex.user, field="规划", work_unit="高校"),
        "allowed": "city_editor", "denied": [*_OTHERS, "street_a", "district_a_editor", "city_viewer"],
    },
    _P + "parameter_update": {
        "setup": lambda s: services.EvaluationParameter.objects.get(key="panel_min_size"),
        "call": lambda a, row: services.parameter_update(actor=a, row=row, value="5", source="绍风貌〔2026〕1号"),
        "allowed": "city_editor", "denied": [*_OTHERS, "street_a", "district_a_editor", "city_viewer"],
    },
}  # fmt: skip
