"""Route-matrix cases of the community register (the urban-community flag)."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import community_of
from futurecommunity.regions.tests.route_cases_plan import ROUTE_CASES as PLAN_ROUTE_CASES

ROUTE_CASES: dict[str, dict[str, Any]] = {
    "regions:community-list": {"profile": "summary_read"},
    "regions:community-export": {"profile": "summary_read"},
    # The districts' outlines for the public map: no login.
    "district-boundaries": {"profile": "public"},
    "regions:community-flag": {
        "make": lambda street: {"code": community_of(street)},
        "profile": "city_post",
        "post": True,
        "post_only": True,
        "post_data": {"is_urban": "1", "reason": "矩阵核对"},
    },
}
ROUTE_CASES.update(PLAN_ROUTE_CASES)  # the plan-text readings (issue 10 items 8–11)
# The simplified district boundaries are public facts served as a cacheable file (issue 11).
ROUTE_CASES["district-boundaries"] = {"profile": "public"}
