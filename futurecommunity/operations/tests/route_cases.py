"""Real objects for the route × visitor matrix (see the helpers' contract in accounts/tests)."""

from __future__ import annotations

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import UserFactory
from futurecommunity.operations.models import QuarterlyReport
from futurecommunity.operations.tests import factories as f
from futurecommunity.projects.tests.factories import ProjectFactory


def _office(street_code: str):  # type: ignore[no-untyped-def]
    org = Organisation.objects.get(code=f"sx-{street_code}")
    return UserFactory(organisation=org, role=Role.EDITOR)


def _city():  # type: ignore[no-untyped-def]
    return UserFactory(
        organisation=Organisation.objects.get(code="sx-city-office"), role=Role.EDITOR
    )


def _communities(street_code: str) -> tuple[str, ...]:
    from futurecommunity.regions.models import Region

    first = (
        Region.objects.filter(parent_code=street_code, is_urban_community=True)
        .order_by("code")
        .first()
    )
    return (first.code,) if first else ()


def _project(street_code: str):  # type: ignore[no-untyped-def]
    return ProjectFactory(
        actor=_office(street_code), district_code=street_code[:6], street_code=street_code,
        community_codes=_communities(street_code),
    )  # fmt: skip


def make_operator(street_code: str) -> dict[str, object]:
    return {"pk": f.operator(_city()).pk}


def make_project(street_code: str) -> dict[str, object]:
    project = _project(street_code)
    f.choose(_office(street_code), project, f.operator(_city()))
    return {"reference": project.reference}


def make_plan_item(street_code: str) -> dict[str, object]:
    project = _project(street_code)
    item = f.plan(_office(street_code), project)
    return {"reference": project.reference, "pk": item.pk}


def make_report(street_code: str) -> dict[str, object]:
    project = _project(street_code)
    profile = f.operator(_city())
    f.choose(_office(street_code), project, profile)
    from futurecommunity.operations import services

    report: QuarterlyReport = services.quarterly_report_submit(
        actor=f.operator_user(profile, f"op-{project.pk}"), project=project, data=f.quarter(2026, 2)
    )
    return {"pk": report.pk}


_OFFICES_ALL = {  # the operator register is city-wide reference information for every office
    "street_a2": 200, "district_b_editor": 200, "department": 404,
}  # fmt: skip
_LIST = {"operator": 200}

ROUTE_CASES = {
    "operations:operator-list": {"profile": "office_read", "expect": _LIST},
    "operations:operator-export": {"profile": "office_read", "expect": _LIST},
    "operations:operator-create": {"profile": "city_write", "post": True},
    "operations:operator-detail": {
        "make": make_operator,
        "profile": "office_read",
        "expect": _OFFICES_ALL,
    },
    "operations:operator-edit": {"make": make_operator, "profile": "city_write", "post": True},
    "operations:project-detail": {"make": make_project, "profile": "office_read"},
    "operations:selection-save": {"make": make_project, "profile": "office_write", "post": True},
    "operations:selection-document": {
        "make": make_project,
        "profile": "office_read",
        "expect": {
            "street_a": 404,
            "district_a_viewer": 404,
            "district_a_editor": 404,
            "district_a_approver": 404,
            "city_viewer": 404,
            "city_editor": 404,
            "city_approver": 404,
        },
    },
    "operations:procurement-save": {"make": make_project, "profile": "office_write", "post": True},
    "operations:plan-item-save": {"make": make_project, "profile": "office_write", "post": True},
    "operations:plan-item-remove": {
        "make": make_plan_item,
        "profile": "office_write",
        "post": True,
    },
    "operations:funding-save": {"make": make_project, "profile": "office_write", "post": True},
    "operations:report-create": {
        "make": make_project,
        "profile": "office_read",
        "expect": {
            "street_a": 404,
            "district_a_viewer": 404,
            "district_a_editor": 404,
            "district_a_approver": 404,
            "city_viewer": 404,
            "city_editor": 404,
            "city_approver": 404,
        },
        "post": True,
    },
    "operations:report-remind": {
        "make": make_project,
        "profile": "district_up_write",
        "post": True,
    },
    "operations:report-import": {
        "profile": "office_read",
        "expect": {
            "operator": 200,
            "street_a": 404,
            "street_a2": 404,
            "district_a_viewer": 404,
            "district_a_editor": 404,
            "district_a_approver": 404,
            "district_b_editor": 404,
            "city_viewer": 404,
            "city_editor": 404,
            "city_approver": 404,
        },
        "post": True,
    },
    "operations:report-list": {"profile": "office_read", "expect": _LIST},
    "operations:report-export": {"profile": "office_read", "expect": _LIST},
    "operations:report-detail": {"make": make_report, "profile": "office_read"},
    "operations:report-review": {"make": make_report, "profile": "district_up_write", "post": True},
    "operations:street-funds": {"profile": "office_read", "post": True},
    "operations:funding-import": {"profile": "office_read", "post": True},
    "operations:parameter-list": {"profile": "office_read", "post": True},
}
