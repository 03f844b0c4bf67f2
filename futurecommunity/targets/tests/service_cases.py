"""Service-matrix cases of the plan targets (附件)."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import NOT_CITY
from futurecommunity.targets.models import PlanTarget
from futurecommunity.targets.services import plan_target_update
from futurecommunity.targets.tests.service_cases_plan import SERVICE_CASES as PLAN_SERVICE_CASES


def _target(street_code: str) -> dict[str, Any]:
    return {"target": PlanTarget.objects.filter(district__code=street_code[:6]).first()}


SERVICE_CASES: dict[str, dict[str, Any]] = {
    "futurecommunity.targets.services.plan_target_update": {
        "setup": _target,
        "call": lambda actor, ctx: plan_target_update(
            actor=actor,
            target_id=ctx["target"].pk,
            value=ctx["target"].target + 1,
            reason="绍风貌〔2026〕1号",
        ),
        "allowed": "city_approver",
        "denied": NOT_CITY,
    },
}
SERVICE_CASES.update(PLAN_SERVICE_CASES)  # the plan-text readings (issue 10 items 8–11)
