"""Who may answer a joint review and who assigns the reviewing departments (house style §8).

Answering: a member of a department or utility unit with an active review assignment
(联合审查 or 联合会商) on the project. Assigning: the projects rule (city office or the project's
district office, editor or above). Editing the thresholds and the roster: the city office.
"""

from __future__ import annotations

from futurecommunity.accounts.access import can_configure_city, is_reviewing_unit
from futurecommunity.accounts.models import Role, User
from futurecommunity.permits.models import DepartmentOpinion
from futurecommunity.projects.access import can_assign_department, can_edit_project
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


# 三(四)1 "由各地建设部门召集": the city's construction department (市建设局) or the project's
# district's (区、县（市）住建局), organisations of data/accounts/organisations.csv.
CITY_CONSTRUCTION_CODE = "sx-dept-construction"


def construction_department_codes(project: Project) -> tuple[str, str]:
    """Organisation codes of the departments that may convene the joint review of ``project``."""
    return (f"sx-{project.district_id}-dept-construction", CITY_CONSTRUCTION_CODE)


def is_convener_for(user: User, project: Project) -> bool:
    """A member (editor+) of the city or the project's district construction department that is
    assigned to the project's review (so it sees the project)."""
    organisation = getattr(user, "organisation", None)
    if organisation is None or organisation.code not in construction_department_codes(project):
        return False
    return can_answer_review(user, project)


def can_record_meeting(user: User, project: Project) -> bool:
    """The convening construction department records the meeting; the 风貌办 in charge of the
    project may record it on the convener's behalf (naming the convener)."""
    return is_convener_for(user, project) or can_edit_project(user, project)


def can_edit_permit_configuration(user: User) -> bool:
    return can_configure_city(user)


def can_correct_opinion(actor: User, opinion: DepartmentOpinion) -> bool:
    """The answering department's own reviewers (editor+, still assigned) or the convening
    construction department may correct a department's submitted answer (三(四)1)."""
    project = opinion.meeting.checklist.project
    if opinion.organisation_id is None:
        return False
    own = actor.organisation_id == opinion.organisation_id and can_answer_review(actor, project)
    return own or is_convener_for(actor, project)
