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


def _report_reference(street_code: str) -> str:
    report = QuarterlyReport.objects.get(pk=make_report(street_code)["pk"])
    return report.project.reference


_OFFICES_ALL = {  # the operator register is city-wide reference information for every office
    "street_a2": 200, "district_b_editor": 200, "department": 404,
}  # fmt: skip
_LIST = {"operator": 200}
_VIEWERS = ("district_a_viewer", "city_viewer")
# The project page's forms (POST only): an empty form is answered 400 on the page before the
# service is reached; viewers in scope are refused (403); strangers are not told (404).
_FORM = {"profile": "office_write", "post": True, "post_only": True, "ok_post": 400}
# Answered by a message on the page they return to (302), refusal or not (the service matrix
# proves the refusals).
_BACK = {"post": True, "post_only": True, "ok_post": 302}
_OFFICES_NOT_CITY = ("street_a", "street_a2", "district_a_viewer", "district_a_editor",
                     "district_a_approver", "district_b_editor", "city_viewer")  # fmt: skip

ROUTE_CASES = {
    # City-wide lists: every office sees its own territory in them (and an operator its own).
    "operations:operator-list": {"profile": "city_read", "expect": _LIST},
    "operations:operator-export": {"profile": "city_read", "expect": _LIST},
    "operations:operator-create": {"profile": "city_write", "post": True},
    "operations:operator-import": {"profile": "city_write", "post": True},
    "operations:operator-detail": {
        "make": make_operator,
        "profile": "office_read",
        "expect": _OFFICES_ALL,
    },
    # Departments and operators are not shown another unit's profile (404, as on its detail).
    "operations:operator-edit": {
        "make": make_operator,
        "profile": "city_write",
        "post": True,
        "expect": {"department": 404, "operator": 404},
    },
    "operations:project-detail": {"make": make_project, "profile": "office_read"},
    "operations:selection-save": {"make": make_project, **_FORM},
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
    "operations:procurement-save": {"make": make_project, **_FORM},
    "operations:plan-item-save": {"make": make_project, **_FORM},
    # Editors in scope remove the item (302, each its own fresh one); viewers are refused on the
    # page (302, the service refuses: service matrix); strangers are not told (404).
    "operations:plan-item-remove": {
        "make": make_plan_item,
        "profile": "office_write",
        **_BACK,
        "fresh_post": True,
        "expect_post": dict.fromkeys(_VIEWERS, 302),
    },
    "operations:funding-save": {"make": make_project, **_FORM},
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
        **_BACK,
        "expect_post": {**dict.fromkeys(_VIEWERS, 302), "street_a": 302},
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
    # Street A's report is listed for its street, its district and the city only.
    "operations:report-list": {
        "profile": "city_read",
        "expect": _LIST,
        "shows": lambda street: _report_reference(street),
    },
    "operations:report-export": {"profile": "city_read", "expect": _LIST},
    "operations:report-detail": {"make": make_report, "profile": "office_read"},
    "operations:report-review": {
        "make": make_report,
        "profile": "district_up_write",
        **_BACK,
        "expect_post": {**dict.fromkeys(_VIEWERS, 302), "street_a": 302},
    },
    # Each office's own territory; an empty form is answered on the page (200).
    "operations:street-funds": {"profile": "city_read", "post": True},
    "operations:funding-import": {"profile": "city_read", "post": True},
    # Every office reads the thresholds; only the city office's editors change them.
    "operations:parameter-list": {
        "profile": "city_read",
        "post": True,
        "expect_post": dict.fromkeys(_OFFICES_NOT_CITY, 403),
    },
}
