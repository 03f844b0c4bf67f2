"""Every write of the acceptance flow: permission → rules → write + audit in one transaction →
notifications on commit. A refused call changes nothing.

Flow (二(一) T2/T3): the street starts the self-assessment and fills it → the district submits →
the deciding office (city for municipal, district for county) forms a panel → every expert
declares no conflict and scores alone → the office decides; only this decision moves a municipal
or county project to 验收通过 / 验收未通过 (``projects.services.project_transition``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from futurecommunity.accounts.models import Organisation, OrganisationKind, Role, User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.common.uploads import upload_check
from futurecommunity.evaluation import access, rules
from futurecommunity.evaluation.computed import ProjectFacts
from futurecommunity.evaluation.models import (
    Answer,
    AnswerEvidence,
    Condition,
    ConflictDeclaration,
    Decision,
    Declared,
    Evaluation,
    EvaluationParameter,
    EvaluationStatus,
    ExpertProfile,
    IndexSystem,
    Outcome,
    PanelMember,
    Score,
    SiteVisit,
    SiteVisitPhoto,
)
from futurecommunity.evaluation.results import evaluation_result
from futurecommunity.notifications.services import notify_on_commit
from futurecommunity.projects import services as project_services
from futurecommunity.projects.models import Project
from futurecommunity.rectification import services as rectification_services

MAX_CONDITIONS = 20
MAX_PANEL = 15


def parameter(key: str, default: str) -> str:
    row = EvaluationParameter.objects.filter(key=key).first()
    return row.value if row else default


def _link(evaluation: Evaluation) -> str:
    return reverse("evaluation:evaluation-detail", args=[evaluation.pk])


def _members(org: Organisation | None, min_role: str) -> list[User]:
    if org is None:
        return []
    return [u for u in org.members.filter(is_active=True) if u.has_role_at_least(min_role)]


def _deciding_offices(evaluation: Evaluation) -> list[Organisation]:
    kinds = access.decider_kinds(evaluation.project.level)
    offices = Organisation.objects.filter(kind__in=kinds)
    return [o for o in offices if evaluation.region_code.startswith(o.region_code)]


def _notify_offices(
    evaluation: Evaluation, offices: list[Organisation], kind: str, title: str, body: str
) -> None:
    people = [u for office in offices for u in _members(office, Role.EDITOR)]
    notify_on_commit(recipients=people, kind=f"evaluation.{kind}", title=title, body=body,
                     link=_link(evaluation))  # fmt: skip


def system_for_project(project: Project) -> tuple[IndexSystem | None, str]:
    """The index version in force for a project's level, district and creation year."""
    systems = {s.code: s for s in IndexSystem.objects.filter(is_active=True)}
    choices = [
        rules.SystemChoice(
            code=s.code,
            kind=s.kind,
            district_code=s.district_code,
            year_from=s.year_from,
            year_to=s.year_to,
            issued_on_ordinal=s.issued_on.toordinal() if s.issued_on else 0,
        )
        for s in systems.values()
    ]
    chosen, note = rules.choose_system(
        choices,
        level=project.level,
        district_code=project.district_id,
        creation_year=project.creation_year,
    )
    return (systems[chosen.code] if chosen else None), note


_CHOICES = {"aggregation_method": tuple(rules.METHODS)}
_NUMBERS = {"panel_min_size": (1, 15), "condition_deadline_days": (1, 365),
            "lifecircle_done_share": (0, 1), "scenario_built_share": (0, 1)}  # fmt: skip


def parameter_update(
    *, actor: User, row: EvaluationParameter, value: str, source: str
) -> EvaluationParameter:
    """The city office changes an acceptance parameter, naming its source (e.g. the 文号)."""
    if not access.can_manage_system(actor, "municipal", ""):
        raise PermissionDenied("评价验收参数由市风貌办经办人员修改（二(一)）。")
    value, source = value.strip(), source.strip()
    if not source or len(source) > 300:
        raise ValidationFailed({"source": ["请注明修改依据（文号或会议纪要，300字内）。"]})
    if row.key in _CHOICES and value not in _CHOICES[row.key]:
        raise ValidationFailed({"value": [f"取值须为：{'、'.join(_CHOICES[row.key])}。"]})
    if row.key in _NUMBERS:
        low, high = _NUMBERS[row.key]
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal(-1)
        if not (number.is_finite() and low <= number <= high):
            raise ValidationFailed({"value": [f"取值须在{low}至{high}之间。"]})
    if not value or len(value) > 60:
        raise ValidationFailed({"value": ["请填写取值（60字内）。"]})
    before = row.value
    with transaction.atomic():
        row.value, row.source, row.confidence = value, source, "sourced"
        row.save(update_fields=["value", "source", "confidence", "updated_at"])
        audit_record(actor=actor, action="evaluation.parameter_update", subject=row, reference=row.key,
                     region_code="", changes={"value": [before, value]}, reason=source)  # fmt: skip
    return row


# --- expert pool -----------------------------------------------------------------------------


def expert_register(
    *, actor: User, user: User, field: str, work_unit: str, title: str = "", is_active: bool = True
) -> ExpertProfile:
    """The city office keeps the expert pool: a user of a 评审专家库 organisation gets (or updates)
    the profile that lets them declare conflicts and score."""
    if not access.can_manage_system(actor, "municipal", ""):
        raise PermissionDenied("评审专家库由市风貌办经办人员维护（二(一)）。")
    if user.organisation is None or user.organisation.kind != OrganisationKind.EXPERT:
        raise ValidationFailed({"user": ["只能把“评审专家库”组织的账号登记为专家。"]})
    if (
        not field.strip()
        or not work_unit.strip()
        or len(field) > 60
        or len(work_unit) > 100
        or len(title) > 40
    ):
        raise ValidationFailed({"field": ["请填写专业领域（60字内）和工作单位（100字内）。"]})
    with transaction.atomic():
        profile, created = ExpertProfile.objects.update_or_create(
            user=user, defaults={"field": field.strip(), "work_unit": work_unit.strip(),
                                 "title": title.strip(), "is_active": is_active},
        )  # fmt: skip
        audit_record(actor=actor, action="evaluation.expert_register", subject=profile,
                     reference=user.username, region_code="",
                     changes={"is_active": [None if created else not is_active, is_active],
                              "work_unit": [None, profile.work_unit]})  # fmt: skip
    return profile


# --- self-assessment -------------------------------------------------------------------------


def evaluation_start(*, actor: User, project: Project, is_demo: bool = False) -> Evaluation:
    """Open the self-assessment of a project against the index in force, pre-filled (计算)."""
    if not access.can_start_evaluation(actor, project.region_code):
        raise PermissionDenied(
            "只有项目所在街道或区、县（市）风貌办经办人员可以发起自评（二(一)）。"
        )
    if project.level == "provincial":
        raise DomainError(
            "provincial_outside",
            "省级未来社区由省风貌办组织验收，市风貌办在项目页登记省级验收结果及文号（二(一) T1）。",
        )
    if project.status not in ("under_construction", "acceptance_requested"):
        raise DomainError("not_building", "项目建设中或已提请验收时方可开展验收自评（二(一) T4）。")
    system, _note = system_for_project(project)
    if system is None:
        raise DomainError(
            "no_index",
            f"{project.creation_year}年度没有适用于该项目的评价指标体系，请市风貌办先导入或启用（二(一) T2/T3）。",
        )
    facts = ProjectFacts(
        project,
        done_share=float(parameter("lifecircle_done_share", "0.9")),
        level=parameter("lifecircle_level", "5min"),
    )
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)
        if Evaluation.objects.filter(project=project, status__in=_open()).exists():
            raise DomainError("evaluation_open", "该项目已有进行中的评价验收，请在原记录上办理。")
        rounds = Evaluation.objects.filter(project=project).count()
        evaluation = Evaluation.objects.create(
            reference=f"YS-{project.reference}-{rounds + 1}",
            project=project,
            system=system,
            region_code=project.region_code,
            created_by=actor,
            is_demo=is_demo or project.is_demo,
        )
        for indicator in system.indicators.all():
            computed = facts.for_indicator(indicator)
            Answer.objects.create(
                evaluation=evaluation,
                indicator=indicator,
                computed=computed.state,
                computed_note=computed.note[:300],
            )
        audit_record(actor=actor, action="evaluation.start", subject=evaluation,
                     reference=evaluation.reference, region_code=evaluation.region_code,
                     changes={"system": [None, system.code]})  # fmt: skip
        district = Organisation.objects.filter(
            kind=OrganisationKind.DISTRICT_OFFICE, region_code=project.district_id
        )
        _notify_offices(evaluation, list(district), "started", f"验收自评已发起：{project.name}",
                        "街道完成自评并上传佐证后，请审核并报送验收单位（二(一)）。")  # fmt: skip
    return evaluation


def _open() -> tuple[str, ...]:
    return (EvaluationStatus.DRAFT, EvaluationStatus.SUBMITTED, EvaluationStatus.PANEL,
            EvaluationStatus.SCORED)  # fmt: skip


@dataclass(frozen=True)
class AnswerInput:
    indicator_id: int
    declared: str
    quantity: Decimal | None = None
    note: str = ""
    files: list[UploadedFile] = field(default_factory=list)


def answers_save(*, actor: User, evaluation: Evaluation, answers: list[AnswerInput]) -> int:
    """Save the street's declarations (done / partly / not, quantity, note, evidence files)."""
    if not access.can_fill_self_assessment(actor, evaluation):
        raise PermissionDenied(
            "自评仅在报送前由项目所在街道或区、县（市）风貌办经办人员填写（二(一)）。"
        )
    by_indicator = {a.indicator_id: a for a in evaluation.answers.all()}
    errors: dict[str, list[str]] = {}
    for item in answers:
        if item.indicator_id not in by_indicator:
            errors.setdefault("answers", []).append("指标不属于本次评价所用的指标体系。")
        if item.declared and item.declared not in Declared.values:
            errors.setdefault("answers", []).append("完成情况只能是已完成、部分完成或未完成。")
        if item.quantity is not None and not (0 <= item.quantity < Decimal("1e10")):
            errors.setdefault("answers", []).append("数量须为0至9999999999之间的数。")
        if len(item.note) > 500:
            errors.setdefault("answers", []).append("说明不超过500字。")
    if errors:
        raise ValidationFailed(errors)
    names = {id(f): upload_check(f) for item in answers for f in item.files}
    changed = 0
    with transaction.atomic():
        for item in answers:
            answer = by_indicator[item.indicator_id]
            new = (item.declared, item.quantity, item.note.strip())
            if new != (answer.declared, answer.quantity, answer.note) or item.files:
                answer.declared, answer.quantity, answer.note = new
                answer.save(update_fields=["declared", "quantity", "note", "updated_at"])
                changed += 1
            for upload in item.files:
                AnswerEvidence.objects.create(
                    answer=answer, file=upload, original_name=names[id(upload)]
                )
        if changed:
            audit_record(actor=actor, action="evaluation.answers_save", subject=evaluation,
                         reference=evaluation.reference, region_code=evaluation.region_code,
                         changes={"answers": [None, changed]})  # fmt: skip
    return changed


def completeness_for(evaluation: Evaluation) -> list[str]:
    lines = [
        rules.AnswerLine(
            code=a.indicator.code,
            name=a.indicator.name,
            declared=a.declared,
            has_evidence=a.evidence.exists(),
            is_required=a.indicator.is_required,
        )
        for a in evaluation.answers.select_related("indicator")
    ]
    return rules.completeness_problems(lines)


def evaluation_submit(*, actor: User, evaluation: Evaluation, summary: str = "") -> Evaluation:
    """The district office submits the completed self-assessment to the deciding office."""
    if not access.can_submit(actor, evaluation):
        raise PermissionDenied("自评由项目所在区、县（市）风貌办经办人员报送（二(一)）。")
    if len(summary) > 2000:
        raise ValidationFailed({"summary": ["自评说明不超过2000字。"]})
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update().select_related("project").get(pk=evaluation.pk)
        )
        if locked.status != EvaluationStatus.DRAFT:
            raise DomainError("not_draft", "该自评已报送，不能重复报送。")
        if locked.project.status != "acceptance_requested":
            raise DomainError("not_requested", "项目须先“提请验收”后方可报送自评（二(一) T4）。")
        problems = completeness_for(locked)
        if problems:
            raise DomainError(
                "incomplete", f"自评不完整，不能报送：{problems[0]}（共 {len(problems)} 项待补充）"
            )
        locked.status = EvaluationStatus.SUBMITTED
        locked.summary = summary.strip()
        locked.submitted_on = today_local()
        locked.submitted_by = actor
        locked.save(
            update_fields=["status", "summary", "submitted_on", "submitted_by", "updated_at"]
        )
        audit_record(actor=actor, action="evaluation.submit", subject=locked,
                     reference=locked.reference, region_code=locked.region_code,
                     changes={"status": [EvaluationStatus.DRAFT, EvaluationStatus.SUBMITTED]})  # fmt: skip
        _notify_offices(locked, _deciding_offices(locked), "submitted", f"验收自评已报送：{locked.project.name}",
                        "请组建专家组开展评审（二(一)）。")  # fmt: skip
    return locked


# --- experts and panel -----------------------------------------------------------------------


def conflict_declare(
    *, actor: User, project: Project, has_conflict: bool, statement: str = ""
) -> ConflictDeclaration:
    """An expert declares (no) conflict of interest for a project; a conflict withdraws an
    unscored seat on its open panel and tells the deciding office to replace the expert."""
    if not access.is_expert(actor):
        raise PermissionDenied("只有评审专家可以作利益冲突声明。")
    if has_conflict and not statement.strip():
        raise ValidationFailed({"statement": ["存在利益冲突的，请说明关系（回避制度）。"]})
    if len(statement) > 500:
        raise ValidationFailed({"statement": ["说明不超过500字。"]})
    expert = actor.expert_profile  # type: ignore[attr-defined]
    with transaction.atomic():
        seats = PanelMember.objects.select_for_update().filter(
            expert=expert, evaluation__project=project, evaluation__status__in=_open()
        )
        if has_conflict and seats.filter(submitted_at__isnull=False).exists():
            raise DomainError("already_scored", "您已提交评分，如存在利益冲突请联系组织单位处理。")
        declaration, _ = ConflictDeclaration.objects.update_or_create(
            expert=expert, project=project,
            defaults={"has_conflict": has_conflict, "statement": statement.strip()},
        )  # fmt: skip
        for seat in seats if has_conflict else []:
            evaluation = seat.evaluation
            seat.delete()
            _notify_offices(evaluation, _deciding_offices(evaluation), "expert_recused",
                            f"专家声明利益冲突已回避：{project.name}",
                            f"{actor}声明存在利益冲突，已退出专家组，请补充专家。")  # fmt: skip
        audit_record(actor=actor, action="evaluation.conflict_declare", subject=declaration,
                     reference=project.reference, region_code=project.region_code,
                     changes={"has_conflict": [None, has_conflict]}, reason=statement.strip())  # fmt: skip
    return declaration


def panel_form(
    *,
    actor: User,
    evaluation: Evaluation,
    experts: list[ExpertProfile],
    leader: ExpertProfile | None = None,
) -> list[PanelMember]:
    """The deciding office seats experts; one who declared a conflict for the project is refused."""
    if not access.can_run_panel(actor, evaluation):
        raise PermissionDenied(
            "专家组由验收单位（市级项目为市风貌办，县级项目为区、县（市）风貌办）组建（二(一)）。"
        )
    clause = rules.clause_for(evaluation.project.level)
    if not experts or len(experts) > MAX_PANEL:
        raise ValidationFailed({"experts": [f"请选择1至{MAX_PANEL}名专家。"]})
    inactive = [str(e) for e in experts if not e.is_active or not e.user.is_active]
    if inactive:
        raise ValidationFailed({"experts": [f"专家不在库：{'、'.join(inactive)}。"]})
    conflicted = ConflictDeclaration.objects.filter(
        project=evaluation.project, expert__in=experts, has_conflict=True
    ).select_related("expert__user")
    if conflicted:
        names = "、".join(str(d.expert.user) for d in conflicted)
        raise DomainError(
            "conflict_of_interest",
            f"{names}已声明与该项目存在利益冲突，不能进入专家组（回避制度，{clause}）。",
        )
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.status not in (EvaluationStatus.SUBMITTED, EvaluationStatus.PANEL):
            raise DomainError(
                "not_submitted", "区、县（市）报送自评后方可组建专家组；评分完成后不能再增补。"
            )
        seated = set(locked.panel.values_list("expert_id", flat=True))
        new = [
            PanelMember.objects.create(evaluation=locked, expert=e, is_leader=leader == e)
            for e in experts
            if e.pk not in seated
        ]
        if leader is not None:
            locked.panel.exclude(expert=leader).update(is_leader=False)
            locked.panel.filter(expert=leader).update(is_leader=True)
        before = locked.status
        locked.status = EvaluationStatus.PANEL
        locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="evaluation.panel_form", subject=locked,
                     reference=locked.reference, region_code=locked.region_code,
                     changes={"status": [before, locked.status],
                              "experts": [None, [str(m.expert.user) for m in new]]})  # fmt: skip
        notify_on_commit(
            recipients=[m.expert.user for m in new],
            kind="evaluation.panel_seat",
            title=f"请参加验收评审：{locked.project.name}",
            body="请先作利益冲突声明，再独立评分（评分提交前其他专家看不到您的评分）。",
            link=_link(locked),
        )
    return new


def _parse_score(raw: str, points: Decimal, code: str) -> Decimal:
    try:
        value = Decimal(raw.strip())
    except (InvalidOperation, AttributeError):
        raise ValidationFailed({"scores": [f"指标 {code} 的得分须为数字。"]}) from None
    if not value.is_finite() or value < 0 or value > points:
        raise ValidationFailed({"scores": [f"指标 {code} 的得分须在0至{points}分之间。"]})
    return value.quantize(Decimal("0.01"))


def scores_save(
    *,
    actor: User,
    evaluation: Evaluation,
    scores: dict[int, tuple[str, str]],
    submit: bool = False,
) -> PanelMember:
    """An expert saves (and with ``submit`` finally submits) their own scores, independently."""
    if not access.sits_on_panel(actor, evaluation):
        raise PermissionDenied("只有本项目专家组成员可以评分。")
    member = evaluation.panel.select_related("expert").get(expert__user=actor)
    declared = ConflictDeclaration.objects.filter(
        expert=member.expert, project=evaluation.project, has_conflict=False
    ).exists()
    if not declared:
        raise DomainError("no_declaration", "评分前须先声明与该项目不存在利益冲突（回避制度）。")
    indicators = {i.pk: i for i in evaluation.system.indicators.all()}
    parsed: dict[int, tuple[Decimal, str]] = {}
    for pk, (raw, comment) in scores.items():
        if pk not in indicators:
            raise ValidationFailed({"scores": ["指标不属于本次评价所用的指标体系。"]})
        if raw.strip():
            parsed[pk] = (
                _parse_score(raw, indicators[pk].points, indicators[pk].code),
                comment[:500],
            )
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        member = PanelMember.objects.select_for_update().get(pk=member.pk)
        if locked.status != EvaluationStatus.PANEL or member.submitted_at is not None:
            raise DomainError("scoring_closed", "评分已提交或评审已结束，不能再修改。")
        for pk, (value, comment) in parsed.items():
            Score.objects.update_or_create(member=member, indicator_id=pk,
                                           defaults={"score": value, "comment": comment})  # fmt: skip
        if submit:
            scored = set(member.scores.values_list("indicator_id", flat=True))
            missing = [indicators[pk].code for pk in indicators if pk not in scored]
            if missing:
                raise DomainError(
                    "scores_incomplete", f"尚有指标未评分：{'、'.join(missing[:10])}。"
                )
            member.submitted_at = timezone.now()
            member.save(update_fields=["submitted_at", "updated_at"])
            if not locked.panel.filter(submitted_at__isnull=True).exists():
                locked.status = EvaluationStatus.SCORED
                locked.save(update_fields=["status", "updated_at"])
                _notify_offices(locked, _deciding_offices(locked), "scored",
                                f"专家评分已全部提交：{locked.project.name}", "请作出验收决定（二(一)）。")  # fmt: skip
        audit_record(actor=actor, action="evaluation.scores_submit" if submit else "evaluation.scores_save",
                     subject=locked, reference=locked.reference, region_code=locked.region_code,
                     changes={"scores": [None, len(parsed)]})  # fmt: skip
    return member


def site_visit_record(
    *, actor: User, evaluation: Evaluation, visited_on: dt.date, notes: str,
    photos: list[UploadedFile] | None = None,
) -> SiteVisit:  # fmt: skip
    """Record a site inspection (notes and photos) of the panel."""
    if not access.can_run_panel(actor, evaluation):
        raise PermissionDenied("现场踏勘由验收单位登记（二(一)）。")
    errors: dict[str, list[str]] = {}
    if not notes.strip() or len(notes) > 5000:
        errors["notes"] = ["请填写踏勘记录（不超过5000字）。"]
    if visited_on > today_local():
        errors["visited_on"] = ["踏勘日期不能晚于今天。"]
    if errors:
        raise ValidationFailed(errors)
    names = [(p, upload_check(p)) for p in photos or []]
    with transaction.atomic():
        visit = SiteVisit.objects.create(evaluation=evaluation, visited_on=visited_on,
                                         notes=notes.strip(), recorded_by=actor)  # fmt: skip
        for upload, name in names:
            SiteVisitPhoto.objects.create(visit=visit, file=upload, original_name=name)
        audit_record(actor=actor, action="evaluation.site_visit", subject=evaluation,
                     reference=evaluation.reference, region_code=evaluation.region_code,
                     changes={"photos": [None, len(names)]})  # fmt: skip
    return visit


# --- the decision ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionInput:
    requirement: str
    deadline: dt.date


def _street_office(project: Project) -> Organisation:
    office = Organisation.objects.filter(
        kind=OrganisationKind.STREET_OFFICE, region_code=project.street_id
    ).first()
    if office is None:
        raise DomainError(
            "no_street_office", f"未找到{project.street_id}街道的组织，无法下发整改单。"
        )
    return office


def decision_record(
    *,
    actor: User,
    evaluation: Evaluation,
    outcome: str,
    document_number: str,
    remark: str = "",
    conditions: list[ConditionInput] | None = None,
    decided_on: dt.date | None = None,
) -> Decision:
    """The acceptance decision of the office the lifecycle names. Pass or conditional pass is
    refused below the threshold or with a required indicator missing; conditions become
    rectification orders; the project moves to 验收通过 / 验收未通过 only here."""
    if not access.can_decide(actor, evaluation):
        raise PermissionDenied(
            "验收决定由验收单位审核/领导角色作出（市级项目为市风貌办，县级项目为区、县（市）风貌办，二(一)）。"
        )
    items = conditions or []
    day = decided_on or today_local()
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = ["请选择验收结论。"]
    if not document_number.strip() or len(document_number) > 100:
        errors["document_number"] = ["请填写验收决定文号（不超过100字）。"]
    if outcome == Outcome.FAIL and not remark.strip():
        errors["remark"] = ["不通过须写明验收意见。"]
    if len(items) > MAX_CONDITIONS or any(
        not c.requirement.strip() or len(c.requirement) > 500 for c in items
    ):
        errors["conditions"] = [f"整改条件须逐条填写（每条不超过500字，至多{MAX_CONDITIONS}条）。"]
    if any(c.deadline < day for c in items):
        errors["conditions"] = ["整改期限不能早于决定日期（四 S3）。"]
    if day > today_local():
        errors["decided_on"] = ["决定日期不能晚于今天。"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update()
            .select_related("project", "system")
            .get(pk=evaluation.pk)
        )
        if locked.status != EvaluationStatus.SCORED:
            raise DomainError("not_scored", "专家组全部成员提交评分后方可作出验收决定（二(一)）。")
        result = evaluation_result(locked, method=parameter("aggregation_method", "mean"))
        verdict = rules.judge_decision(
            rules.DecisionRequest(
                outcome=outcome,
                score=result.score,
                pass_score=locked.system.pass_score,
                missing_required=tuple(result.missing_required),
                level=locked.project.level,
                conditions=len(items),
                scored_members=len(result.totals),
                panel_min_size=int(parameter("panel_min_size", "3")),
            )
        )
        if not verdict.allowed:
            raise DomainError("decision_refused", verdict.reason)
        decision = Decision.objects.create(
            evaluation=locked, outcome=outcome, score=result.score,
            pass_score=locked.system.pass_score, method=result.method, decided_on=day,
            decided_by=actor, organisation_name=actor.organisation.name if actor.organisation else "",
            document_number=document_number.strip(), remark=remark.strip(),
        )  # fmt: skip
        _conditions_to_orders(actor, decision, locked.project, items, day)
        project_services.project_transition(
            actor=actor,
            project=locked.project,
            target="acceptance_failed" if outcome == Outcome.FAIL else "accepted",
            occurred_on=day,
            document_number=decision.document_number,
            remark=remark.strip()
            or f"{decision.get_outcome_display()}，综合得分 {result.score} 分",
            by_evaluation=True,
        )
        locked.status = EvaluationStatus.DECIDED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="evaluation.decide", subject=locked,
                     reference=locked.reference, region_code=locked.region_code,
                     changes={"outcome": [None, outcome], "score": [None, str(result.score)],
                              "conditions": [None, len(items)]}, reason=remark.strip())  # fmt: skip
        street = Organisation.objects.filter(kind=OrganisationKind.STREET_OFFICE,
                                             region_code=locked.project.street_id)  # fmt: skip
        _notify_offices(locked, list(street), "decided", f"验收结论：{locked.project.name}{decision.get_outcome_display()}",
                        f"综合得分 {result.score} 分（分数线 {decision.pass_score} 分），文号 {decision.document_number}。")  # fmt: skip
    return decision


def _conditions_to_orders(
    actor: User, decision: Decision, project: Project, items: list[ConditionInput], day: dt.date
) -> None:
    if not items:
        return
    recipient = _street_office(project)
    for number, item in enumerate(items, start=1):
        order = rectification_services.order_issue(
            actor=actor,
            recipient=recipient,
            title=f"{project.name}验收整改（第{number}条）",
            requirement=f"依据验收决定 {decision.document_number}（有条件通过）：{item.requirement.strip()}",
            deadline=item.deadline,
            issued_on=day,
            is_demo=project.is_demo,
        )
        Condition.objects.create(decision=decision, requirement=item.requirement.strip(),
                                 deadline=item.deadline, order=order)  # fmt: skip
