"""Who may see and do what in acceptance (house style §8). One condition per line.

- the street and district offices of the project fill the self-assessment; the district submits;
- the office the lifecycle table names for the level (``projects.rules``: city for municipal,
  district for county) forms the panel, records site visits and decides;
- experts (organisation kind 评审专家库) see only the evaluations whose panel they sit on;
- index systems: the city office edits provincial and municipal versions, a district office its
  own county rules.
"""

from __future__ import annotations

from futurecommunity.accounts.access import can_edit_in, in_scope
from futurecommunity.accounts.models import OrganisationKind, Role, User
from futurecommunity.evaluation.models import Evaluation, EvaluationStatus, IndexSystem
from futurecommunity.projects import rules as project_rules


def _kind(user: User) -> str:
    if not user.is_authenticated or not user.is_active or user.admin_role:
        return ""
    return user.organisation.kind if user.organisation else ""


def decider_kinds(level: str) -> frozenset[str]:
    """Organisation kinds that accept a project of this level (the lifecycle table)."""
    move = project_rules.find_move("acceptance_requested", "accepted")
    assert move is not None
    return frozenset(str(kind) for kind in move.deciders[level])


def is_expert(user: User) -> bool:
    if _kind(user) != OrganisationKind.EXPERT:
        return False
    profile = getattr(user, "expert_profile", None)
    return profile is not None and profile.is_active


def sits_on_panel(user: User, evaluation: Evaluation) -> bool:
    if not is_expert(user):
        return False
    return evaluation.panel.filter(expert__user=user).exists()


def can_view_evaluation(user: User, evaluation: Evaluation) -> bool:
    if in_scope(user, evaluation.region_code):
        return True
    return sits_on_panel(user, evaluation)


def can_fill_self_assessment(user: User, evaluation: Evaluation) -> bool:
    if _kind(user) not in (OrganisationKind.STREET_OFFICE, OrganisationKind.DISTRICT_OFFICE):
        return False
    if evaluation.status != EvaluationStatus.DRAFT:
        return False
    return can_edit_in(user, evaluation.region_code)


def can_start_evaluation(user: User, region_code: str) -> bool:
    if _kind(user) not in (OrganisationKind.STREET_OFFICE, OrganisationKind.DISTRICT_OFFICE):
        return False
    return can_edit_in(user, region_code)


def can_submit(user: User, evaluation: Evaluation) -> bool:
    """The district office submits its streets' self-assessments (二(一))."""
    if _kind(user) != OrganisationKind.DISTRICT_OFFICE:
        return False
    return can_edit_in(user, evaluation.region_code)


def is_deciding_office(user: User, evaluation: Evaluation) -> bool:
    if _kind(user) not in decider_kinds(evaluation.project.level):
        return False
    return in_scope(user, evaluation.region_code)


def can_run_panel(user: User, evaluation: Evaluation) -> bool:
    """Form the panel, record site visits, export sheets: the deciding office, editor or above."""
    if not is_deciding_office(user, evaluation):
        return False
    return user.has_role_at_least(Role.EDITOR)


def can_decide(user: User, evaluation: Evaluation) -> bool:
    if not is_deciding_office(user, evaluation):
        return False
    return user.has_role_at_least(Role.APPROVER)


def can_manage_system(user: User, kind: str, district_code: str) -> bool:
    """City office (editor+) for provincial and municipal versions; a district its county rules."""
    org_kind = _kind(user)
    if not user.is_authenticated or not user.has_role_at_least(Role.EDITOR):
        return False
    if org_kind == OrganisationKind.CITY_OFFICE:
        return True
    if kind != "county" or org_kind != OrganisationKind.DISTRICT_OFFICE:
        return False
    return (
        bool(district_code)
        and user.organisation is not None
        and (user.organisation.region_code == district_code)
    )


def can_edit_system(user: User, system: IndexSystem) -> bool:
    return can_manage_system(user, system.kind, system.district_code)


def can_view_systems(user: User) -> bool:
    return _kind(user) in (
        OrganisationKind.CITY_OFFICE,
        OrganisationKind.DISTRICT_OFFICE,
        OrganisationKind.STREET_OFFICE,
        OrganisationKind.EXPERT,
    )
