"""Service-matrix cases of the approval checklist and the joint review (三(四))."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.models import Organisation
from futurecommunity.accounts.tests.matrix import NOT_CITY, OUT_OF_SCOPE, office_actor
from futurecommunity.common.time import today_local
from futurecommunity.permits import services, tracking
from futurecommunity.permits.models import ReviewDepartment, RouteThreshold
from futurecommunity.permits.tests.route_cases import _ensure_catalogue, _meeting, make_checklist
from futurecommunity.projects.assignments import project_assign_department

_FACTS = services.ChecklistFacts(converts_to_public_service=True, on_published_list=True)


def _project(street_code: str) -> dict[str, Any]:
    return {"project": make_checklist(street_code, with_checklist=False)}


def _checklist(street_code: str) -> dict[str, Any]:
    checklist = make_checklist(street_code)
    return {"checklist": checklist, "step": checklist.steps.first()}


def _assigned_meeting(street_code: str) -> dict[str, Any]:
    """A meeting on street A's project, to which the department visitor (民政局) is assigned."""
    meeting = _meeting(street_code)
    project_assign_department(
        actor=office_actor(street_code[:6]),
        project=meeting.checklist.project,
        organisation=Organisation.objects.get(code="sx-dept-civil-affairs"),
    )
    return {"meeting": meeting}


def _answer(street_code: str) -> dict[str, Any]:
    """The department visitor's (民政局) submitted answer on street A's project's meeting."""
    from futurecommunity.permits.models import DepartmentOpinion

    meeting = _assigned_meeting(street_code)["meeting"]
    opinion = DepartmentOpinion.objects.create(
        meeting=meeting,
        organisation=Organisation.objects.get(code="sx-dept-civil-affairs"),
        department_code="sx-dept-civil-affairs",
        department_name="绍兴市民政局",
        stance="agree",
        opinion="同意。",
    )
    return {"opinion": opinion}


def _threshold(_street: str) -> dict[str, Any]:
    _ensure_catalogue()
    return {"threshold": RouteThreshold.objects.get(key="merged_proposal_limit_inclusive")}


def _department(_street: str) -> dict[str, Any]:
    _ensure_catalogue()
    return {"department": ReviewDepartment.objects.order_by("pk").first()}


SERVICE_CASES: dict[str, dict[str, Any]] = {
    "futurecommunity.permits.services.approval_checklist_create": {
        "setup": _project,
        "call": lambda actor, ctx: services.approval_checklist_create(
            actor=actor, project=ctx["project"], facts=_FACTS
        ),
        "allowed": "street_a",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.permits.services.approval_checklist_recompute": {
        "setup": _checklist,
        "call": lambda actor, ctx: services.approval_checklist_recompute(
            actor=actor,
            checklist=ctx["checklist"],
            facts=services.ChecklistFacts(converts_to_public_service=False, on_published_list=True),
        ),
        "allowed": "district_a_editor",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.permits.services.approval_step_update": {
        "setup": _checklist,
        "call": lambda actor, ctx: services.approval_step_update(
            actor=actor, step=ctx["step"], update=tracking.StepUpdate(status="in_progress")
        ),
        "allowed": "street_a",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.permits.services.joint_review_meeting_record": {
        "setup": _checklist,
        "call": lambda actor, ctx: services.joint_review_meeting_record(
            actor=actor,
            checklist=ctx["checklist"],
            data=services.MeetingInput(held_on=today_local(), attendees="建设局", opinions=()),
        ),
        "allowed": "city_editor",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.permits.services.department_opinion_record": {
        "setup": _assigned_meeting,
        "call": lambda actor, ctx: services.department_opinion_record(
            actor=actor, meeting=ctx["meeting"], data=services.OpinionInput(stance="agree")
        ),
        "allowed": "department",
        "denied": [
            *(v for v in OUT_OF_SCOPE if v != "department"),
            "street_a",
            "district_a_approver",
            "city_approver",
        ],
    },
    "futurecommunity.permits.services.review_assign_route": {
        "setup": lambda street: {"project": make_checklist(street).project},
        "call": lambda actor, ctx: services.review_assign_route(
            actor=actor, project=ctx["project"]
        ),
        "allowed": "district_a_editor",
        "denied": [*OUT_OF_SCOPE, "street_a"],
    },
    "futurecommunity.permits.services.department_opinion_correct": {
        "setup": _answer,
        "call": lambda actor, ctx: services.department_opinion_correct(
            actor=actor,
            opinion=ctx["opinion"],
            data=services.OpinionInput(stance="agree_with_conditions", opinion="须完善消防通道。"),
            reason="漏写条件。",
        ),
        "allowed": "department",
        "denied": [
            *(v for v in OUT_OF_SCOPE if v != "department"),
            "street_a",
            "district_a_editor",
            "district_a_approver",
            "city_approver",
        ],
    },
    "futurecommunity.permits.services.route_threshold_update": {
        "setup": _threshold,
        "call": lambda actor, ctx: services.route_threshold_update(
            actor=actor, threshold=ctx["threshold"], value="false", reason="发改部门确认。"
        ),
        "allowed": "city_editor",
        "denied": NOT_CITY,
    },
    "futurecommunity.permits.services.review_department_update": {
        "setup": _department,
        "call": lambda actor, ctx: services.review_department_update(
            actor=actor,
            department=ctx["department"],
            name="改名后的部门",
            role=ctx["department"].role,
            note="",
            reason="机构改革。",
        ),
        "allowed": "city_approver",
        "denied": NOT_CITY,
    },
}
