"""Which departments a project's approval route needs, resolved to organisations (三(四)).

Each open step of the checklist names its responsible units (the roster's names). A roster
department is resolved to the project's district's own organisation where the district has one
(``sx-<district>-dept-<slug>``, e.g. 柯桥区住房和城乡建设局) and to the city's otherwise
(``sx-dept-<slug>``); utility units the same way (``sx-utility-<slug>``). Read-only: the
service ``review_assign_route`` writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from futurecommunity.accounts.models import Organisation
from futurecommunity.permits import tracking
from futurecommunity.permits.catalogue import current_configuration
from futurecommunity.permits.models import ApprovalChecklist, StepStatus
from futurecommunity.permits.route_types import Department
from futurecommunity.projects.assignments import AssignmentPurpose, ProjectAssignment
from futurecommunity.projects.models import Project

# Roster codes whose organisation code differs from the roster code with "-" for "_".
_ORG_SLUG = {"natural_resources_planning": "natural-resources"}
_STEP_PURPOSE = {
    "joint_review": AssignmentPurpose.JOINT_REVIEW,
    "joint_consultation": AssignmentPurpose.JOINT_CONSULTATION,
}
RESIDENTS = "resident_representatives"


class PlanState:
    ASSIGN = "assign"  # will be assigned
    ASSIGNED = "assigned"  # already assigned: skipped
    NO_ORGANISATION = "no_organisation"  # no account for it in the organisation list


@dataclass
class PlanItem:
    unit: str
    purpose: AssignmentPurpose
    organisation: Organisation | None
    state: str
    steps: list[str] = field(default_factory=list)

    @property
    def purpose_label(self) -> str:
        return self.purpose.label

    @property
    def steps_label(self) -> str:
        return "、".join(self.steps)


@dataclass(frozen=True)
class AssignmentPlan:
    items: tuple[PlanItem, ...]
    not_departments: tuple[str, ...]  # units of the route that are not assigned (街道, 居民代表…)

    @property
    def to_assign(self) -> list[PlanItem]:
        return [i for i in self.items if i.state == PlanState.ASSIGN]


def organisation_codes(department: Department, district_code: str) -> tuple[str, str]:
    """The district's own organisation code first, then the city's."""
    slug = _ORG_SLUG.get(department.code, department.code.replace("_", "-"))
    prefix = "utility" if department.role == "joint_consultation" else "dept"
    return (f"sx-{district_code}-{prefix}-{slug}", f"sx-{prefix}-{slug}")


def _unit_name(unit: str) -> str:
    return unit.split("（", 1)[0].strip()


def route_assignment_plan(project: Project, checklist: ApprovalChecklist) -> AssignmentPlan:
    """The departments the open steps of the route need, each once per purpose (3 queries)."""
    _thresholds, roster = current_configuration()
    by_name = {d.name: d for d in (roster.convener, *roster.reviewers, *roster.consultees)}
    wanted: dict[tuple[str, str], tuple[Department, list[str]]] = {}
    others: list[str] = []
    for step in checklist.steps.all():
        if not tracking.applies(step.outcome) or step.status in (
            StepStatus.DONE,
            StepStatus.EXEMPT,
        ):
            continue
        purpose = _STEP_PURPOSE.get(step.code, AssignmentPurpose.APPROVAL)
        for unit in filter(None, (u.strip() for u in step.responsible_units.split("、"))):
            department = by_name.get(_unit_name(unit))
            if department is None or department.code == RESIDENTS:
                if unit not in others:
                    others.append(unit)
                continue
            key = (department.code, purpose.value)
            wanted.setdefault(key, (department, []))[1].append(step.get_code_display())
    codes = {
        key: organisation_codes(dep, project.district_id or "") for key, (dep, _s) in wanted.items()
    }
    found = {
        o.code: o
        for o in Organisation.objects.filter(code__in=[c for pair in codes.values() for c in pair])
    }
    assigned = set(
        ProjectAssignment.objects.filter(project=project, active=True).values_list(
            "organisation_id", "purpose"
        )
    )
    items = []
    for key, (department, steps) in wanted.items():
        purpose = AssignmentPurpose(key[1])
        organisation = next((found[c] for c in codes[key] if c in found), None)
        if organisation is None:
            state = PlanState.NO_ORGANISATION
        elif (organisation.pk, purpose.value) in assigned:
            state = PlanState.ASSIGNED
        else:
            state = PlanState.ASSIGN
        items.append(PlanItem(department.name, purpose, organisation, state, steps))
    return AssignmentPlan(items=tuple(items), not_departments=tuple(others))
