"""Service-matrix cases of the pilots: street A's wide declaration, the ancient city (越城区)."""

from __future__ import annotations

import dataclasses
from typing import Any

from futurecommunity.accounts.tests.matrix import NOT_CITY, OUT_OF_SCOPE, office_actor, upload
from futurecommunity.common.time import today_local
from futurecommunity.pilots import services
from futurecommunity.pilots.models import AncientArea, AncientUnit
from futurecommunity.pilots.tests.route_cases import (
    PATH_METHOD,
    make_declaration,
    make_pilot,
    pilot_submitted,
    pilot_with_document,
)

# The ancient city lies in 越城区: its office and the city office edit it, not its streets.
_NOT_ANCIENT = [v for v in OUT_OF_SCOPE if v != "street_a2"] + ["street_a"]


def _declaration(street_code: str) -> dict[str, Any]:
    return {"declaration": make_declaration(street_code)}


def _with_evidence(street_code: str) -> dict[str, Any]:
    declaration = make_declaration(street_code)
    services.declaration_add_evidence(
        actor=office_actor(street_code[:6]), declaration=declaration, title="运营方案"
    )
    declaration.refresh_from_db()
    return {"declaration": declaration}


def _pilot(street_code: str) -> dict[str, Any]:
    return {"declaration": make_pilot(street_code)}


def _pilot_document(street_code: str) -> dict[str, Any]:
    return {"declaration": pilot_with_document(street_code)[0]}


def _pilot_submitted(street_code: str) -> dict[str, Any]:
    return {"deliverable": pilot_submitted(street_code)[1]}


# W1: the pilot's own offices prepare and submit; the city judges and does not submit.
_NOT_PILOT_OFFICE = [*OUT_OF_SCOPE, "city_editor", "city_approver"]


def _area(_street: str) -> dict[str, Any]:
    return {"area": AncientArea.objects.order_by("code").first()}


def _unit(_street: str) -> dict[str, Any]:
    return {"unit": AncientUnit.objects.order_by("code").first()}


def _area_update(actor: Any, ctx: dict[str, Any]) -> None:
    area = ctx["area"]
    values = {f.name: getattr(area, f.name) for f in dataclasses.fields(services.AreaInput)
              if f.name != "project_references"}  # fmt: skip
    values["implementing_body"] = "越城区古城保护利用中心"
    services.ancient_area_update(actor=actor, area=area, data=services.AreaInput(**values))


SERVICE_CASES: dict[str, dict[str, Any]] = {
    "futurecommunity.pilots.services.declaration_create": {
        "setup": lambda street: {"street": street},
        "call": lambda actor, ctx: services.declaration_create(
            actor=actor,
            data=services.DeclarationInput(
                kind="street",
                district_code=ctx["street"][:6],
                street_code=ctx["street"],
                year=2026,
                declared_on=today_local(),
            ),
        ),
        "allowed": "street_a",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.pilots.services.declaration_add_evidence": {
        "setup": _declaration,
        "call": lambda actor, ctx: services.declaration_add_evidence(
            actor=actor, declaration=ctx["declaration"], title="运营台账", file=upload()
        ),
        "allowed": "street_a",
        "denied": OUT_OF_SCOPE,
    },
    # Accepting a declaration is the city approver's alone (二(三)).
    "futurecommunity.pilots.services.declaration_transition": {
        "setup": _with_evidence,
        "call": lambda actor, ctx: services.declaration_transition(
            actor=actor,
            declaration=ctx["declaration"],
            target="rejected",
            occurred_on=today_local(),
            remark="材料不全。",
        ),
        "allowed": "city_approver",
        "denied": [*NOT_CITY, "city_editor", "district_a_editor"],
    },
    "futurecommunity.pilots.services.deliverable_document_add": {
        "setup": _pilot,
        "call": lambda actor, ctx: services.deliverable_document_add(
            actor=actor,
            declaration=ctx["declaration"],
            item_key=PATH_METHOD,
            title="路径和方法",
            file=upload(),
        ),
        "allowed": "street_a",
        "denied": _NOT_PILOT_OFFICE,
    },
    "futurecommunity.pilots.services.deliverable_submit": {
        "setup": _pilot_document,
        "call": lambda actor, ctx: services.deliverable_submit(
            actor=actor, declaration=ctx["declaration"], item_key=PATH_METHOD
        ),
        "allowed": "district_a_editor",
        "denied": _NOT_PILOT_OFFICE,
    },
    # 认可 or return is the city approver's alone (W1).
    "futurecommunity.pilots.services.deliverable_decide": {
        "setup": _pilot_submitted,
        "call": lambda actor, ctx: services.deliverable_decide(
            actor=actor, deliverable=ctx["deliverable"], accept=False, reason="缺少实施路径。"
        ),
        "allowed": "city_approver",
        "denied": [*NOT_CITY, "city_editor", "district_a_editor"],
    },
    "futurecommunity.pilots.services.ancient_area_update": {
        "setup": _area,
        "call": _area_update,
        "allowed": "district_a_editor",
        "denied": _NOT_ANCIENT,
    },
    "futurecommunity.pilots.services.ancient_unit_update": {
        "setup": _unit,
        "call": lambda actor, ctx: services.ancient_unit_update(
            actor=actor,
            unit=ctx["unit"],
            name=ctx["unit"].name,
            schedule_year=2026,
            implementing_body="越城区古城保护利用中心",
        ),
        "allowed": "city_editor",
        "denied": _NOT_ANCIENT,
    },
}
