"""Assignments of a project to a department or utility unit for review (三(四)1 联合审查会商).

An active assignment lets the members of that organisation read the project (never change it).
Only the city office or the project's district office assigns, and every change is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction

from futurecommunity.accounts.models import Organisation, OrganisationKind, User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.common.models import BaseModel
from futurecommunity.notifications.services import notify_on_commit
from futurecommunity.projects import access
from futurecommunity.projects.models import Project

REVIEWING_KINDS = (OrganisationKind.DEPARTMENT, OrganisationKind.UTILITY)


class AssignmentPurpose(models.TextChoices):
    JOINT_REVIEW = "joint_review", "联合审查"
    JOINT_CONSULTATION = "joint_consultation", "联合会商"
    APPROVAL = "approval", "项目审批"


class ProjectAssignment(BaseModel):
    project = models.ForeignKey(
        Project,
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="department_assignments",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="部门或单位",
        on_delete=models.PROTECT,
        related_name="project_assignments",
    )
    purpose = models.CharField(
        "事由",
        max_length=32,
        choices=AssignmentPurpose.choices,
        default=AssignmentPurpose.JOINT_REVIEW,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="指派人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    active = models.BooleanField("有效", default=True)

    class Meta:
        app_label = "projects"
        verbose_name = "部门指派"
        verbose_name_plural = "部门指派"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "purpose"],
                name="project_assignment_once_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} → {self.organisation_id}（{self.get_purpose_display()}）"


def project_assign_department(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    purpose: str = AssignmentPurpose.JOINT_REVIEW,
) -> ProjectAssignment:
    """Give a department or utility unit read access to one project for a review."""
    if not access.can_assign_department(actor, project):
        raise PermissionDenied("只有市风貌办或项目所在区、县（市）风貌办可以指派审查部门。")
    if organisation.kind not in REVIEWING_KINDS:
        raise DomainError("not_a_department", "只能指派职能部门或公用事业单位参加审查。")
    purpose = AssignmentPurpose(purpose)
    with transaction.atomic():
        assignment, created = ProjectAssignment.objects.select_for_update().get_or_create(
            project=project,
            organisation=organisation,
            purpose=purpose,
            defaults={"assigned_by": actor},
        )
        if not created and assignment.active:
            return assignment
        if not created:
            assignment.active = True
            assignment.assigned_by = actor
            assignment.save(update_fields=["active", "assigned_by", "updated_at"])
        audit_record(
            actor=actor,
            action="project.assign_department",
            subject=assignment,
            reference=project.reference,
            region_code=project.region_code,
            changes={"organisation": [None, organisation.name], "purpose": [None, purpose.label]},
            reason=f"指派{organisation.name}参加{purpose.label}",
        )
        approval = purpose == AssignmentPurpose.APPROVAL  # a step of the route, no opinion
        notify_on_commit(
            recipients=User.objects.filter(organisation=organisation, is_active=True),
            kind="projects.assigned",
            title=f"待办：{project.reference} {project.name} {purpose.label}",
            body=f"{actor.organisation.name if actor.organisation else ''}指派贵单位参加"
            f"{purpose.label}（三(四)），请查看项目资料并"
            + ("办理审批清单中由贵单位负责的事项。" if approval else "提交审查意见。"),
            link=f"/manage/permits/projects/{project.reference}/"
            if approval
            else f"/manage/permits/reviews/{project.reference}/",
        )
    return assignment


def project_unassign_department(*, actor: User, assignment: ProjectAssignment) -> None:
    """End an assignment; the department no longer sees the project."""
    project = assignment.project
    if not access.can_assign_department(actor, project):
        raise PermissionDenied("只有市风貌办或项目所在区、县（市）风貌办可以撤销审查指派。")
    with transaction.atomic():
        updated = ProjectAssignment.objects.filter(pk=assignment.pk, active=True).update(
            active=False
        )
        if not updated:
            return
        audit_record(
            actor=actor,
            action="project.unassign_department",
            subject=assignment,
            reference=project.reference,
            region_code=project.region_code,
            changes={"organisation": [assignment.organisation.name, None]},
            reason=f"撤销{assignment.organisation.name}的{assignment.get_purpose_display()}指派",
        )
