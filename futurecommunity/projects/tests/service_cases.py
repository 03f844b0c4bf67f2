"""Service-matrix cases of projects: street A's project, registered by district A's office."""

from __future__ import annotations

import dataclasses
from typing import Any

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.matrix import OUT_OF_SCOPE, community_of, office_actor
from futurecommunity.projects import assignments, imports, services, todos
from futurecommunity.projects.tests.factories import DOCUMENT, advance
from futurecommunity.projects.tests.route_cases import make_project

# Street A's own office is an implementer in scope; district A's viewer may not write.
_DENIED = OUT_OF_SCOPE
# Only the city or the project's district office assigns reviewing departments.
_NOT_ASSIGNERS = [*OUT_OF_SCOPE, "street_a"]


def _input(street_code: str, name: str = "矩阵导入未来社区") -> services.ProjectInput:
    return services.ProjectInput(
        name=name,
        district_code=street_code[:6],
        street_code=street_code,
        community_codes=(community_of(street_code),),
        level="county",
        build_type="renovation",
        creation_year=2025,
    )


def _project(street_code: str) -> dict[str, Any]:
    return {"project": make_project(street_code), "street": street_code}


def _accepted(street_code: str) -> dict[str, Any]:
    project = make_project(street_code)
    advance(
        project,
        "accepted",
        approver=office_actor(street_code[:6], Role.APPROVER),
        editor=office_actor(street_code[:6]),
    )
    return {"project": project}


def _assigned(street_code: str) -> dict[str, Any]:
    project = make_project(street_code)
    assignment = assignments.project_assign_department(
        actor=office_actor(street_code[:6]),
        project=project,
        organisation=Organisation.objects.get(code="sx-dept-construction"),
    )
    return {"project": project, "assignment": assignment}


def _update(actor: Any, ctx: dict[str, Any]) -> None:
    project = ctx["project"]
    data = dataclasses.replace(_input(ctx["street"], name="矩阵测试未来社区（更名）"))
    services.project_update(actor=actor, project=project, data=data, reason="更名")


SERVICE_CASES: dict[str, dict[str, Any]] = {
    "futurecommunity.projects.services.project_create": {
        "setup": lambda street: {"street": street},
        "call": lambda actor, ctx: services.project_create(actor=actor, data=_input(ctx["street"])),
        "allowed": "street_a",
        "denied": _DENIED,
    },
    "futurecommunity.projects.imports.project_import": {
        "setup": lambda street: {"street": street},
        "call": lambda actor, ctx: imports.project_import(
            actor=actor, rows=[_input(ctx["street"]), _input(ctx["street"], "矩阵导入二号")]
        ),
        "allowed": "district_a_editor",
        "denied": _DENIED,
    },
    "futurecommunity.projects.services.project_update": {
        "setup": _project,
        "call": _update,
        "allowed": "street_a",
        "denied": _DENIED,
    },
    "futurecommunity.projects.services.project_transition": {
        "setup": _project,
        "call": lambda actor, ctx: services.project_transition(
            actor=actor, project=ctx["project"], target="declared", document_number=DOCUMENT
        ),
        "allowed": "street_a",
        "denied": _DENIED,
    },
    "futurecommunity.projects.services.project_upgrade": {
        "setup": _accepted,
        "call": lambda actor, ctx: services.project_upgrade(
            actor=actor, project=ctx["project"], level="municipal", creation_year=2026
        ),
        "allowed": "district_a_editor",
        "denied": _DENIED,
    },
    "futurecommunity.projects.assignments.project_assign_department": {
        "setup": _project,
        "call": lambda actor, ctx: assignments.project_assign_department(
            actor=actor,
            project=ctx["project"],
            organisation=Organisation.objects.get(code="sx-dept-construction"),
        ),
        "allowed": "district_a_editor",
        "denied": _NOT_ASSIGNERS,
    },
    "futurecommunity.projects.assignments.project_unassign_department": {
        "setup": _assigned,
        "call": lambda actor, ctx: assignments.project_unassign_department(
            actor=actor, assignment=ctx["assignment"]
        ),
        "allowed": "city_editor",
        "denied": _NOT_ASSIGNERS,
    },
    # 催办: an office in scope that is not the one waited for (street A acts next on a newly
    # registered project, so its district reminds it); the waited-for street itself, viewers
    # and strangers are refused.
    "futurecommunity.projects.todos.project_remind": {
        "setup": _project,
        "call": lambda actor, ctx: todos.project_remind(actor=actor, project=ctx["project"]),
        "allowed": "district_a_editor",
        "denied": [*OUT_OF_SCOPE, "street_a"],
    },
}
