"""Route-matrix cases of the API: every visitor calls with a bearer token of their own account
(``"auth": "token"``), so the API's scope is checked on street A's real project. Without a
token the answer is 401; POST bodies are JSON."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import VISITORS, community_of
from futurecommunity.projects.tests.factories import DOCUMENT
from futurecommunity.projects.tests.route_cases import make_project

_OFFICES = (
    "street_a", "street_a2", "district_a_viewer", "district_a_editor", "district_a_approver",
    "district_b_editor", "city_viewer", "city_editor", "city_approver",
)  # fmt: skip
_IN_SCOPE = (
    "street_a", "district_a_viewer", "district_a_editor", "district_a_approver", "city_viewer",
    "city_editor", "city_approver",
)  # fmt: skip
_STRANGERS = ("public", "outsider", "system_admin", "security_admin", "audit_admin", "expert")
_TOKEN = {"auth": "token"}
# Any token holder gets an answer; lists are filtered to the holder's scope.
_ANY_TOKEN = {**dict.fromkeys(VISITORS, 200), "anonymous": 401}
# Programme figures: the offices (and, for the status, departments); others are refused.
_OFFICES_ONLY = {**dict.fromkeys(VISITORS, 403), "anonymous": 401, **dict.fromkeys(_OFFICES, 200)}


def _project(street_code: str) -> dict[str, Any]:
    return {"reference": make_project(street_code).reference}


def _new_project(street_code: str) -> dict[str, Any]:
    return {
        "name": "矩阵接口登记未来社区",
        "district_code": street_code[:6],
        "street_code": street_code,
        "community_codes": [community_of(street_code)],
        "level": "county",
        "build_type": "renovation",
        "creation_year": 2025,
    }


ROUTE_CASES: dict[str, dict[str, Any]] = {
    "api-docs": {"profile": "public"},
    "api-v1:openapi-json": {"profile": "public"},
    # The API's root has no page of its own.
    "api-v1:api-root": {"profile": "public", "expect": dict.fromkeys(VISITORS, 404)},
    "api-v1:compliance_findings": {"profile": "api", "expect": _OFFICES_ONLY, **_TOKEN},
    "api-v1:programme_status": {
        "profile": "api",
        "expect": {**_OFFICES_ONLY, "department": 200},
        **_TOKEN,
    },
    "api-v1:districts": {"profile": "api", "expect": _ANY_TOKEN, **_TOKEN},
    "api-v1:streets": {"profile": "api", "expect": _ANY_TOKEN, **_TOKEN},
    "api-v1:project_list": {
        "profile": "api",
        "expect": _ANY_TOKEN,
        "shows": lambda street: make_project(street).reference,
        **_TOKEN,
    },
    # Same path as the list (GET); POST registers a project in street A.
    "api-v1:project_create": {
        "profile": "api",
        "expect": _ANY_TOKEN,
        # Editors and approvers in street A's territory register (201); everyone else 403.
        "expect_post": {
            **dict.fromkeys(VISITORS, 403),
            "anonymous": 401,
            **dict.fromkeys(_IN_SCOPE, 201),
            "district_a_viewer": 403,
            "city_viewer": 403,
        },
        "post": True,
        "post_json": _new_project,
        **_TOKEN,
    },
    "api-v1:project_detail": {
        "make": _project,
        "profile": "office_read",
        "expect": {"anonymous": 401},
        **_TOKEN,
    },
    "api-v1:project_patch": {
        "make": _project,
        "profile": "office_read",
        "expect": {"anonymous": 401},
        **_TOKEN,
    },
    "api-v1:project_transition": {
        "make": _project,
        "profile": "office_read",
        "expect": {"anonymous": 401},
        "post": True,
        "post_only": True,
        "post_json": {"target": "declared", "document_number": DOCUMENT},
        # The token's account is checked even before the method: strangers 405 on GET.
        "expect_get": dict.fromkeys(_STRANGERS, 405),
        # Viewers are refused; the first editor declares (201), the others find it declared.
        "ok_post": 400,
        "expect_post": {"street_a": 201},
        **_TOKEN,
    },
    "api-v1:route": {
        "profile": "api",
        "expect": _ANY_TOKEN,
        "post": True,
        "post_only": True,
        "expect_get": dict.fromkeys(("public", "outsider", "expert"), 405),
        "post_json": {
            "build_type": "renovation",
            "funding": "government",
            "total_investment": "1500000",
            "works_floor_area": "800",
        },
        **_TOKEN,
    },
}
assert set(_IN_SCOPE) <= set(_OFFICES)
