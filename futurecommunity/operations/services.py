"""Every write of the operations app: permission → validate → write + audit in one transaction.

Refusals raise ``DomainError`` / ``PermissionDenied`` / ``ValidationFailed`` with a Chinese
sentence citing the clause (三(二) funding, 三(三) operation, P5.5 procurement); nothing is
written then. Hand-offs (operator chosen, report submitted, report confirmed or returned)
notify whoever acts next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from futurecommunity.accounts.models import Organisation, OrganisationKind, Role, User
from futurecommunity.audit.services import audit_record, diff
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.common.uploads import upload_check
from futurecommunity.notifications.services import notify_on_commit
from futurecommunity.operations import access, rules, selectors
from futurecommunity.operations.models import (
    Confidence,
    ConsortiumMember,
    FundDirection,
    FundingSource,
    MemberKind,
    OperatingPlan,
    OperationParameter,
    OperatorKind,
    OperatorProfile,
    PlanItem,
    QuarterlyReport,
    ReportStatus,
    Selection,
    SelectionMode,
    Service,
    ServiceLine,
    SourceKind,
    StreetFundEntry,
    WorksMode,
    WorksProcurement,
)
from futurecommunity.projects.models import Project
from futurecommunity.regions.models import Region, RegionLevel

AMOUNT_MAX = Decimal("99999999999999.99")  # 16 digits, 2 places (元)


def _members(org_id: int, role: str = Role.EDITOR) -> list[User]:
    return [
        u
        for u in User.objects.filter(organisation_id=org_id, is_active=True)
        if u.has_role_at_least(role)
    ]


def _district_office_members(region_code: str) -> list[User]:
    return list(
        User.objects.filter(
            organisation__kind=OrganisationKind.DISTRICT_OFFICE,
            organisation__region_code=region_code[:6],
            is_active=True,
        ).exclude(role=Role.VIEWER)
    )


def _amount(value: Decimal | None, label: str, errors: dict[str, list[str]], key: str) -> None:
    if value is None:
        errors.setdefault(key, []).append(f"请填写{label}。")
    elif not value.is_finite():
        errors.setdefault(key, []).append(f"{label}不是有效数字。")
    elif value < 0:
        errors.setdefault(key, []).append(f"{label}不能为负数。")
    elif value > AMOUNT_MAX:
        errors.setdefault(key, []).append(f"{label}超出允许范围。")
    elif value != value.quantize(Decimal("0.01")):
        errors.setdefault(key, []).append(f"{label}最多保留两位小数（元）。")


# --- operators -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    name: str
    member_kind: str
    role: str = ""
    credit_code: str = ""


@dataclass(frozen=True)
class OperatorInput:
    name: str
    operator_kind: str
    credit_code: str
    services: tuple[str, ...] = ()
    contact_name: str = ""
    contact_phone: str = ""
    address: str = ""
    members: tuple[MemberInput, ...] = field(default_factory=tuple)
    is_demo: bool = False


def operator_input_errors(
    data: OperatorInput, *, exclude_pk: int | None = None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = ["请填写运营单位名称。"]
    elif len(data.name) > 100:
        errors["name"] = ["运营单位名称不超过100字。"]
    if data.operator_kind not in OperatorKind.values:
        errors["operator_kind"] = ["请选择综合运营商或专业运营商（三(三)）。"]
    problem = rules.credit_code_problem(data.credit_code)
    if problem:
        errors["credit_code"] = [problem]
    elif (
        OperatorProfile.objects.filter(credit_code=data.credit_code.strip().upper())
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["credit_code"] = ["该统一社会信用代码已登记为运营单位。"]
    unknown = [s for s in data.services if s not in Service.values]
    if unknown:
        errors["services"] = ["运营服务不在可选范围内。"]
    if data.operator_kind == OperatorKind.SPECIALIST and not data.services:
        errors["services"] = ["专业运营商须注明运营的服务（如托育、养老、社区商业，三(三)）。"]
    for index, member in enumerate(data.members, start=1):
        if not member.name.strip():
            errors.setdefault("members", []).append(f"第{index}个联合体成员缺少名称。")
        if member.member_kind not in MemberKind.values:
            errors.setdefault("members", []).append(f"第{index}个联合体成员的类型不正确。")
        if member.credit_code and rules.credit_code_problem(member.credit_code):
            errors.setdefault("members", []).append(
                f"第{index}个联合体成员：{rules.credit_code_problem(member.credit_code)}"
            )
    return errors


def _operator_values(profile: OperatorProfile) -> dict[str, Any]:
    return {
        "name": profile.organisation.name,
        "operator_kind": profile.operator_kind,
        "credit_code": profile.credit_code,
        "services": list(profile.services),
        "contact_name": profile.contact_name,
        "contact_phone": profile.contact_phone,
        "members": [m.name for m in profile.members.all()],
    }


def _members_write(profile: OperatorProfile, members: tuple[MemberInput, ...]) -> None:
    for member in members:
        ConsortiumMember.objects.create(
            operator=profile,
            name=member.name.strip(),
            member_kind=member.member_kind,
            role=member.role.strip(),
            credit_code=member.credit_code.strip().upper(),
        )


def operator_register(*, actor: User, data: OperatorInput) -> OperatorProfile:
    """Register an operator (三(三)): an organisation of kind 运营单位 with its profile."""
    if not access.can_register_operator(actor):
        raise PermissionDenied("只有市风貌办经办或审核人员可以登记运营单位。")
    errors = operator_input_errors(data)
    if errors:
        raise ValidationFailed(errors)
    credit = data.credit_code.strip().upper()
    with transaction.atomic():
        # An operator organisation of this credit code may exist without a profile (its user
        # accounts were made first, or its profile was removed): it gets the profile.
        org, _ = Organisation.objects.update_or_create(
            code=f"op-{credit.lower()}",
            kind=OrganisationKind.OPERATOR,
            defaults={"name": data.name.strip()},
        )
        profile = OperatorProfile.objects.create(
            organisation=org,
            operator_kind=data.operator_kind,
            services=list(data.services),
            credit_code=credit,
            is_consortium=bool(data.members),
            contact_name=data.contact_name.strip(),
            contact_phone=data.contact_phone.strip(),
            address=data.address.strip(),
            is_demo=data.is_demo,
        )
        _members_write(profile, data.members)
        audit_record(
            actor=actor,
            action="operator.register",
            subject=profile,
            reference=credit,
            changes=diff({}, _operator_values(profile)),
        )
    return profile


def operator_update(
    *, actor: User, operator: OperatorProfile, data: OperatorInput
) -> OperatorProfile:
    """Edit an operator's facts and consortium members (members replaced as a whole)."""
    if not access.can_register_operator(actor):
        raise PermissionDenied("只有市风貌办经办或审核人员可以修改运营单位。")
    errors = operator_input_errors(data, exclude_pk=operator.pk)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = OperatorProfile.objects.select_for_update().get(pk=operator.pk)
        before = _operator_values(locked)
        locked.organisation.name = data.name.strip()
        locked.organisation.save(update_fields=["name", "updated_at"])
        locked.operator_kind = data.operator_kind
        locked.services = list(data.services)
        locked.credit_code = data.credit_code.strip().upper()
        locked.contact_name = data.contact_name.strip()
        locked.contact_phone = data.contact_phone.strip()
        locked.address = data.address.strip()
        locked.is_consortium = bool(data.members)
        locked.save()
        locked.members.all().delete()
        _members_write(locked, data.members)
        audit_record(
            actor=actor,
            action="operator.update",
            subject=locked,
            reference=locked.credit_code,
            changes=diff(before, _operator_values(locked)),
        )
    return locked


# --- selection, procurement, plan -----------------------------------------------------------------


@dataclass(frozen=True)
class SelectionInput:
    operator_id: int
    mode: str
    bidders: str = ""
    evaluation_result: str = ""
    evaluated_on: dt.date | None = None
    decided_by: str = ""
    decision_basis: str = ""
    decided_on: dt.date | None = None
    contract_start: dt.date | None = None
    contract_end: dt.date | None = None
    contract_services: str = ""
    contract_fees: str = ""
    performance_clauses: str = ""


_SELECTION_FIELDS = (
    "mode", "bidders", "evaluation_result", "evaluated_on", "decided_by", "decision_basis",
    "decided_on", "contract_start", "contract_end", "contract_services", "contract_fees",
    "performance_clauses",
)  # fmt: skip


def selection_input_errors(data: SelectionInput, *, today: dt.date) -> dict[str, list[str]]:
    """三(三): invited tender is allowed with separate evaluation and decision (评定分离)."""
    errors: dict[str, list[str]] = {}
    if data.mode not in SelectionMode.values:
        errors["mode"] = ["请选择综合运营商的确定方式。"]
    operator = OperatorProfile.objects.filter(pk=data.operator_id).first()
    if operator is None:
        errors["operator_id"] = ["请选择已登记的运营单位。"]
    elif operator.operator_kind != OperatorKind.INTEGRATED:
        errors["operator_id"] = ["综合集成运营商须为登记为“综合运营商”的单位（三(三)）。"]
    for name, label in (("evaluated_on", "评审日期"), ("decided_on", "定标日期")):
        value = getattr(data, name)
        if value and value > today:
            errors[name] = [f"{label}不能晚于今天。"]
    if data.decided_on:
        if not data.decided_by.strip():
            errors["decided_by"] = [
                "已定标的须填写定标主体（评定分离：评标委员会评审，定标主体决定，三(三)）。"
            ]
        if not data.decision_basis.strip():
            errors["decision_basis"] = ["已定标的须写明定标依据（三(三) 评定分离）。"]
        if data.mode in (SelectionMode.INVITED, SelectionMode.OPEN):
            if not data.evaluation_result.strip():
                errors["evaluation_result"] = ["招标确定的须记录评标委员会评审结果（评定分离）。"]
            if data.evaluated_on and data.decided_on < data.evaluated_on:
                errors["decided_on"] = ["定标日期不能早于评审日期（先评后定）。"]
            if data.mode == SelectionMode.INVITED and len(_lines(data.bidders)) < 3:
                errors["bidders"] = [
                    "邀请招标应邀请不少于3家单位参加投标（《招标投标法》第十七条），请列出参与单位。"
                ]
    if data.contract_start and data.contract_end and data.contract_end < data.contract_start:
        errors["contract_end"] = ["合同终止日期不能早于起始日期。"]
    return errors


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _selection_values(selection: Selection) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(selection, name) for name in _SELECTION_FIELDS}
    values["operator"] = selection.operator.organisation.name
    return values


def selection_record(
    *,
    actor: User,
    project: Project,
    data: SelectionInput,
    document: UploadedFile | None = None,
    is_demo: bool = False,
) -> Selection:
    """Record (or correct) how the integrated operator was chosen and the contract (三(三))."""
    if not access.can_record_for(actor, project.region_code):
        raise PermissionDenied(
            "只有项目所在街道或区、县（市）、市风貌办的经办人员可以登记运营商选择。"
        )
    errors = selection_input_errors(data, today=today_local())
    if errors:
        raise ValidationFailed(errors)
    stored_name = upload_check(document) if document is not None else ""
    with transaction.atomic():
        existing = Selection.objects.select_for_update().filter(project=project).first()
        before = _selection_values(existing) if existing else {}
        was_decided = bool(existing and existing.is_decided)
        selection = existing or Selection(project=project, region_code=project.region_code)
        selection.operator_id = data.operator_id
        for name in _SELECTION_FIELDS:
            setattr(selection, name, getattr(data, name))
        if document is not None:
            selection.document = document
            selection.document_name = stored_name
        selection.is_demo = is_demo or selection.is_demo
        selection.save()
        audit_record(
            actor=actor,
            action="operator_selection.record",
            subject=selection,
            reference=project.reference,
            region_code=project.region_code,
            changes=diff(before, _selection_values(selection)),
        )
        if selection.is_decided and not was_decided:
            notify_on_commit(
                recipients=_members(selection.operator.organisation_id),
                kind="operations.selected",
                title=f"已确定为{project.name}的综合运营商",
                body="请按季度报送运营指标（三(三)）。",
                link=reverse("operations:project-detail", args=[project.reference]),
            )
    return selection


def works_procurement_set(
    *, actor: User, project: Project, mode: str, note: str = ""
) -> WorksProcurement:
    """Record the works procurement mode (P5.5: 全过程工程咨询、工程总承包)."""
    if not access.can_record_for(actor, project.region_code):
        raise PermissionDenied("只有项目所在地的风貌办或街道经办人员可以登记工程建设组织方式。")
    if mode not in WorksMode.values:
        raise ValidationFailed({"mode": ["请选择工程建设组织方式。"]})
    if len(note) > 200:
        raise ValidationFailed({"note": ["说明不超过200字。"]})
    with transaction.atomic():
        current = WorksProcurement.objects.filter(project=project).first()
        before = {"mode": current.mode, "note": current.note} if current else {}
        record, _ = WorksProcurement.objects.update_or_create(
            project=project,
            defaults={"mode": mode, "note": note.strip(), "region_code": project.region_code},
        )
        audit_record(
            actor=actor,
            action="works_procurement.set",
            subject=record,
            reference=project.reference,
            region_code=project.region_code,
            changes=diff(before, {"mode": mode, "note": note.strip()}),
        )
    return record


@dataclass(frozen=True)
class PlanItemInput:
    service: str
    facility: str
    opening_hours: str
    pricing: str
    staff: int = 0
    operator_id: int | None = None


def plan_item_save(
    *,
    actor: User,
    project: Project,
    data: PlanItemInput,
    summary: str | None = None,
    is_demo: bool = False,
) -> PlanItem:
    """Add or replace one service of the project's operating plan (三(三) 公共服务设施配置和运营方案)."""
    if not access.can_record_for(actor, project.region_code):
        raise PermissionDenied("只有项目所在地的风貌办或街道经办人员可以编制运营方案。")
    errors: dict[str, list[str]] = {}
    if data.service not in Service.values:
        errors["service"] = ["请选择服务。"]
    for name, label, limit in (
        ("facility", "配套设施", 100),
        ("opening_hours", "开放时间", 100),
        ("pricing", "收费原则", 100),
    ):
        value = getattr(data, name).strip()
        if not value:
            errors[name] = [f"请填写{label}（三(三) 运营方案须明确）。"]
        elif len(value) > limit:
            errors[name] = [f"{label}不超过{limit}字。"]
    if not 0 <= data.staff <= 10000:
        errors["staff"] = ["人员数应在0—10000之间。"]
    if (
        data.operator_id is not None
        and not OperatorProfile.objects.filter(pk=data.operator_id).exists()
    ):
        errors["operator_id"] = ["请选择已登记的运营单位。"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        plan, _ = OperatingPlan.objects.get_or_create(
            project=project, defaults={"region_code": project.region_code, "is_demo": is_demo}
        )
        if summary is not None:
            plan.summary = summary.strip()
            plan.save(update_fields=["summary", "updated_at"])
        current = PlanItem.objects.filter(plan=plan, service=data.service).first()
        before = (
            {
                "facility": current.facility,
                "opening_hours": current.opening_hours,
                "pricing": current.pricing,
                "staff": current.staff,
                "operator": current.operator_id,
            }
            if current
            else {}
        )
        item, _ = PlanItem.objects.update_or_create(
            plan=plan,
            service=data.service,
            defaults={
                "facility": data.facility.strip(),
                "opening_hours": data.opening_hours.strip(),
                "pricing": data.pricing.strip(),
                "staff": data.staff,
                "operator_id": data.operator_id,
            },
        )
        audit_record(
            actor=actor,
            action="operating_plan.item_save",
            subject=item,
            reference=project.reference,
            region_code=project.region_code,
            changes=diff(
                before,
                {
                    "facility": item.facility,
                    "opening_hours": item.opening_hours,
                    "pricing": item.pricing,
                    "staff": item.staff,
                    "operator": item.operator_id,
                },
            ),
            reason=f"运营方案：{item.get_service_display()}",
        )
    return item


def plan_item_remove(*, actor: User, item: PlanItem) -> None:
    project = item.plan.project
    if not access.can_record_for(actor, project.region_code):
        raise PermissionDenied("只有项目所在地的风貌办或街道经办人员可以修改运营方案。")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="operating_plan.item_remove",
            subject=item,
            reference=project.reference,
            region_code=project.region_code,
            changes={"service": [item.service, None]},
        )
        item.delete()


# --- quarterly indicators -----------------------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    service: str
    is_open: bool
    people_served: int


@dataclass(frozen=True)
class QuarterInput:
    year: int
    quarter: int
    hours_kept_percent: Decimal
    survey_responses: int
    survey_satisfied: int
    revenue: Decimal
    subsidy: Decimal
    lines: tuple[LineInput, ...]


def quarter_input_errors(data: QuarterInput, *, today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not 1 <= data.quarter <= 4:
        errors["quarter"] = ["季度应为1—4。"]
    elif not 2023 <= data.year <= today.year:
        errors["year"] = [f"年度应在2023—{today.year}年之间。"]
    elif rules.quarter_end(data.year, data.quarter) >= today:
        errors["quarter"] = [f"{data.year}年第{data.quarter}季度尚未结束，结束后再报送。"]
    hours = data.hours_kept_percent
    if not hours.is_finite() or not 0 <= hours <= 100:
        errors["hours_kept_percent"] = ["开放时间履约率应在0—100%之间。"]
    if not 0 <= data.survey_responses <= 1_000_000:
        errors["survey_responses"] = ["满意度调查样本数应在0—1000000之间。"]
    if not 0 <= data.survey_satisfied <= data.survey_responses:
        errors["survey_satisfied"] = ["满意及基本满意数不能超过调查样本数。"]
    _amount(data.revenue, "运营收入", errors, "revenue")
    _amount(data.subsidy, "财政补贴", errors, "subsidy")
    seen: set[str] = set()
    for line in data.lines:
        label = dict(Service.choices).get(line.service, line.service)
        if line.service not in Service.values:
            errors.setdefault("lines", []).append("服务不在可选范围内。")
        elif line.service in seen:
            errors.setdefault("lines", []).append(f"服务“{label}”重复填写。")
        seen.add(line.service)
        if not 0 <= line.people_served <= 10_000_000:
            errors.setdefault("lines", []).append(f"“{label}”服务人次应在0—10000000之间。")
    if not data.lines:
        errors["lines"] = ["请至少填写一项服务的开放情况。"]
    return errors


def quarterly_report_submit(
    *, actor: User, project: Project, data: QuarterInput, is_demo: bool = False
) -> QuarterlyReport:
    """The operator reports a quarter (三(三)); the district office is told to confirm it.

    A returned report may be submitted again; a confirmed one is final.
    """
    selection = selectors.selection_of(project)
    if selection is None or not selection.is_decided:
        raise DomainError("no_operator", "该项目尚未确定综合运营商，不能报送运营指标（三(三)）。")
    if not access.can_report_for(actor, selection.operator.organisation_id):
        raise PermissionDenied("只有该项目的综合运营商可以报送运营指标。")
    today = today_local()
    errors = quarter_input_errors(data, today=today)
    if errors:
        raise ValidationFailed(errors)
    now = timezone.now()
    params = selectors.parameters()
    with transaction.atomic():
        report = (
            QuarterlyReport.objects.select_for_update()
            .filter(project=project, year=data.year, quarter=data.quarter)
            .first()
        )
        if report is not None and report.status != ReportStatus.RETURNED:
            raise DomainError(
                "report_exists",
                f"{report.label}的运营指标已报送（{report.get_status_display()}），区、县（市）退回后才能重新报送。",
            )
        before: dict[str, Any] = {}
        if report is None:
            report = QuarterlyReport(
                project=project,
                year=data.year,
                quarter=data.quarter,
                region_code=project.region_code,
                is_late=rules.is_late(data.year, data.quarter, today, params),
                is_demo=is_demo,
            )
        else:
            before = {"status": report.status}
            report.lines.all().delete()
        report.operator = selection.operator
        report.hours_kept_percent = data.hours_kept_percent
        report.survey_responses = data.survey_responses
        report.survey_satisfied = data.survey_satisfied
        report.revenue = data.revenue
        report.subsidy = data.subsidy
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        report.submitted_by = actor
        report.save()
        for line in data.lines:
            ServiceLine.objects.create(
                report=report,
                service=line.service,
                is_open=line.is_open,
                people_served=line.people_served,
            )
        audit_record(
            actor=actor,
            action="operating_report.submit",
            subject=report,
            reference=project.reference,
            region_code=project.region_code,
            changes=diff(
                before, {"status": report.status, "quarter": report.label, "late": report.is_late}
            ),
        )
        notify_on_commit(
            recipients=_district_office_members(project.region_code),
            kind="operations.report_submitted",
            title=f"待确认：{project.name}{report.label}运营指标",
            body=f"{selection.operator.organisation.name}已报送，请确认或退回（三(三)）。",
            link=reverse("operations:report-detail", args=[report.pk]),
        )
    return report


def quarterly_report_import(
    *,
    actor: User,
    rows: Iterable[tuple[int, str, QuarterInput]],
    read_errors: dict[str, list[str]] | None = None,
) -> int:
    """All-or-nothing import of an operator's quarterly indicators (三(三)): every row's errors
    are listed and nothing is written unless all rows pass. Returns the reports written."""
    if access.operator_organisation_id(actor) is None:
        raise PermissionDenied("只有运营单位可以导入季度运营指标。")
    items = list(rows)
    errors: dict[str, list[str]] = dict(read_errors or {})
    today = today_local()
    seen: set[tuple[str, int, int]] = set()
    projects = {
        p.reference: p
        for p in Project.objects.filter(reference__in={reference for _l, reference, _d in items})
    }
    for line, reference, data in items:
        key = f"第{line}行"
        project = projects.get(reference)
        selection = selectors.selection_of(project) if project is not None else None
        if project is None or selection is None or not selection.is_decided:
            errors.setdefault(key, []).append(f"第{line}行：未找到贵单位运营的项目“{reference}”。")
            continue
        if not access.can_report_for(actor, selection.operator.organisation_id):
            errors.setdefault(key, []).append(f"第{line}行：项目“{reference}”不由贵单位运营。")
            continue
        for texts in quarter_input_errors(data, today=today).values():
            errors.setdefault(key, []).extend(f"第{line}行：{t}" for t in texts)
        existing = QuarterlyReport.objects.filter(
            project=project, year=data.year, quarter=data.quarter
        ).first()
        if existing is not None and existing.status != ReportStatus.RETURNED:
            errors.setdefault(key, []).append(
                f"第{line}行：{existing.label}已报送（{existing.get_status_display()}）。"
            )
        if (reference, data.year, data.quarter) in seen:
            errors.setdefault(key, []).append(f"第{line}行：同一项目同一季度重复出现。")
        seen.add((reference, data.year, data.quarter))
    if not items and not errors:
        errors["文件"] = ["文件中没有数据行。"]
    if errors:
        raise ValidationFailed(dict(sorted(errors.items(), key=lambda kv: _line_order(kv[0]))))
    with transaction.atomic():
        for _line, reference, data in items:
            quarterly_report_submit(actor=actor, project=projects[reference], data=data)
    return len(items)


def quarterly_report_review(
    *, actor: User, report: QuarterlyReport, confirm: bool, remark: str = ""
) -> QuarterlyReport:
    """The district office confirms or returns (with a reason) a submitted report (三(三))."""
    if not access.can_confirm_in(actor, report.region_code):
        raise PermissionDenied("只有项目所在区、县（市）风貌办的经办或审核人员可以确认运营指标。")
    if not confirm and not remark.strip():
        raise ValidationFailed({"remark": ["退回须写明理由。"]})
    if len(remark) > 200:
        raise ValidationFailed({"remark": ["意见不超过200字。"]})
    with transaction.atomic():
        locked = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.SUBMITTED:
            raise DomainError(
                "report_not_submitted",
                f"该报告当前为“{locked.get_status_display()}”，只有已报送的报告可以确认或退回。",
            )
        before = locked.status
        locked.status = ReportStatus.CONFIRMED if confirm else ReportStatus.RETURNED
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = actor
        locked.review_remark = remark.strip()
        locked.save(
            update_fields=["status", "reviewed_at", "reviewed_by", "review_remark", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="operating_report.confirm" if confirm else "operating_report.return",
            subject=locked,
            reference=locked.project.reference,
            region_code=locked.region_code,
            changes={"status": [before, locked.status]},
            reason=remark.strip(),
        )
        notify_on_commit(
            recipients=_members(locked.operator.organisation_id),
            kind="operations.report_reviewed",
            title=f"{locked.project.name}{locked.label}运营指标已{'确认' if confirm else '退回'}",
            body=remark.strip() or "区、县（市）风貌办已确认。",
            link=reverse("operations:report-detail", args=[locked.pk]),
        )
    return locked


def operating_report_remind(*, actor: User, project: Project, year: int, quarter: int) -> int:
    """催报: remind the operator of a missing quarterly report (audited); returns people told."""
    if not access.can_confirm_in(actor, project.region_code) and not access.can_configure(actor):
        raise PermissionDenied("只有市或项目所在区、县（市）风貌办可以催报。")
    selection = selectors.selection_of(project)
    if selection is None or not selection.is_decided:
        raise DomainError("no_operator", "该项目尚未确定综合运营商，无从催报。")
    people = _members(selection.operator.organisation_id)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="operating_report.remind",
            subject=project,
            reference=project.reference,
            region_code=project.region_code,
            reason=f"催报{year}年第{quarter}季度运营指标",
        )
        notify_on_commit(
            recipients=people,
            kind="operations.report_reminder",
            title=f"催报：{project.name}{year}年第{quarter}季度运营指标",
            body="报送期限已过，请尽快报送（三(三)）。",
            link=reverse("operations:report-create", args=[project.reference]),
        )
    return len(people)


# --- funding ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingInput:
    kind: str
    year: int
    planned: Decimal
    received: Decimal
    investor: str = ""


def funding_input_errors(data: FundingInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.kind not in SourceKind.values:
        errors["kind"] = ["请选择资金来源。"]
    if data.kind == SourceKind.SOCIAL_CAPITAL and not data.investor.strip():
        errors["investor"] = ["社会资本须写明出资方（三(二)）。"]
    if len(data.investor) > 100:
        errors["investor"] = ["出资方不超过100字。"]
    if not 2019 <= data.year <= 2035:
        errors["year"] = ["年度应在2019—2035年之间。"]
    _amount(data.planned, "计划金额", errors, "planned")
    _amount(data.received, "到位金额", errors, "received")
    return errors


def funding_source_save(
    *, actor: User, project: Project, data: FundingInput, is_demo: bool = False
) -> FundingSource:
    """Record one source's planned and received amount for a year (upsert by source and year)."""
    if not access.can_record_for(actor, project.region_code):
        raise PermissionDenied("只有项目所在地的风貌办或街道经办人员可以登记资金来源。")
    errors = funding_input_errors(data)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        return _funding_write(actor, project, data, is_demo)


def _funding_write(
    actor: User, project: Project, data: FundingInput, is_demo: bool
) -> FundingSource:
    current = FundingSource.objects.filter(
        project=project, year=data.year, kind=data.kind, investor=data.investor.strip()
    ).first()
    before = {"planned": current.planned, "received": current.received} if current else {}
    row, _ = FundingSource.objects.update_or_create(
        project=project,
        year=data.year,
        kind=data.kind,
        investor=data.investor.strip(),
        defaults={
            "planned": data.planned,
            "received": data.received,
            "region_code": project.region_code,
            "is_demo": is_demo,
        },
    )
    audit_record(
        actor=actor,
        action="funding_source.save",
        subject=row,
        reference=project.reference,
        region_code=project.region_code,
        changes=diff(before, {"planned": row.planned, "received": row.received}),
        reason=f"{data.year}年 {row.get_kind_display()} {row.investor}".strip(),
    )
    return row


@dataclass(frozen=True)
class ImportRow:
    line: int
    reference: str
    data: FundingInput


def funding_import(
    *, actor: User, rows: Iterable[ImportRow], read_errors: dict[str, list[str]] | None = None
) -> int:
    """All-or-nothing import of funding rows: every row's errors are listed, nothing is written
    unless all rows pass (house standard). Returns the number of rows written."""
    if not access.can_view_operations(actor) or access.operator_organisation_id(actor) is not None:
        raise PermissionDenied("只有风貌办或街道经办人员可以导入资金来源。")
    items = list(rows)
    errors: dict[str, list[str]] = dict(read_errors or {})
    projects = {
        p.reference: p for p in Project.objects.filter(reference__in={r.reference for r in items})
    }
    seen: set[tuple[str, int, str, str]] = set()
    for row in items:
        project = projects.get(row.reference)
        if project is None:
            errors.setdefault(f"第{row.line}行", []).append(
                f"第{row.line}行：未找到项目编号“{row.reference}”。"
            )
            continue
        if not access.can_record_for(actor, project.region_code):
            errors.setdefault(f"第{row.line}行", []).append(
                f"第{row.line}行：项目“{row.reference}”不在您的管辖范围内。"
            )
            continue
        for texts in funding_input_errors(row.data).values():
            for text in texts:
                errors.setdefault(f"第{row.line}行", []).append(f"第{row.line}行：{text}")
        key = (row.reference, row.data.year, row.data.kind, row.data.investor.strip())
        if key in seen:
            errors.setdefault(f"第{row.line}行", []).append(
                f"第{row.line}行：同一项目、年度、来源和出资方重复出现。"
            )
        seen.add(key)
    if not items and not errors:
        errors["文件"] = ["文件中没有数据行。"]
    if errors:
        raise ValidationFailed(dict(sorted(errors.items(), key=lambda kv: _line_order(kv[0]))))
    with transaction.atomic():
        for row in items:
            _funding_write(actor, projects[row.reference], row.data, False)
        audit_record(
            actor=actor, action="funding_source.import", reason=f"导入资金来源 {len(items)} 行。"
        )
    return len(items)


def _line_order(key: str) -> int:
    digits = "".join(ch for ch in key if ch.isdigit())
    return int(digits) if digits else 0


@dataclass(frozen=True)
class StreetFundInput:
    occurred_on: dt.date
    direction: str
    amount: Decimal
    source: str
    use: str = ""
    project_reference: str = ""


def street_fund_record(
    *, actor: User, street_code: str, data: StreetFundInput, is_demo: bool = False
) -> StreetFundEntry:
    """One line of the street's pooled community fund (三(二)): money pooled in, or used for
    construction or operation of a project of that street; the fund may not be overdrawn."""
    street = Region.objects.filter(code=street_code, level=RegionLevel.STREET).first()
    if street is None:
        raise ValidationFailed({"street_code": ["请选择街道。"]})
    if not access.can_record_for(actor, street_code):
        raise PermissionDenied("只有该街道及其上级风貌办的经办人员可以登记街道社区资金。")
    errors: dict[str, list[str]] = {}
    if data.direction not in FundDirection.values:
        errors["direction"] = ["请选择归集或使用。"]
    if data.direction == FundDirection.OUT and data.use not in ("construction", "operation"):
        errors["use"] = ["使用资金须注明用于建设还是运营（三(二)）。"]
    _amount(data.amount, "金额", errors, "amount")
    if not errors.get("amount") and data.amount == 0:
        errors["amount"] = ["金额须大于0。"]
    if data.occurred_on > today_local():
        errors["occurred_on"] = ["日期不能晚于今天。"]
    if not data.source.strip() or len(data.source) > 200:
        errors["source"] = ["请填写来源或事由（200字以内）。"]
    project = None
    if data.project_reference:
        project = Project.objects.filter(
            reference=data.project_reference, region_code=street_code
        ).first()
        if project is None:
            errors["project_reference"] = ["该街道没有此项目编号。"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        # Serialise writers of one street's ledger so two uses cannot both pass the balance check.
        list(
            StreetFundEntry.objects.select_for_update()
            .filter(street_code=street_code)
            .values_list("pk", flat=True)
        )
        if data.direction == FundDirection.OUT:
            refusal = rules.may_spend(selectors.street_fund_balance(street_code), data.amount)
            if refusal:
                raise DomainError("fund_overdrawn", refusal, field="amount")
        entry = StreetFundEntry.objects.create(
            street_code=street_code,
            region_code=street_code,
            occurred_on=data.occurred_on,
            direction=data.direction,
            use=data.use if data.direction == FundDirection.OUT else "",
            amount=data.amount,
            project=project,
            source=data.source.strip(),
            is_demo=is_demo,
        )
        audit_record(
            actor=actor,
            action="street_fund.record",
            subject=entry,
            reference=street_code,
            region_code=street_code,
            changes={
                "amount": [None, str(entry.amount)],
                "direction": [None, entry.direction],
                "use": [None, entry.use],
            },
            reason=entry.source,
        )
    return entry


# --- configuration -------------------------------------------------------------------------------


def parameter_update(*, actor: User, key: str, value: str, reason: str) -> OperationParameter:
    """The city office sets a threshold of effective operation; it becomes 市风貌办已核定."""
    if not access.can_configure(actor):
        raise PermissionDenied("只有市风貌办经办或审核人员可以修改运营规则参数。")
    row = OperationParameter.objects.filter(key=key).first()
    if row is None:
        raise ValidationFailed({"key": ["没有这个参数。"]})
    try:
        number = Decimal(value.strip())
    except ArithmeticError:
        number = Decimal("NaN")
    if not number.is_finite() or number < 0 or (row.unit == "%" and number > 100) or number > 10000:
        raise ValidationFailed(
            {
                "value": [
                    f"“{row.name}”应为0及以上的数字{'（不超过100）' if row.unit == '%' else ''}。"
                ]
            }
        )
    if (
        row.key in ("effective_min_services_open", "effective_quarters_required", "report_due_days")
        and number != number.to_integral_value()
    ):
        raise ValidationFailed({"value": [f"“{row.name}”应为整数。"]})
    if not reason.strip():
        raise ValidationFailed({"reason": ["请写明修改依据（如市风貌办文件文号）。"]})
    with transaction.atomic():
        before = {"value": row.value, "confidence": row.confidence}
        row.value = str(number.normalize()) if number == number.to_integral_value() else str(number)
        if row.value.endswith("E+1") or "E" in row.value:
            row.value = format(number, "f")
        row.confidence = Confidence.LOCAL
        row.save(update_fields=["value", "confidence", "updated_at"])
        audit_record(
            actor=actor,
            action="operation_parameter.update",
            subject=row,
            reference=row.key,
            changes=diff(before, {"value": row.value, "confidence": row.confidence}),
            reason=reason.strip(),
        )
    return row
