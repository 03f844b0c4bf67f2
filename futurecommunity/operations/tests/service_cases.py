"""Every write service of the operations app for the service matrix (contract in accounts/tests)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from futurecommunity.operations import imports, services
from futurecommunity.operations.loaders import load_operations
from futurecommunity.operations.tests import factories as f
from futurecommunity.operations.tests.route_cases import _city, _office, _project


def _with_project(street_code: str) -> dict[str, object]:
    project = _project(street_code)
    return {"project": project, "operator": f.operator(_city())}


def _with_selection(street_code: str) -> dict[str, object]:
    ctx = _with_project(street_code)
    f.choose(_office(street_code), ctx["project"], ctx["operator"])  # type: ignore[arg-type]
    return ctx


def _with_report(street_code: str) -> dict[str, object]:
    ctx = _with_selection(street_code)
    ctx["report"] = services.quarterly_report_submit(
        actor=f.operator_user(ctx["operator"], f"op-svc-{ctx['project'].pk}"),  # type: ignore[arg-type, attr-defined]
        project=ctx["project"],  # type: ignore[arg-type]
        data=f.quarter(2026, 2),
    )
    return ctx


def _with_plan_item(street_code: str) -> dict[str, object]:
    ctx = _with_project(street_code)
    ctx["item"] = f.plan(_office(street_code), ctx["project"])  # type: ignore[arg-type]
    return ctx


def _params(street_code: str) -> dict[str, object]:
    load_operations()
    return {"street_code": street_code}


def _submit_as(actor, ctx, via_import=False):  # type: ignore[no-untyped-def]
    """An operator visitor is first made the project's chosen operator; anyone else reports
    for the operator chosen in setup (and is refused before anything is written)."""
    from futurecommunity.operations.models import OperatorProfile

    org = actor.organisation
    if org is not None and org.kind == "operator":
        profile = OperatorProfile.objects.filter(organisation=org).first() or (
            OperatorProfile.objects.create(
                organisation=org, operator_kind="integrated", credit_code=f.credit()
            )
        )
        f.choose(_office(ctx["project"].street_id), ctx["project"], profile)
    if via_import:
        return services.quarterly_report_import(
            actor=actor, rows=[(2, ctx["project"].reference, f.quarter(2026, 3))]
        )
    return services.quarterly_report_submit(
        actor=actor, project=ctx["project"], data=f.quarter(2026, 3)
    )


def _operator_input() -> services.OperatorInput:
    return services.OperatorInput(
        name="矩阵运营商", operator_kind="integrated", credit_code=f.credit()
    )


_FUND = services.FundingInput(
    kind="district", year=2025, planned=Decimal("10.00"), received=Decimal("5.00")
)
_OFFICE_DENIED = [
    "street_a2",
    "district_b_editor",
    "district_a_viewer",
    "city_viewer",
    "department",
    "operator",
    "public",
]

SERVICE_CASES = {
    "futurecommunity.operations.services.operator_register": {
        "setup": _params,
        "call": lambda actor, ctx: services.operator_register(actor=actor, data=_operator_input()),
        "allowed": "city_editor",
        "denied": ["district_a_editor", "street_a", "city_viewer", "operator", "public"],
    },
    "futurecommunity.operations.imports.operator_import": {
        "setup": _params,
        "call": lambda actor, ctx: imports.operator_import(
            actor=actor,
            operators=[(2, ("矩阵导入运营商", "专业运营商", "托育", f.credit(), "", "", ""))],
        ),
        "allowed": "city_editor",
        "denied": ["district_a_editor", "street_a", "city_viewer", "operator", "public"],
    },
    "futurecommunity.operations.services.operator_update": {
        "setup": _with_project,
        "call": lambda actor, ctx: services.operator_update(
            actor=actor, operator=ctx["operator"], data=_operator_input()
        ),
        "allowed": "city_editor",
        "denied": ["district_a_editor", "street_a", "city_viewer", "operator"],
    },
    "futurecommunity.operations.services.selection_record": {
        "setup": _with_project,
        "call": lambda actor, ctx: f.choose(actor, ctx["project"], ctx["operator"]),
        "allowed": "street_a",
        "denied": _OFFICE_DENIED,
    },
    "futurecommunity.operations.services.works_procurement_set": {
        "setup": _with_project,
        "call": lambda actor, ctx: services.works_procurement_set(
            actor=actor, project=ctx["project"], mode="epc"
        ),
        "allowed": "district_a_editor",
        "denied": _OFFICE_DENIED,
    },
    "futurecommunity.operations.services.plan_item_save": {
        "setup": _with_project,
        "call": lambda actor, ctx: f.plan(actor, ctx["project"]),
        "allowed": "street_a",
        "denied": _OFFICE_DENIED,
    },
    "futurecommunity.operations.services.plan_item_remove": {
        "setup": _with_plan_item,
        "call": lambda actor, ctx: services.plan_item_remove(actor=actor, item=ctx["item"]),
        "allowed": "street_a",
        "denied": _OFFICE_DENIED,
    },
    "futurecommunity.operations.services.quarterly_report_submit": {
        "setup": _with_selection,
        "call": _submit_as,
        "allowed": "operator",
        "denied": ["street_a", "district_a_editor", "city_editor", "public"],
    },
    "futurecommunity.operations.services.quarterly_report_import": {
        "setup": _with_selection,
        "call": lambda actor, ctx: _submit_as(actor, ctx, via_import=True),
        "allowed": "operator",
        "denied": ["street_a", "district_a_editor", "city_editor", "public"],
    },
    "futurecommunity.operations.services.quarterly_report_review": {
        "setup": _with_report,
        "call": lambda actor, ctx: services.quarterly_report_review(
            actor=actor, report=ctx["report"], confirm=True
        ),
        "allowed": "district_a_editor",
        "denied": ["street_a", "district_b_editor", "district_a_viewer", "city_editor", "operator"],
    },
    "futurecommunity.operations.services.operating_report_remind": {
        "setup": _with_selection,
        "call": lambda actor, ctx: services.operating_report_remind(
            actor=actor, project=ctx["project"], year=2026, quarter=2
        ),
        "allowed": "district_a_editor",
        "denied": ["street_a", "district_b_editor", "district_a_viewer", "operator", "public"],
    },
    "futurecommunity.operations.services.funding_source_save": {
        "setup": _with_project,
        "call": lambda actor, ctx: services.funding_source_save(
            actor=actor, project=ctx["project"], data=_FUND
        ),
        "allowed": "street_a",
        "denied": _OFFICE_DENIED,
    },
    "futurecommunity.operations.services.funding_import": {
        "setup": _with_project,
        "call": lambda actor, ctx: services.funding_import(
            actor=actor, rows=[services.ImportRow(2, ctx["project"].reference, _FUND)]
        ),
        "allowed": "street_a",
        "denied": ["street_a2", "district_b_editor", "department", "operator", "public"],
        # An import answers an out-of-scope project with a per-row error (nothing written).
        "refused_as_row_errors": ["street_a2", "district_b_editor"],
    },
    "futurecommunity.operations.services.street_fund_record": {
        "setup": _params,
        "call": lambda actor, ctx: services.street_fund_record(
            actor=actor,
            street_code=ctx["street_code"]
            if "street_code" in ctx
            else actor.organisation.region_code,
            data=services.StreetFundInput(
                occurred_on=dt.date(2025, 1, 1),
                direction="in",
                amount=Decimal("1.00"),
                source="归集",
            ),
        ),
        "allowed": "street_a",
        "denied": ["district_b_editor", "district_a_viewer", "department", "operator", "public"],
    },
    "futurecommunity.operations.services.parameter_update": {
        "setup": _params,
        "call": lambda actor, ctx: services.parameter_update(
            actor=actor, key="report_due_days", value="10", reason="文件"
        ),
        "allowed": "city_editor",
        "denied": ["district_a_editor", "street_a", "city_viewer", "operator"],
    },
}
