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


def _street_finding(street_code: str) -> dict[str, Any]:
    """A finding to act on in street A today (the T2 quota of 塔山街道, 二(一) T2)."""
    from futurecommunity.common.time import today_local
    from futurecommunity.targets.compliance.board import indexed
    from futurecommunity.targets.compliance.engine import evaluate
    from futurecommunity.targets.compliance.snapshot import programme_snapshot

    for index, f in indexed(evaluate(programme_snapshot(as_of=today_local()))):
        if f.region_code == street_code and f.severity in ("violation", "warning"):
            return {"rule_id": f.rule_id, "subject": f.subject_code, "index": index}
    raise AssertionError(f"街道 {street_code} 没有需处理的检查结果")


# 下发整改单 from a finding (四 S3): the city's and the district's editors and approvers; the
# other offices are refused with the reason (403); another district does not find it (404).
_ORDER_FROM_FINDING = {
    "street_a": 403,
    "street_a2": 403,
    "district_a_viewer": 403,
    "district_a_editor": 200,
    "district_a_approver": 200,
    "district_b_editor": 404,
    "city_viewer": 403,
    "city_editor": 200,
    "city_approver": 200,
}

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
    "compliance-order-create": {
        "make": _street_finding,
        "profile": "city_read",
        "post": True,
        "expect": _ORDER_FROM_FINDING,
    },
    "public:project-list": {"profile": "public"},
    "public:district-detail": {
        "make": lambda street: {"code": street[:6]},
        "profile": "public",
    },
}
ROUTE_CASES.update(PLAN_ROUTE_CASES)  # the plan-text readings (issue 10 items 8–11)
