"""Real objects for the route matrix (``accounts/tests/test_route_matrix.py``)."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import community_of, office_actor, upload
from futurecommunity.projects import services
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import DOCUMENT


def make_project(street_code: str, **extra: Any) -> Project:
    """A county-level renovation project of the street, registered by its district office."""
    data = services.ProjectInput(
        name=f"矩阵测试未来社区{street_code}",
        district_code=street_code[:6],
        street_code=street_code,
        community_codes=(community_of(street_code),),
        level=extra.pop("level", "county"),
        build_type=extra.pop("build_type", "renovation"),
        creation_year=extra.pop("creation_year", 2024),
        # 申报 needs 资金来源 and 实施主体 (projects.rules.DECLARE_NEEDS).
        funding=extra.pop("funding", "government"),
        implementing_body=extra.pop("implementing_body", "塔山街道办事处"),
        **extra,
    )
    return services.project_create(actor=office_actor(street_code[:6]), data=data)


def _project(street_code: str) -> dict[str, Any]:
    return {"reference": make_project(street_code).reference}


def _attachment(street_code: str) -> dict[str, Any]:
    project = make_project(street_code)
    transition = services.project_transition(
        actor=office_actor(street_code[:6]),
        project=project,
        target="declared",
        document_number=DOCUMENT,
        attachments=[upload("申报材料.pdf")],
    )
    return {"reference": project.reference, "pk": transition.attachments.get().pk}


_VIEWERS_403 = {"district_a_viewer": 403, "city_viewer": 403}

ROUTE_CASES: dict[str, dict[str, Any]] = {
    # Departments see their assigned projects; an operator sees no project list.
    "projects:project-list": {
        "profile": "summary_read",
        "expect": {"operator": 404},
        "shows": lambda street: make_project(street).reference,
    },
    "projects:project-create": {
        "profile": "summary_read",
        "post": True,
        "expect": {"operator": 404},
    },
    "projects:project-export": {"profile": "city_read"},
    # Imports: editors of any office; a viewer is refused (403).
    "projects:project-import": {"profile": "city_read", "post": True, "expect": _VIEWERS_403},
    "projects:project-import-confirm": {
        "profile": "city_read",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        "expect": _VIEWERS_403,
    },
    "projects:project-import-template": {"profile": "city_read", "expect": _VIEWERS_403},
    "projects:project-detail": {"make": _project, "profile": "office_read"},
    # Viewers see the form; the service refuses their save (service matrix).
    "projects:project-edit": {
        "make": _project,
        "profile": "office_write",
        "post": True,
        "expect": {"district_a_viewer": 200, "city_viewer": 200},
    },
    # POST-only; a refused or incomplete move is reported on the project page (302).
    "projects:project-transition": {
        "make": _project,
        "profile": "office_read",
        "post": True,
        "post_only": True,
        "ok_post": 302,
    },
    "projects:project-upgrade": {
        "make": _project,
        "profile": "office_read",
        "post": True,
        "post_only": True,
        "ok_post": 302,
    },
    # 催办: POST-only; done or refused, the visitor is sent back to the project page (302).
    "projects:project-remind": {
        "make": _project,
        "profile": "office_read",
        "post": True,
        "post_only": True,
        "ok_post": 302,
    },
    "projects:attachment-download": {"make": _attachment, "profile": "office_read"},
}
