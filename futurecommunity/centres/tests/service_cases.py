"""Service x visitor matrix cases (contract in the brief). ``site_confirm`` is left out: only
the owner organisation may confirm, which no matrix visitor is (see test_services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from futurecommunity.centres import services
from futurecommunity.centres.tests import factories as f

_OUT = [
    "district_b_editor",
    "department",
    "outsider",
    "public",
    "system_admin",
    "operator",
    "expert",
]


def _site_input(street: str) -> services.SiteInput:
    return services.SiteInput(
        kind="land", name="空地", street_code=street, address="某路", lon=120.58, lat=30.0,
        area=Decimal(500), cost=Decimal(50), land_type="vacant",
    )  # fmt: skip


def _scenario_input(street: str, site_id: int) -> services.ScenarioInput:
    return services.ScenarioInput(
        district_code=street[:6], name="矩阵", services=("centre",), radius_m=300, mode="mclp",
        centres=1, target_share=None, one_per_community=True, site_ids=(site_id,),
        budget_per_year=Decimal(100), count_per_year=1, first_year=2025,
    )  # fmt: skip


def _centre_input(street: str) -> services.CentreInput:
    community = f._first_community(street).code
    return services.CentreInput(
        name="中心", street_code=street, community_codes=(community,), host_building="",
        merged_with_party_centre=True, total_area=Decimal(800), activity_area=Decimal(500),
        households=100, lon=120.58, lat=30.0, planned_year=2026,
    )  # fmt: skip


def _owned_by_department(street: str) -> dict[str, Any]:
    """An unconfirmed idle building owned by the matrices' ``department`` (民政局)."""
    from futurecommunity.accounts.models import Organisation

    site = f.site(street, confirmed=False)
    site.owner = Organisation.objects.get(code="sx-dept-civil-affairs")
    site.save(update_fields=["owner"])
    return {"site": site}


def _s(street: str) -> dict[str, Any]:
    return {"street": street, "site": f.site(street)}


SERVICE_CASES = {
    "futurecommunity.centres.services.site_create": {
        "setup": lambda street: {"street": street},
        "call": lambda actor, ctx: services.site_create(
            actor=actor, data=_site_input(ctx["street"])
        ),
        "allowed": "street_a",
        "denied": ["street_a2", "district_a_viewer", "city_viewer", *_OUT],
    },
    "futurecommunity.centres.services.site_import": {
        "setup": lambda street: {"street": street},
        "call": lambda actor, ctx: services.site_import(
            actor=actor, rows=[_site_input(ctx["street"])]
        ),
        "allowed": "district_a_editor",
        "denied": ["street_a2", "district_a_viewer", "city_viewer", *_OUT],
        # an import refuses rows outside the actor's territory with per-row errors
        "refused_as_row_errors": ["street_a2", "district_a_viewer", "city_viewer", *_OUT],
    },
    "futurecommunity.centres.services.site_confirm": {
        "setup": _owned_by_department,
        "call": lambda actor, ctx: services.site_confirm(actor=actor, site=ctx["site"]),
        "allowed": "department",
        "denied": [
            "street_a",
            "street_a2",
            "district_a_editor",
            "city_approver",
            "operator",
            "outsider",
            "public",
            "system_admin",
            "expert",
        ],
    },  # fmt: skip
    "futurecommunity.centres.services.agreement_attach": {
        "setup": _s,
        "call": lambda actor, ctx: services.agreement_attach(
            actor=actor,
            site=ctx["site"],
            data=services.AgreementInput(
                "甲乙", dt.date(2025, 1, 1), dt.date(2030, 1, 1), "邻里中心", dt.date(2025, 1, 1)
            ),
            upload=__import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
                "协议.pdf", b"%PDF-1.4"
            ),
        ),  # fmt: skip
        "allowed": "street_a",
        "denied": ["street_a2", "district_a_viewer", *_OUT],
    },
    "futurecommunity.centres.services.land_project_link": {
        "setup": lambda street: {
            "site": f.site(street, kind="land", consented=False),
            "reference": f.noticed_project(street).reference,
        },
        "call": lambda actor, ctx: services.land_project_link(
            actor=actor, site=ctx["site"], project_reference=ctx["reference"]
        ),
        "allowed": "street_a",
        "denied": ["street_a2", "district_a_viewer", *_OUT],
    },
    "futurecommunity.centres.services.centre_create": {
        "setup": lambda street: f.catalogue() or {"street": street},
        "call": lambda actor, ctx: services.centre_create(
            actor=actor, data=_centre_input(ctx["street"])
        ),
        "allowed": "street_a",
        "denied": ["street_a2", "district_a_viewer", *_OUT],
    },
    "futurecommunity.centres.services.centre_update": {
        "setup": lambda street: {"street": street, "centre": f.centre(street)},
        "call": lambda actor, ctx: services.centre_update(
            actor=actor, centre=ctx["centre"], data=_centre_input(ctx["street"])
        ),
        "allowed": "street_a",
        "denied": ["street_a2", "district_a_viewer", *_OUT],
    },
    "futurecommunity.centres.services.centre_advance": {
        "setup": lambda street: {"centre": f.centre(street)},
        "call": lambda actor, ctx: services.centre_advance(
            actor=actor, centre=ctx["centre"], status="building"
        ),
        "allowed": "street_a",
        "denied": ["street_a2", "district_a_viewer", *_OUT],
    },
    "futurecommunity.centres.services.size_rule_update": {
        "setup": lambda street: {
            "rule": __import__(
                "futurecommunity.centres.models", fromlist=["SizeRule"]
            ).SizeRule.objects.get(key="min_total_area")
        },
        "call": lambda actor, ctx: services.size_rule_update(
            actor=actor, rule=ctx["rule"], value=Decimal(700), confidence="local", source="导则"
        ),
        "allowed": "city_editor",
        "denied": ["city_viewer", "district_a_editor", "street_a", *_OUT],
    },
    "futurecommunity.centres.services.scenario_submit": {
        "setup": _s,
        "call": lambda actor, ctx: services.scenario_submit(
            actor=actor, data=_scenario_input(ctx["street"], ctx["site"].pk), queue=False
        ),
        "allowed": "district_a_editor",
        "denied": ["street_a", "district_a_viewer", "city_viewer", *_OUT],
    },
    "futurecommunity.centres.services.plan_adopt": {
        "setup": lambda street: {"scenario": f.done_scenario(street[:6], [f.site(street)])},
        "call": lambda actor, ctx: services.plan_adopt(actor=actor, scenario=ctx["scenario"]),
        "allowed": "district_a_editor",
        "denied": ["street_a", "district_a_viewer", "city_viewer", *_OUT],
    },
    "futurecommunity.centres.services.plan_item_move": {
        "setup": lambda street: {"item": f.plan(street).items.get()},
        "call": lambda actor, ctx: services.plan_item_move(
            actor=actor, item=ctx["item"], year=2026
        ),
        "allowed": "district_a_editor",
        "denied": ["street_a", "district_a_viewer", "city_viewer", *_OUT],
    },
}
