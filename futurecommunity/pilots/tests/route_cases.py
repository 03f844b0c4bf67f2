"""Route-matrix cases of the pilots: a street-wide declaration of street A with evidence, and
the ancient city's areas and units (越城区 = district A)."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import office_actor, upload
from futurecommunity.common.time import today_local
from futurecommunity.pilots import services
from futurecommunity.pilots.models import AncientArea, AncientUnit, WideDeclaration


def make_declaration(street_code: str) -> WideDeclaration:
    return services.declaration_create(
        actor=office_actor(street_code[:6]),
        data=services.DeclarationInput(
            kind="street",
            district_code=street_code[:6],
            street_code=street_code,
            year=2025,
            declared_on=today_local(),
        ),
    )


def _declaration(street_code: str) -> dict[str, Any]:
    return {"reference": make_declaration(street_code).reference}


def _evidence(street_code: str) -> dict[str, Any]:
    declaration = make_declaration(street_code)
    evidence = services.declaration_add_evidence(
        actor=office_actor(street_code[:6]),
        declaration=declaration,
        title="运营方案",
        file=upload("运营方案.pdf"),
    )
    return {"reference": declaration.reference, "pk": evidence.pk}


def make_pilot(street_code: str) -> WideDeclaration:
    """A 2023 street-wide pilot of the street (W1), which owes the street items."""
    return services.declaration_create(
        actor=office_actor(street_code[:6]),
        data=services.DeclarationInput(
            kind="street",
            district_code=street_code[:6],
            street_code=street_code,
            year=2023,
            declared_on=today_local(),
            is_pilot=True,
        ),
    )


def pilot_with_document(street_code: str) -> tuple[WideDeclaration, Any]:
    pilot = make_pilot(street_code)
    document = services.deliverable_document_add(
        actor=office_actor(street_code),
        declaration=pilot,
        item_key=PATH_METHOD,
        title="街道全域建设路径",
        file=upload("路径和方法.pdf"),
    )
    return pilot, document


def pilot_submitted(street_code: str) -> tuple[WideDeclaration, Any]:
    pilot, _document = pilot_with_document(street_code)
    deliverable = services.deliverable_submit(
        actor=office_actor(street_code), declaration=pilot, item_key=PATH_METHOD
    )
    return pilot, deliverable


def _pilot(street_code: str) -> dict[str, Any]:
    return {"reference": make_pilot(street_code).reference, "item_key": PATH_METHOD}


def _pilot_document(street_code: str) -> dict[str, Any]:
    pilot, document = pilot_with_document(street_code)
    return {"reference": pilot.reference, "pk": document.pk}


def _pilot_submitted(street_code: str) -> dict[str, Any]:
    pilot, deliverable = pilot_submitted(street_code)
    return {"reference": pilot.reference, "pk": deliverable.pk}


def _area(street_code: str) -> dict[str, Any]:
    area = AncientArea.objects.order_by("code").first()
    assert area is not None and street_code.startswith("330602")
    return {"code": area.code}


def _unit(street_code: str) -> dict[str, Any]:
    unit = AncientUnit.objects.order_by("code").first()
    assert unit is not None and street_code.startswith("330602")
    return {"code": unit.code}


_POST_ONLY = {"post": True, "post_only": True, "ok_post": 302}
PATH_METHOD = "street-path-method"
# Whoever may not edit the ancient city is not shown the edit page (404).
_NOT_EDITORS = {"street_a": 404, "district_a_viewer": 404, "city_viewer": 404}

ROUTE_CASES: dict[str, dict[str, Any]] = {
    "pilots:pilot-index": {
        "profile": "city_read",
        "shows": lambda street: make_declaration(street).reference,
    },
    "pilots:declaration-export": {"profile": "city_read"},
    "pilots:declaration-create": {"profile": "city_read", **_POST_ONLY},
    "pilots:declaration-detail": {"make": _declaration, "profile": "office_read"},
    "pilots:declaration-transition": {
        "make": _declaration,
        "profile": "office_read",
        **_POST_ONLY,
    },
    "pilots:declaration-evidence": {"make": _declaration, "profile": "office_read", **_POST_ONLY},
    "pilots:evidence-download": {"make": _evidence, "profile": "office_read"},
    # W1 deliverables: answered by a message on the pilot's page (302), refusal or not (the
    # service matrix proves who is refused); strangers to the pilot are told nothing (404).
    "pilots:deliverable-document-add": {"make": _pilot, "profile": "office_read", **_POST_ONLY},
    "pilots:deliverable-submit": {"make": _pilot, "profile": "office_read", **_POST_ONLY},
    "pilots:deliverable-decide": {
        "make": _pilot_submitted,
        "profile": "office_read",
        **_POST_ONLY,
    },
    "pilots:deliverable-document": {"make": _pilot_document, "profile": "office_read"},
    # The ancient city lies in 越城区: the city office and 越城区's office edit it.
    "pilots:area-edit": {
        "make": _area,
        "profile": "district_up_write",
        "post": True,
        "expect": _NOT_EDITORS,
    },
    "pilots:unit-edit": {
        "make": _unit,
        "profile": "district_up_write",
        "post": True,
        "expect": _NOT_EDITORS,
    },
}
