"""Route-matrix cases of the approval checklist (三(四)): street A's project with a checklist,
a joint-review meeting with minutes, a department's opinion and a step attachment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from futurecommunity.accounts.models import Organisation
from futurecommunity.accounts.tests.matrix import office_actor, upload
from futurecommunity.common.time import today_local
from futurecommunity.permits import services
from futurecommunity.permits.models import (
    ApprovalChecklist,
    DepartmentOpinion,
    ReviewDepartment,
    RouteThreshold,
    StepAttachment,
)
from futurecommunity.projects.assignments import project_assign_department
from futurecommunity.projects.tests.route_cases import make_project


def make_checklist(street_code: str, *, with_checklist: bool = True) -> Any:
    project = make_project(
        street_code,
        funding="government",
        total_investment=Decimal("1500000"),
        floor_area=Decimal("800"),
    )
    if not with_checklist:
        return project
    facts = services.ChecklistFacts(converts_to_public_service=True, on_published_list=True)
    return services.approval_checklist_create(
        actor=office_actor(street_code[:6]), project=project, facts=facts
    )


def _reference(street_code: str) -> dict[str, Any]:
    return {"reference": make_checklist(street_code).project.reference}


def _without_checklist(street_code: str) -> dict[str, Any]:
    return {"reference": make_checklist(street_code, with_checklist=False).reference}


def _step(street_code: str) -> dict[str, Any]:
    checklist = make_checklist(street_code)
    return {"reference": checklist.project.reference, "code": checklist.steps.first().code}


def _step_attachment(street_code: str) -> dict[str, Any]:
    checklist: ApprovalChecklist = make_checklist(street_code)
    attachment = StepAttachment.objects.create(
        step=checklist.steps.first(),
        file=upload("批复.pdf"),
        original_name="批复.pdf",
        uploaded_by=office_actor(street_code[:6]),
    )
    return {"reference": checklist.project.reference, "pk": attachment.pk}


def _meeting(street_code: str) -> Any:
    checklist = make_checklist(street_code)
    data = services.MeetingInput(held_on=today_local(), attendees="建设局", opinions=())
    return services.joint_review_meeting_record(
        actor=office_actor(street_code[:6]),
        checklist=checklist,
        data=data,
        minutes=upload("纪要.pdf"),
    )


def _minutes(street_code: str) -> dict[str, Any]:
    meeting = _meeting(street_code)
    return {"reference": meeting.checklist.project.reference, "pk": meeting.pk}


def _opinion(street_code: str) -> dict[str, Any]:
    meeting = _meeting(street_code)
    opinion = DepartmentOpinion.objects.create(
        meeting=meeting,
        department_code="jianshe",
        department_name="建设局",
        opinion="同意。",
        attachment=upload("意见.pdf"),
        attachment_name="意见.pdf",
    )
    return {"reference": meeting.checklist.project.reference, "pk": opinion.pk}


def _review_task(street_code: str) -> dict[str, Any]:
    """Assigned to the matrix's department visitor (民政局): the one reader of the task."""
    meeting = _meeting(street_code)
    project = meeting.checklist.project
    project_assign_department(
        actor=office_actor(street_code[:6]),
        project=project,
        organisation=Organisation.objects.get(code="sx-dept-civil-affairs"),
    )
    return {"reference": project.reference}


def _department_answer(street_code: str) -> dict[str, Any]:
    """The department visitor's (民政局) submitted answer on street A's project."""
    reference = _review_task(street_code)["reference"]
    opinion = DepartmentOpinion.objects.create(
        meeting=DepartmentOpinion._meta.get_field("meeting").related_model.objects.get(
            checklist__project__reference=reference
        ),
        organisation=Organisation.objects.get(code="sx-dept-civil-affairs"),
        department_code="sx-dept-civil-affairs",
        department_name="绍兴市民政局",
        stance="agree",
        opinion="同意。",
    )
    return {"reference": reference, "pk": opinion.pk}


def _ensure_catalogue() -> None:
    if not RouteThreshold.objects.exists():
        from futurecommunity.permits.catalogue import load_permit_catalogue

        load_permit_catalogue()


def _threshold(_street: str) -> dict[str, Any]:
    _ensure_catalogue()
    return {"key": RouteThreshold.objects.order_by("pk").first().key}


def _department(_street: str) -> dict[str, Any]:
    _ensure_catalogue()
    return {"code": ReviewDepartment.objects.order_by("pk").first().code}


_IN_SCOPE_OFFICES = ("street_a", "district_a_viewer", "district_a_editor", "district_a_approver",
                     "city_viewer", "city_editor", "city_approver")  # fmt: skip
_POST_ONLY = {"post": True, "post_only": True, "ok_post": 302}
# District A's own construction department convenes the joint review of district A's projects
# (三(四)1 "由各地建设部门召集"): it opens their checklists, steps and meeting records like the
# district office; the city's 建设局, district B's and the utilities do not (issue 10 §1).
_CONVENER = {"dept_district_a": 200}
_VIEWERS = ("district_a_viewer", "city_viewer")
_OFFICES_NOT_CITY = ("street_a", "street_a2", "district_a_viewer", "district_a_editor",
                     "district_a_approver", "district_b_editor", "city_viewer", "department",
                     "operator")  # fmt: skip
# Configuration rows: everyone in the manage area reads them with their history; the city
# office's editors and approvers save (an empty form is answered 400), others are refused.
_CONFIGURATION = {
    "profile": "summary_read",
    "post": True,
    "expect_post": {**dict.fromkeys(_OFFICES_NOT_CITY, 403), "city_editor": 400,
                    "city_approver": 400},
}  # fmt: skip

ROUTE_CASES: dict[str, dict[str, Any]] = {
    "permits:route-wizard": {"profile": "summary_read"},
    # Without the facts in the query the document is not made: back to the wizard.
    "permits:route-docx": {
        "profile": "summary_read",
        "expect": {
            **dict.fromkeys(_OFFICES_NOT_CITY, 302),
            "city_editor": 302,
            "city_approver": 302,
        },
    },  # fmt: skip
    "permits:configuration": {"profile": "summary_read"},
    # 我的审查任务 is a department's page: offices and operators are refused.
    "permits:review-task-list": {
        "profile": "summary_read",
        "expect": {
            **dict.fromkeys(_OFFICES_NOT_CITY, 403),
            "city_editor": 403,
            "city_approver": 403,
            "department": 200,
        },
    },  # fmt: skip
    "permits:threshold-edit": {"make": _threshold, **_CONFIGURATION},
    "permits:department-edit": {"make": _department, **_CONFIGURATION},
    "permits:checklist-detail": {
        "make": _reference,
        "profile": "office_read",
        "departments": _CONVENER,
    },
    # Viewers see the facts (read-only); the service refuses their save.
    "permits:checklist-facts": {
        "make": _reference,
        "profile": "office_write",
        "post": True,
        "expect": dict.fromkeys(_VIEWERS, 200),
        "departments": _CONVENER,
    },
    # An empty form is answered 400 before the service is reached.
    # The first editor's POST creates the checklist (302); later ones are refused (400: it
    # exists), and so is a viewer.
    "permits:checklist-create": {
        "make": _without_checklist,
        "profile": "office_write",
        **_POST_ONLY,
        "ok_post": 400,
        "expect_post": {"street_a": 302, **dict.fromkeys(_VIEWERS, 400)},
    },
    "permits:step-update": {
        "make": _step,
        "profile": "office_write",
        **_POST_ONLY,
        "expect_post": dict.fromkeys(_VIEWERS, 302),
        "departments": {"POST": {"dept_district_a": 302}},
    },
    "permits:meeting-record": {
        "make": _reference,
        "profile": "office_write",
        **_POST_ONLY,
        "expect_post": dict.fromkeys(_VIEWERS, 302),
        "departments": {"POST": {"dept_district_a": 302}},
    },
    "permits:review-assign": {
        "make": _reference,
        "profile": "district_up_write",
        **_POST_ONLY,
        "ok_post": 400,
        # The convener sees the project but assigning reviews is the office's (403).
        "departments": {"POST": {"dept_district_a": 403}},
    },
    "permits:step-attachment-download": {
        "make": _step_attachment,
        "profile": "office_read",
        "departments": _CONVENER,
    },
    "permits:meeting-minutes-download": {
        "make": _minutes,
        "profile": "office_read",
        "departments": _CONVENER,
    },
    "permits:opinion-attachment-download": {
        "make": _opinion,
        "profile": "office_read",
        "departments": _CONVENER,
    },
    # The list of departments the route needs (GET), assigned in one step on confirmation.
    "permits:review-assign-route": {
        "make": _reference,
        "profile": "district_up_write",
        "post": True,
        "ok_post": 302,
        "departments": {"dept_district_a": 403},  # the convener sees the project, does not assign
    },
    # Only the answering department (or the convener) corrects an answer; offices that see the
    # project are refused, others do not find it. An empty correction is answered 400.
    "permits:opinion-correct": {
        "make": _department_answer,
        "profile": "office_read",
        "expect": {"department": 200, **dict.fromkeys(_IN_SCOPE_OFFICES, 403)},
        "post": True,
        "expect_post": {"department": 400, **dict.fromkeys(_IN_SCOPE_OFFICES, 403)},
        # Other departments do not find the answer; district A's convener corrects like the
        # answering department.
        "departments": dict.fromkeys(("dept_construction", "dept_district_b", "utility"), 404),
    },
    # Only the assigned department (here the department visitor) opens its review task.
    "permits:review-task-detail": {
        "make": _review_task,
        "profile": "office_read",
        "expect": {
            "department": 200,
            "street_a": 404,
            "district_a_viewer": 404,
            "district_a_editor": 404,
            "district_a_approver": 404,
            "city_viewer": 404,
            "city_editor": 404,
            "city_approver": 404,
        },
        "post": True,
        "expect_post": {"department": 400},
        # Another department is not told the task exists; the convener of district A sees it.
        "departments": {
            "GET": {"dept_construction": 404, "dept_district_b": 404, "utility": 404},
            "POST": {"dept_construction": 404, "dept_district_b": 404, "utility": 404},
        },
    },
}
