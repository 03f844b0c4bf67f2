"""Route-matrix cases of the dashboard, the plan targets, the compliance board and the public
pages."""

from __future__ import annotations

from typing import Any

from futurecommunity.targets.models import PlanTarget
from futurecommunity.targets.tests.route_cases_plan import ROUTE_CASES as PLAN_ROUTE_CASES


def _target(street_code: str) -> dict[str, Any]:
    target = PlanTarget.objects.filter(district__code=street_code[:6]).order_by("pk").first()
    assert target is not None
    return {"target_id": target.pk}


ROUTE_CASES: dict[str, dict[str, Any]] = {
    # Administrators are sent on to their own duty's page.
    "dashboard": {
        "profile": "summary_read",
        "expect": {"system_admin": 302, "security_admin": 302, "audit_admin": 302},
    },
    "plan-target-list": {"profile": "summary_read"},
    "plan-target-export": {"profile": "summary_read"},
    "plan-target-edit": {
        "make": _target,
        "profile": "city_post",
        "post": True,
        "post_only": True,
        "post_data": {"value": "3", "reason": "矩阵核对"},
    },
    "compliance-board": {"profile": "city_read"},
    "compliance-board-export": {"profile": "city_read"},
    "public:project-list": {"profile": "public"},
    "public:district-detail": {
        "make": lambda street: {"code": street[:6]},
        "profile": "public",
    },
}
ROUTE_CASES.update(PLAN_ROUTE_CASES)  # the plan-text readings (issue 10 items 8–11)
