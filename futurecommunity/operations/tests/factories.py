"""Operators, selections, plans and reports for tests, made through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from futurecommunity.accounts.models import Role, User
from futurecommunity.accounts.tests.factories import UserFactory
from futurecommunity.operations import rules, services
from futurecommunity.operations.models import OperatorProfile
from futurecommunity.projects.models import Project

_counter = iter(range(1, 10_000))


def credit(n: int | None = None) -> str:
    return rules.credit_code_with_check(f"9133060{n if n is not None else next(_counter):010d}")


def operator(
    actor: User, *, name: str = "测试综合运营商", kind: str = "integrated"
) -> OperatorProfile:
    return services.operator_register(
        actor=actor,
        data=services.OperatorInput(
            name=name,
            operator_kind=kind,
            credit_code=credit(),
            services=("integrated",) if kind == "integrated" else ("childcare",),
        ),
    )


def operator_user(profile: OperatorProfile, username: str = "op_user") -> User:
    return UserFactory(username=username, organisation=profile.organisation, role=Role.EDITOR)


def choose(
    actor: User, project: Project, profile: OperatorProfile, *, on: dt.date = dt.date(2025, 1, 10)
):  # type: ignore[no-untyped-def]
    return services.selection_record(
        actor=actor,
        project=project,
        data=services.SelectionInput(
            operator_id=profile.pk,
            mode="invited",
            bidders="甲公司\n乙公司\n丙公司",
            evaluation_result="评标委员会推荐甲、乙、丙为定标候选人。",
            evaluated_on=on - dt.timedelta(days=5),
            decided_by="街道定标委员会",
            decision_basis="择优定标。",
            decided_on=on,
        ),
    )


def plan(actor: User, project: Project, service: str = "elderly"):  # type: ignore[no-untyped-def]
    return services.plan_item_save(
        actor=actor,
        project=project,
        data=services.PlanItemInput(
            service=service,
            facility="居家养老服务站",
            opening_hours="8:00—20:00",
            pricing="基本服务免费",
        ),
    )


def quarter(
    year: int = 2026,
    q: int = 2,
    *,
    open_services: int = 3,
    satisfied: int = 80,
    responses: int = 100,
    hours: str = "90",
) -> services.QuarterInput:
    keys = ["elderly", "childcare", "culture", "fitness", "health"]
    return services.QuarterInput(
        year=year,
        quarter=q,
        hours_kept_percent=Decimal(hours),
        survey_responses=responses,
        survey_satisfied=satisfied,
        revenue=Decimal("1000.00"),
        subsidy=Decimal("500.00"),
        lines=tuple(services.LineInput(k, i < open_services, 100) for i, k in enumerate(keys)),
    )
