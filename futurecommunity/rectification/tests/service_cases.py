"""Service-matrix cases of inspections and orders (四 S3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from futurecommunity.accounts.models import Organisation
from futurecommunity.accounts.tests.matrix import office_actor
from futurecommunity.common.time import today_local
from futurecommunity.rectification import services
from futurecommunity.rectification.tests.route_cases import make_order

# Only the city and district offices (editor+) inspect and issue; a district only to its own
# streets.
_NOT_ISSUERS = [
    "public",
    "outsider",
    "street_a",
    "street_a2",
    "district_a_viewer",
    "district_b_editor",
    "city_viewer",
    "department",
    "system_admin",
    "security_admin",
    "audit_admin",
    "operator",
    "expert",
]


def _inspect(actor: Any, ctx: dict[str, Any]) -> None:
    services.inspection_record(
        actor=actor,
        title="矩阵督查",
        inspected_on=today_local(),
        team="督查组",
        scope_regions=[ctx["street"]],
        project_references=[],
        findings=[services.FindingInput(description="立面破损", region_code=ctx["street"])],
    )


def _issue(actor: Any, ctx: dict[str, Any]) -> None:
    services.order_issue(
        actor=actor,
        recipient=Organisation.objects.get(code=f"sx-{ctx['street']}"),
        title="立面风貌不协调",
        requirement="恢复立面原貌。",
        deadline=today_local() + dt.timedelta(days=30),
    )


def _responded(street_code: str) -> dict[str, Any]:
    order = make_order(street_code)
    services.order_move(
        actor=office_actor(street_code), order=order, target="responded", remark="已整改。"
    )
    order.refresh_from_db()
    return {"order": order}


SERVICE_CASES: dict[str, dict[str, Any]] = {
    "futurecommunity.rectification.services.inspection_record": {
        "setup": lambda street: {"street": street},
        "call": _inspect,
        "allowed": "district_a_editor",
        "denied": [v for v in _NOT_ISSUERS if v != "district_b_editor"],
    },
    "futurecommunity.rectification.services.order_issue": {
        "setup": lambda street: {"street": street},
        "call": _issue,
        "allowed": "district_a_editor",
        "denied": _NOT_ISSUERS,
    },
    # The issuer (district A's office) verifies the response; nobody else closes the order.
    "futurecommunity.rectification.services.order_move": {
        "setup": _responded,
        "call": lambda actor, ctx: services.order_move(
            actor=actor, order=ctx["order"], target="closed"
        ),
        "allowed": "district_a_editor",
        "denied": [
            "public",
            "outsider",
            "street_a",
            "street_a2",
            "district_a_viewer",
            "district_b_editor",
            "city_viewer",
            "city_approver",
            "department",
            "system_admin",
            "audit_admin",
            "operator",
            "expert",
        ],
    },
}
