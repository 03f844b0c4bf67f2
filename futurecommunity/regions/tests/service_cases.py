"""Service-matrix cases of the community register."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import NOT_CITY, community_of
from futurecommunity.regions.models import Region
from futurecommunity.regions.services import region_set_urban_flag
from futurecommunity.regions.tests.service_cases_plan import SERVICE_CASES as PLAN_SERVICE_CASES


def _community(street_code: str) -> dict[str, Any]:
    return {"community": Region.objects.get(code=community_of(street_code))}


SERVICE_CASES: dict[str, dict[str, Any]] = {
    "futurecommunity.regions.services.region_set_urban_flag": {
        "setup": _community,
        "call": lambda actor, ctx: region_set_urban_flag(
            actor=actor, code=ctx["community"].code, is_urban=False, reason="已撤并。"
        ),
        "allowed": "city_editor",
        "denied": NOT_CITY,
    },
}
SERVICE_CASES.update(PLAN_SERVICE_CASES)  # the plan-text readings (issue 10 items 8–11)
