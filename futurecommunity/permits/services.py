"""Every write of the permits app: permission → validation → write → audit, in one transaction.

Permission is the projects access rule `can_edit_project` (same scope as editing the project).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from futurecommunity.accounts.models import Organisation, Role, User
from futurecommunity.audit.services import audit_record, diff
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.common.uploads import upload_check
from futurecommunity.notifications.services import notify_on_commit
from futurecommunity.permits import tracking
from futurecommunity.permits.access import (
    REVIEW_PURPOSES,
    can_answer_review,
    can_assign_reviewers,
    can_correct_opinion,
    can_edit_permit_configuration,
    can_record_meeting,
    construction_department_codes,
    is_convener_for,
    review_assignment_of,
)
from futurecommunity.permits.assignment_plan import PlanState, route_assignment_plan
from futurecommunity.permits.catalogue import current_configuration, thresholds_from_rows
from futurecommunity.permits.models import (
    ApprovalChecklist,
    ApprovalStep,
    DepartmentOpinion,
    DepartmentRole,
    JointReviewMeeting,
    OpinionStance,
    ReviewDepartment,
    RouteThreshold,
    StepAttachment,
)
from futurecommunity.permits.navigator import (
    ApprovalRoute,
    BuildType,
    ConfigurationError,
    Funding,
    InvalidFactsError,
    ProjectFacts,
    approval_route,
    roster_from_rows,
)
from futurecommunity.permits.prefill import checklist_prefill
from futurecommunity.projects import guards
from futurecommunity.projects.access import can_edit_project
from futurecommunity.projects.assignments import (
    AssignmentPurpose,
    ProjectAssignment,
    project_assign_department,
)
from futurecommunity.projects.models import Project


@dataclass(frozen=True)
class ChecklistFacts:
    """The facts a project record does not hold: 工程投资额 and the yes/no questions."""

    works_investment: Decimal | None = None
    changes_land_rights: bool = False
    changes_land_use: bool = False
    changes_building_use: bool = False
    adds_floor_area: bool = False
    major_structural_change: bool = False
    converts_to_public_service: bool = False
    municipal_or_environment_works: bool = False
    special_construction_project: bool = False
    on_published_list: bool = False
    uses_existing_land: bool = False


FACT_FIELDS = tuple(f.name for f in fields(ChecklistFacts))


def checklist_facts_of(checklist: ApprovalChecklist) -> ChecklistFacts:
    return ChecklistFacts(**{name: getattr(checklist, name) for name in FACT_FIELDS})


def project_route(project: Project, facts: ChecklistFacts) -> ApprovalRoute:
    """The navigator's route for a project record plus the checklist facts.

    Raises ValidationFailed (Chinese, per field) when the project lacks what 三(四) compares.
    """
    missing = []
    if not project.funding:
        missing.append("资金来源（三(四)2 按政府投资判断）")
    if project.total_investment is None:
        missing.append("总投资（三(四)2、三(四)4）")
    if project.floor_area is None:
        missing.append("建筑面积（三(四)4）")
    if missing:
        raise ValidationFailed(
            {"project": [f"请先在项目信息中填写{'、'.join(missing)}，再生成审批路径。"]}
        )
    assert project.total_investment is not None and project.floor_area is not None
    try:
        route_facts = ProjectFacts(
            build_type=BuildType(project.build_type),
            funding=Funding(project.funding),
            total_investment=Decimal(project.total_investment),
            works_floor_area=Decimal(project.floor_area),
            **asdict(facts),
        )
    except InvalidFactsError as error:
        raise ValidationFailed({"works_investment": [f"{error}（三(四)4）"]}) from error
    thresholds, roster = current_configuration()
    return approval_route(route_facts, thresholds, roster=roster)


def _check_can_edit(actor: User, project: Project) -> None:
    if not can_edit_project(actor, project):
        raise PermissionDenied("您无权办理该项目的审批事项。")


def _step_snapshot(step: ApprovalStep) -> dict[str, object]:
    return {
        "status": step.status,
        "outcome": step.outcome,
        "responsible_department": step.responsible_department,
        "planned_on": step.planned_on,
        "started_on": step.started_on,
        "done_on": step.done_on,
        "document_number": step.document_number,
        "note": step.note,
    }


def approval_checklist_create(
    *, actor: User, project: Project, facts: ChecklistFacts
) -> ApprovalChecklist:
    """Create the project's checklist with one step per route step (三(四)); one per project."""
    _check_can_edit(actor, project)
    route = project_route(project, facts)
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)
        if ApprovalChecklist.objects.filter(project=project).exists():
            raise DomainError("checklist_exists", "该项目已建立审批清单。")
        checklist = ApprovalChecklist.objects.create(project=project, **asdict(facts))
        ApprovalStep.objects.bulk_create(
            ApprovalStep(
                checklist=checklist,
                code=step.code.value,
                position=position,
                outcome=step.outcome.value,
                clause=step.clause,
                explanation=step.explanation,
                responsible_units="、".join(step.responsible_units),
                status=tracking.initial_status(step.outcome.value),
            )
            for position, step in enumerate(route.steps, start=1)
        )
        audit_record(
            actor=actor,
            action="approval_checklist.create",
            subject=checklist,
            reference=project.reference,
            region_code=project.region_code,
            changes={
                **diff({}, asdict(facts)),
                "route": [None, {s.code.value: s.outcome.value for s in route.steps}],
                **_prefill_changes(project, facts),
            },
        )
        if any(
            s.code.value == "joint_review" and s.outcome.value == "required" for s in route.steps
        ):
            _engage_convener(actor, project)
    return checklist


def _prefill_changes(project: Project, facts: ChecklistFacts) -> dict[str, list[object]]:
    """The pre-filled answers the official changed (recorded with the checklist's creation)."""
    changed = [
        name for name, p in checklist_prefill(project).items() if getattr(facts, name) != p.value
    ]
    return {"prefill_changed": [None, changed]} if changed else {}


def _engage_convener(actor: User, project: Project) -> None:
    """三(四)1 names the convener: the district's construction department (the city's where the
    district has none) is assigned to the project's joint review, so it sees the project, and
    its editors get a to-do to convene the meeting."""
    convener = next(
        (
            o
            for code in construction_department_codes(project)
            for o in Organisation.objects.filter(code=code)
        ),
        None,
    )
    if convener is None:
        return
    assignment, created = ProjectAssignment.objects.get_or_create(
        project=project,
        organisation=convener,
        purpose=AssignmentPurpose.JOINT_REVIEW,
        defaults={"assigned_by": actor},
    )
    if not created and not assignment.active:
        assignment.active = True
        assignment.save(update_fields=["active", "updated_at"])
    audit_record(
        actor=actor,
        action="project.assign_department",
        subject=assignment,
        reference=project.reference,
        region_code=project.region_code,
        changes={"organisation": [None, convener.name], "purpose": [None, "联合审查召集"]},
        reason=f"按三(四)1由{convener.name}召集联合审查会商",
    )
    members = [
        u
        for u in User.objects.filter(organisation=convener, is_active=True)
        if u.has_role_at_least(Role.EDITOR)
    ]
    notify_on_commit(
        recipients=members,
        kind="joint_review.convene",
        title=f"请召集联合审查：{project.name}",
        body=(
            f"项目“{project.name}”（{project.reference}）需部门联合审查会商。按三(四)1，由"
            f"{convener.name}召集发改、民政等部门联合审查，并与电力、水务等单位及居民代表联合"
            "会商，出具会议纪要。"
        ),
        link=f"/manage/permits/projects/{project.reference}/",
    )


def approval_checklist_preview(
    *, checklist: ApprovalChecklist, facts: ChecklistFacts
) -> tracking.RouteDiff:
    """What a recompute with these facts would add, remove or change (for the confirm screen)."""
    current = dict(checklist.steps.values_list("code", "outcome"))
    return tracking.route_diff(current, project_route(checklist.project, facts))


def approval_checklist_recompute(
    *, actor: User, checklist: ApprovalChecklist, facts: ChecklistFacts
) -> tracking.RouteDiff:
    """Store new facts and recompute the route; finished steps keep their record."""
    project = checklist.project
    _check_can_edit(actor, project)
    route = project_route(project, facts)
    with transaction.atomic():
        locked = ApprovalChecklist.objects.select_for_update().get(pk=checklist.pk)
        before = asdict(checklist_facts_of(locked))
        steps = {s.code: s for s in locked.steps.all()}
        result = tracking.route_diff({c: s.outcome for c, s in steps.items()}, route)
        for name, value in asdict(facts).items():
            setattr(locked, name, value)
        locked.save(update_fields=[*FACT_FIELDS, "updated_at"])
        for new in route.steps:
            step = steps[new.code.value]
            step.status = tracking.status_after_recompute(
                step.status, step.outcome, new.outcome.value
            )
            step.outcome = new.outcome.value
            step.clause = new.clause
            step.explanation = new.explanation
            step.responsible_units = "、".join(new.responsible_units)
            step.save(
                update_fields=[
                    "status",
                    "outcome",
                    "clause",
                    "explanation",
                    "responsible_units",
                    "updated_at",
                ]
            )
        audit_record(
            actor=actor,
            action="approval_checklist.recompute",
            subject=locked,
            reference=project.reference,
            region_code=project.region_code,
            changes={
                **diff(before, asdict(facts)),
                "added": [None, [c.code for c in result.added]],
                "removed": [None, [c.code for c in result.removed]],
                "changed": [None, [c.code for c in result.changed]],
            },
        )
    return result


def approval_step_update(
    *,
    actor: User,
    step: ApprovalStep,
    update: tracking.StepUpdate,
    attachments: Sequence[UploadedFile] = (),
) -> ApprovalStep:
    """Record progress on one step; a refused update writes nothing."""
    project = step.checklist.project
    _check_can_edit(actor, project)
    errors = tracking.step_update_errors(
        update, outcome=step.outcome, clause=step.clause, today=today_local()
    )
    if errors:
        raise ValidationFailed(errors)
    if step.code == "public_notice" and update.status == "done" and update.done_on:
        # 三(一): the step is the same condition the projects transition guard checks.
        refusal = guards.transition_refusal(project, "under_construction", update.done_on)
        if refusal:
            raise ValidationFailed({"status": [refusal]})
    with transaction.atomic():
        locked = ApprovalStep.objects.select_for_update().get(pk=step.pk)
        before = _step_snapshot(locked)
        for name, value in asdict(update).items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        locked.save(update_fields=[*asdict(update), "updated_at"])
        names = [
            StepAttachment.objects.create(
                step=locked, file=upload, original_name=upload_check(upload), uploaded_by=actor
            ).original_name
            for upload in attachments
        ]
        changes = diff(before, _step_snapshot(locked))
        if names:
            changes["attachments"] = [None, names]
        audit_record(
            actor=actor,
            action="approval_step.update",
            subject=locked,
            reference=f"{project.reference}/{locked.code}",
            region_code=project.region_code,
            changes=changes,
        )
    return locked


@dataclass(frozen=True)
class MeetingInput:
    held_on: dt.date
    attendees: str
    opinions: tuple[tuple[str, str, str], ...]  # (department code, name, opinion)
    convener_code: str = ""  # organisation code; "" = the recorder's own or the district's
    invited_residents: str = ""  # 居民代表 invited to the consultation
    resident_opinions: tuple[tuple[str, str], ...] = ()  # (representative, opinion)


RESIDENT_CODE = "resident"
MAX_RESIDENTS = 50


def _meeting_convener(actor: User, project: Project, code: str) -> Organisation:
    """三(四)1: the construction department that convenes (the actor's own when it is one)."""
    allowed = construction_department_codes(project)
    if is_convener_for(actor, project):
        return actor.organisation  # type: ignore[return-value]
    found = {o.code: o for o in Organisation.objects.filter(code__in=allowed)}
    if code:
        if code not in found:
            raise ValidationFailed(
                {
                    "convener_code": [
                        "召集部门须为市建设局或项目所在区、县（市）的建设部门（三(四)1）。"
                    ]
                }
            )
        return found[code]
    for candidate in allowed:  # the district's department first, then the city's
        if candidate in found:
            return found[candidate]
    raise ValidationFailed({"convener_code": ["未找到可召集联合审查的建设部门（三(四)1）。"]})


def joint_review_meeting_record(
    *,
    actor: User,
    checklist: ApprovalChecklist,
    data: MeetingInput,
    minutes: UploadedFile | None = None,
) -> JointReviewMeeting:
    """Record a 三(四)1 joint review meeting convened by the construction department: date,
    attendees, department opinions, invited resident representatives and their opinions, minutes.

    The convening construction department (city or the project's district) records it; the
    project's 风貌办 may record it on the convener's behalf, naming the convener.
    """
    project = checklist.project
    if not can_record_meeting(actor, project):
        raise PermissionDenied(
            "联合审查会议由建设部门召集并记录（三(四)1），您无权记录该项目的会议。"
        )
    errors: dict[str, list[str]] = {}
    if len(data.resident_opinions) > MAX_RESIDENTS:
        errors["resident_opinions"] = [f"居民代表意见最多{MAX_RESIDENTS}条。"]
    for name, text in data.resident_opinions:
        if not name.strip() or len(name) > 50 or len(text) > 2000:
            errors["resident_opinions"] = [
                "每条居民代表意见须写明姓名（50字以内），意见不超过2000字（三(四)1）。"
            ]
    if len(data.invited_residents) > 2000:
        errors["invited_residents"] = ["受邀居民代表不超过2000字。"]
    if data.held_on > today_local():
        errors["held_on"] = ["会议日期不能晚于今天（三(四)1 联合审查须先开会再出具纪要）。"]
    if not data.attendees.strip():
        errors["attendees"] = ["请填写参会单位和人员（三(四)1）。"]
    if errors:
        raise ValidationFailed(errors)
    convener = _meeting_convener(actor, project, data.convener_code)
    with transaction.atomic():
        meeting = JointReviewMeeting.objects.create(
            checklist=checklist,
            held_on=data.held_on,
            attendees=data.attendees.strip(),
            convener=convener,
            invited_residents=data.invited_residents.strip(),
            minutes=minutes or "",
            minutes_name=upload_check(minutes) if minutes else "",
            recorded_by=actor,
        )
        DepartmentOpinion.objects.bulk_create(
            DepartmentOpinion(
                meeting=meeting, department_code=code, department_name=name, opinion=text.strip()
            )
            for code, name, text in data.opinions
            if text.strip()
        )
        DepartmentOpinion.objects.bulk_create(
            DepartmentOpinion(
                meeting=meeting,
                department_code=RESIDENT_CODE,
                department_name=f"居民代表{name.strip()}",
                opinion=text.strip(),
            )
            for name, text in data.resident_opinions
            if text.strip()
        )
        audit_record(
            actor=actor,
            action="joint_review_meeting.record",
            subject=meeting,
            reference=project.reference,
            region_code=project.region_code,
            changes={
                "held_on": [None, data.held_on.isoformat()],
                "convener": [None, convener.name],
                "residents": [None, [n for n, t in data.resident_opinions if t.strip()]],
                "opinions": [None, [code for code, _n, text in data.opinions if text.strip()]],
                "minutes": [None, meeting.minutes_name],
            },
        )
    return meeting


def route_threshold_update(
    *, actor: User, threshold: RouteThreshold, value: str, reason: str
) -> RouteThreshold:
    """The city office changes one policy number; the loader keeps it from then on."""
    if not can_edit_permit_configuration(actor):
        raise PermissionDenied("只有市风貌办可以修改审批路径阈值。")
    if not reason.strip():
        raise ValidationFailed({"reason": ["请说明修改依据（如发改部门的确认文件）。"]})
    with transaction.atomic():
        locked = RouteThreshold.objects.select_for_update().get(pk=threshold.pk)
        rows = list(
            RouteThreshold.objects.values(
                "key", "value", "unit", "clause", "source", "confidence", "note"
            )
        )
        for row in rows:
            if row["key"] == locked.key:
                row["value"] = value.strip()
        try:
            thresholds_from_rows(rows)  # type: ignore[arg-type]
        except ConfigurationError as error:
            raise ValidationFailed({"value": [f"{error}（{locked.clause}）"]}) from error
        before = locked.value
        locked.value = value.strip()
        locked.is_edited = True
        locked.save(update_fields=["value", "is_edited", "updated_at"])
        audit_record(
            actor=actor,
            action="route_threshold.update",
            subject=locked,
            reference=locked.key,
            changes={"value": [before, locked.value]},
            reason=reason.strip(),
        )
    return locked


def review_department_reference(code: str) -> str:
    """Audit reference of a roster row (thresholds use their key)."""
    return f"review_department:{code}"


def review_department_update(
    *, actor: User, department: ReviewDepartment, name: str, role: str, note: str, reason: str
) -> ReviewDepartment:
    """The city office renames a roster entry or changes its role; the loader keeps it then."""
    if not can_edit_permit_configuration(actor):
        raise PermissionDenied("只有市风貌办可以修改联合审查部门名单。")
    errors: dict[str, list[str]] = {}
    name, note, reason = name.strip(), note.strip(), reason.strip()
    if not name:
        errors["name"] = ["请填写部门名称。"]
    elif len(name) > 64:
        errors["name"] = ["部门名称不能超过 64 个字。"]
    if role not in DepartmentRole.values:
        errors["role"] = ["请选择召集部门、联合审查部门或联合会商单位。"]
    if not reason:
        errors["reason"] = ["请说明修改依据（如机构改革文件）。"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = ReviewDepartment.objects.select_for_update().get(pk=department.pk)
        rows = list(
            ReviewDepartment.objects.order_by("id").values("code", "name", "role", "clause", "note")
        )
        for row in rows:
            if row["code"] == locked.code:
                row["name"], row["role"], row["note"] = name, role, note
        try:
            roster_from_rows(rows)  # type: ignore[arg-type]
        except ConfigurationError as error:
            raise ValidationFailed({"role": [f"{error}（{locked.clause}）"]}) from error
        before = {"name": locked.name, "role": locked.role, "note": locked.note}
        after = {"name": name, "role": role, "note": note}
        changes = diff(before, after)
        if not changes:
            return locked
        locked.name, locked.role, locked.note = name, role, note
        locked.is_edited = True
        locked.save(update_fields=["name", "role", "note", "is_edited", "updated_at"])
        audit_record(
            actor=actor,
            action="review_department.update",
            subject=locked,
            reference=review_department_reference(locked.code),
            changes=changes,
            reason=reason,
        )
    return locked


@dataclass(frozen=True)
class OpinionInput:
    stance: str
    opinion: str = ""


def department_opinion_record(
    *,
    actor: User,
    meeting: JointReviewMeeting,
    data: OpinionInput,
    attachment: UploadedFile | None = None,
) -> DepartmentOpinion:
    """An assigned department answers the joint review (三(四)1); the answer is final once in."""
    checklist = meeting.checklist
    project = checklist.project
    if not can_answer_review(actor, project):
        raise PermissionDenied("只有被指派参加该项目审查的部门可以填写审查意见。")
    errors = tracking.opinion_errors(
        stance=data.stance,
        text=data.opinion,
        attachment_size=attachment.size if attachment else None,
    )
    if errors:
        raise ValidationFailed(errors)
    organisation = actor.organisation
    assert organisation is not None
    with transaction.atomic():
        ApprovalChecklist.objects.select_for_update().get(pk=checklist.pk)
        if not _review_open(checklist, project, organisation.pk):
            raise DomainError(
                "review_closed", "该项目的联合审查已办结或不适用，不能再填写意见（三(四)1）。"
            )
        existing = DepartmentOpinion.objects.filter(
            meeting=meeting, organisation=organisation, is_current=True
        ).first()
        if existing is not None:
            raise DomainError(
                "answer_final",
                "审查意见提交后即为正式意见，不能再修改；如需更正，请提交更正意见并写明原因"
                "（三(四)1）。",
            )
        before: dict[str, str] = {}
        opinion = DepartmentOpinion(meeting=meeting, organisation=organisation)
        opinion.department_code = organisation.code
        opinion.department_name = organisation.name
        opinion.stance = data.stance
        opinion.opinion = data.opinion.strip()
        opinion.answered_by = actor
        if attachment is not None:
            opinion.attachment = attachment  # type: ignore[assignment]
            opinion.attachment_name = upload_check(attachment)
        opinion.save()
        changes = diff(before, {"stance": opinion.stance, "opinion": opinion.opinion})
        if attachment is not None:
            changes["attachment"] = [None, opinion.attachment_name]
        assignment = review_assignment_of(actor, project)
        audit_record(
            actor=actor,
            action="department_opinion.record",
            subject=opinion,
            reference=project.reference,
            region_code=project.region_code,
            changes=changes,
            reason=(
                f"{organisation.name}{assignment.get_purpose_display() if assignment else ''}"
                f"意见：{OpinionStance(data.stance).label}"
            ),
        )
        _notify_answer(project, organisation.name, OpinionStance(data.stance).label, assignment)
    return opinion


def _notify_answer(  # type: ignore[no-untyped-def]
    project, department: str, stance: str, assignment, *, correction=None
) -> None:
    """Hand-off: the district office (and whoever assigned) learns of the answer (三(四)1); of a
    correction also the convening department and the answering department's own members."""
    from django.db.models import Q

    from futurecommunity.accounts.models import OrganisationKind
    from futurecommunity.notifications.services import notify_on_commit

    offices = Q(
        organisation__kind=OrganisationKind.DISTRICT_OFFICE,
        organisation__region_code=project.region_code[:6],
    )
    if assignment is not None:
        offices |= Q(pk=assignment.assigned_by_id)
    if correction is None:
        title = f"审查意见：{project.reference} {department}{stance}"
        body = f"{department}已提交对“{project.name}”的联合审查意见：{stance}（三(四)1）。"
    else:
        if correction.meeting.convener_id:
            offices |= Q(organisation_id=correction.meeting.convener_id)
        offices |= Q(organisation_id=correction.organisation_id)
        title = f"审查意见更正：{project.reference} {department}{stance}"
        body = (
            f"{department}对“{project.name}”的联合审查意见已更正为第{correction.version}版："
            f"{stance}。更正原因：{correction.correction_reason}（三(四)1）。原意见保留在记录中。"
        )
    notify_on_commit(
        recipients=User.objects.filter(offices, is_active=True, role__in=["editor", "approver"]),
        kind="permits.answer",
        title=title,
        body=body,
        link=f"/manage/permits/projects/{project.reference}/#reviewers",
    )


CORRECTION_REASON_MAX = 500


def department_opinion_correct(
    *,
    actor: User,
    opinion: DepartmentOpinion,
    data: OpinionInput,
    reason: str,
    attachment: UploadedFile | None = None,
) -> DepartmentOpinion:
    """A correction of a submitted answer is a new version (三(四)1): the old answer is kept and
    marked superseded, the new one is current; audited, and the district office, the convener
    and the department are told. A reason is mandatory."""
    checklist = opinion.meeting.checklist
    project = checklist.project
    if not can_correct_opinion(actor, opinion):
        raise PermissionDenied("只有答复部门或召集联合审查的建设部门可以更正审查意见（三(四)1）。")
    errors = tracking.opinion_errors(
        stance=data.stance,
        text=data.opinion,
        attachment_size=attachment.size if attachment else None,
    )
    reason = reason.strip()
    if not reason:
        errors["reason"] = ["请写明更正原因；更正后原意见保留在记录中（三(四)1）。"]
    elif len(reason) > CORRECTION_REASON_MAX:
        errors["reason"] = [f"更正原因不能超过 {CORRECTION_REASON_MAX} 字。"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        ApprovalChecklist.objects.select_for_update().get(pk=checklist.pk)
        old = DepartmentOpinion.objects.select_for_update().get(pk=opinion.pk)
        answering = old.organisation_id
        assert answering is not None  # can_correct_opinion refuses the convener's typed rows
        if not old.is_current:
            raise DomainError(
                "opinion_superseded", "该意见已被更正过，请在当前有效的最新版本上更正（三(四)1）。"
            )
        if not _review_open(checklist, project, answering):
            raise DomainError(
                "review_closed", "该项目的联合审查已办结或不适用，不能再更正意见（三(四)1）。"
            )
        old.is_current = False
        old.save(update_fields=["is_current", "updated_at"])
        new = DepartmentOpinion(
            meeting=old.meeting,
            organisation=old.organisation,
            department_code=old.department_code,
            department_name=old.department_name,
            stance=data.stance,
            opinion=data.opinion.strip(),
            answered_by=actor,
            version=old.version + 1,
            supersedes=old,
            correction_reason=reason,
            attachment=old.attachment.name if old.attachment else "",
            attachment_name=old.attachment_name,
        )
        if attachment is not None:
            new.attachment = attachment  # type: ignore[assignment]
            new.attachment_name = upload_check(attachment)
        new.save()
        changes = diff(
            {"stance": old.stance, "opinion": old.opinion, "version": old.version},
            {"stance": new.stance, "opinion": new.opinion, "version": new.version},
        )
        if new.attachment_name != old.attachment_name:
            changes["attachment"] = [old.attachment_name or None, new.attachment_name]
        audit_record(
            actor=actor,
            action="department_opinion.correct",
            subject=new,
            reference=project.reference,
            region_code=project.region_code,
            changes=changes,
            reason=reason,
        )
        assignment = ProjectAssignment.objects.filter(
            project=project, organisation_id=answering, purpose__in=REVIEW_PURPOSES
        ).first()
        _notify_answer(
            project,
            old.department_name,
            OpinionStance(data.stance).label,
            assignment,
            correction=new,
        )
    return new


def review_assign_route(*, actor: User, project: Project) -> list[ProjectAssignment]:
    """Assign, in one step, every department the project's route needs (三(四)1).

    Each department is assigned through ``project_assign_department`` (same permission, audit
    entry and message per department); those already assigned are skipped. One more audit entry
    on the checklist records the whole step. Nothing is written when nothing is left to assign.
    """
    if not can_assign_reviewers(actor, project):
        raise PermissionDenied("只有市风貌办或项目所在区、县（市）风貌办可以指派审查部门。")
    checklist = ApprovalChecklist.objects.filter(project=project).first()
    if checklist is None:
        raise DomainError("no_checklist", "请先生成审批清单，再按审批路径指派部门（三(四)1）。")
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)
        plan = route_assignment_plan(project, checklist)
        todo = plan.to_assign
        if not todo:
            raise DomainError(
                "nothing_to_assign", "审批路径所需部门均已指派，没有需要新指派的部门（三(四)1）。"
            )
        assignments = []
        for item in todo:
            assert item.organisation is not None
            assignments.append(
                project_assign_department(
                    actor=actor,
                    project=project,
                    organisation=item.organisation,
                    purpose=item.purpose,
                )
            )
        skipped = [
            f"{i.organisation.name}（{i.purpose_label}）"
            for i in plan.items
            if i.state == PlanState.ASSIGNED and i.organisation is not None
        ]
        audit_record(
            actor=actor,
            action="approval_checklist.assign_route",
            subject=checklist,
            reference=project.reference,
            region_code=project.region_code,
            changes={
                "assigned": [
                    None,
                    [f"{a.organisation.name}（{a.get_purpose_display()}）" for a in assignments],
                ],
                **({"skipped": [None, skipped]} if skipped else {}),
            },
            reason="按审批路径一次指派所需部门（三(四)1）",
        )
    return assignments


def _review_open(checklist: ApprovalChecklist, project: Project, organisation_id: int) -> bool:
    """Whether the joint review still takes this department's answer (三(四)1): its review
    steps are open and it is assigned for review. Called inside the checklist's lock."""
    steps = {
        code: (outcome, status)
        for code, outcome, status in ApprovalStep.objects.filter(
            checklist_id=checklist.pk
        ).values_list("code", "outcome", "status")
    }
    purposes = ProjectAssignment.objects.filter(
        project=project,
        organisation_id=organisation_id,
        purpose__in=REVIEW_PURPOSES,
        active=True,
    ).values_list("purpose", flat=True)
    return tracking.review_is_open(steps, list(purposes))
