"""Who may answer a joint review and who assigns the reviewing departments (house style §8).

Answering: a member of a department or utility unit with an active review assignment
(联合审查 or 联合会商) on the project. Assigning: the projects rule (city office or the project's
district office, editor or above). Editing the thresholds and the roster: the city office.
"""

from __future__ import annotations

from futurecommunity.accounts.access import can_configure_city, is_reviewing_unit
from futurecommunity.accounts.models import Role, User
from futurecommunity.projects.access import can_assign_department
from futurecommunity.projects.assignments import AssignmentPurpose, ProjectAssignment
from futurecommunity.projects.models import Project

REVIEW_PURPOSES = (AssignmentPurpose.JOINT_REVIEW, AssignmentPurpose.JOINT_CONSULTATION)


def review_assignment_of(user: User, project: Project) -> ProjectAssignment | None:
    """The user's organisation's active review assignment on the project, or None."""
    if not is_reviewing_unit(user) or user.organisation_id is None:
        return None
    return (
        ProjectAssignment.objects.filter(
            project=project,
            organisation_id=user.organisation_id,
            purpose__in=REVIEW_PURPOSES,
            active=True,
        )
        .order_by("purpose")
        .first()
    )


def can_answer_review(user: User, project: Project) -> bool:
    """Members of an assigned department, editor or above, answer for their organisation."""
    if not user.has_role_at_least(Role.EDITOR):
        return False
    return review_assignment_of(user, project) is not None


def can_assign_reviewers(user: User, project: Project) -> bool:
    return can_assign_department(user, project)


def can_edit_permit_configuration(user: User) -> bool:
    return can_configure_city(user)
