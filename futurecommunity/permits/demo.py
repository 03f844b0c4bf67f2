"""Demo data of the approval module, so joint review can be seen on first run (issue 12).

A department account (绍兴市建设局) and a utility account (水务单位); one 【演示】 project of
越城区 with a full approval checklist, a joint review meeting, both units assigned, the
department's answer in and the utility's still due (its to-do shows). Demo instances only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from futurecommunity.accounts.models import Organisation, Role, User
from futurecommunity.common.time import today_local
from futurecommunity.permits import services
from futurecommunity.permits.models import ApprovalChecklist
from futurecommunity.projects import services as project_services
from futurecommunity.projects.assignments import (
    AssignmentPurpose,
    ProjectAssignment,
    project_assign_department,
)
from futurecommunity.projects.demo import DEMO_PASSWORD
from futurecommunity.projects.models import Project

USERS = (
    ("dept_jianshe", "绍兴市建设局（演示）审查员", "sx-dept-construction"),
    ("utility_water", "水务单位（演示）审查员", "sx-utility-water"),
)


def _user(username: str, full_name: str, org_code: str) -> User | None:
    org = Organisation.objects.filter(code=org_code).first()
    if org is None:
        return None
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "organisation": org,
            "role": Role.EDITOR,
            "is_demo": True,
        },
    )
    if created or not user.is_active:
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    return user


def seed_demo() -> int:
    """Returns 1 when the demo checklist was created, 0 when present or impossible."""
    people = [_user(*row) for row in USERS]
    district = User.objects.filter(username="d330602_clerk", is_active=True).first()
    if district is None or None in people:
        return 0
    if ApprovalChecklist.objects.filter(project__is_demo=True).exists():
        return 0
    project = (
        Project.objects.filter(is_demo=True, region_code__startswith="330602", status="listed")
        .order_by("reference")
        .first()
    )
    if project is None:
        return 0
    jianshe, water = people
    assert jianshe is not None and water is not None
    assert jianshe.organisation is not None and water.organisation is not None
    with transaction.atomic():
        project = project_services.project_update(
            actor=district,
            project=project,
            data=project_services.ProjectInput(
                **{
                    name: getattr(project, name)
                    for name in (*project_services._SCALAR_FIELDS, "is_demo")
                    if name
                    not in {"funding", "total_investment", "floor_area", "implementing_body"}
                },
                district_code=project.district_id,
                street_code=project.street_id,
                community_codes=tuple(project.communities.values_list("code", flat=True)),
                funding=project.funding or "government",
                total_investment=project.total_investment or Decimal("18000000"),
                floor_area=project.floor_area or Decimal("3200"),
                implementing_body=project.implementing_body or "【演示】塔山街道办事处",
            ),
            reason="【演示】补全审批所需信息",
        )
        checklist = services.approval_checklist_create(
            actor=district,
            project=project,
            facts=services.ChecklistFacts(
                works_investment=Decimal("15000000"),
                converts_to_public_service=True,
                municipal_or_environment_works=True,
                on_published_list=True,
                uses_existing_land=True,
            ),
        )
        meeting = services.joint_review_meeting_record(
            actor=district,
            checklist=checklist,
            data=services.MeetingInput(
                held_on=today_local() - dt.timedelta(days=3),
                attendees="【演示】区风貌办、建设局、民政局、水务单位、街道",
                opinions=(),
            ),
        )
        project_assign_department(
            actor=district,
            project=project,
            organisation=jianshe.organisation,  # type: ignore[arg-type]
        )
        project_assign_department(
            actor=district,
            project=project,
            organisation=water.organisation,  # type: ignore[arg-type]
            purpose=AssignmentPurpose.JOINT_CONSULTATION,
        )
        services.department_opinion_record(
            actor=jianshe,
            meeting=meeting,
            data=services.OpinionInput(
                stance="agree_with_conditions", opinion="【演示】同意，须同步完善消防通道。"
            ),
        )
    return 1


def remove_demo() -> int:
    """Delete the demo checklists and assignments; the demo accounts are deactivated."""
    checklists = ApprovalChecklist.objects.filter(project__is_demo=True)
    count = checklists.count()
    with transaction.atomic():
        checklists.delete()
        ProjectAssignment.objects.filter(project__is_demo=True).delete()
        User.objects.filter(username__in=[u for u, _n, _o in USERS]).update(is_active=False)
    return count
