"""Every write of the pilots app: check permission → validate → write + audit in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from futurecommunity.accounts.models import Role, User
from futurecommunity.audit.services import audit_record, diff
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.provenance import with_provenance
from futurecommunity.common.uploads import upload_check
from futurecommunity.notifications.services import notify_on_commit
from futurecommunity.pilots import access, rules, selectors
from futurecommunity.pilots.models import (
    AncientArea,
    AncientUnit,
    AreaStatus,
    Confidence,
    DeliverableDocument,
    DeliverableItem,
    DeliverableStatus,
    PilotDeliverable,
    WideDeclaration,
    WideEvidence,
    WideKind,
    WideStatus,
    WideTransition,
)
from futurecommunity.projects.models import Project
from futurecommunity.regions.models import Region, RegionLevel

_AREA_FIELDS = (
    "name",
    "schedule_year",
    "implementing_body",
    "status",
    "started_on",
    "completed_on",
    "renovation_references",
    "tourism_references",
)
_NO_ANCIENT_EDIT = (
    "古城片区和单元由越城区风貌办制定（方案二(二)），只有市风貌办和越城区风貌办可以修改。"
)


@dataclass(frozen=True)
class AreaInput:
    name: str
    schedule_year: int
    implementing_body: str
    status: str
    started_on: dt.date | None
    completed_on: dt.date | None
    renovation_references: str
    tourism_references: str
    project_references: tuple[str, ...] = ()


def _area_values(area: AncientArea) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(area, name) for name in _AREA_FIELDS}
    values["projects"] = sorted(area.projects.values_list("reference", flat=True))
    values["confidence"] = area.confidence
    return values


def _validate_area(data: AreaInput) -> None:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = ["请填写片区名称。"]
    if not 2023 <= data.schedule_year <= 2030:
        errors["schedule_year"] = ["计划建成年度应在2023—2030年之间。"]
    if data.status == AreaStatus.COMPLETE and data.completed_on is None:
        errors["completed_on"] = ["状态为已建成时须填写建成日期。"]
    if data.status != AreaStatus.PLANNED and data.started_on is None:
        errors["started_on"] = ["状态为建设中或已建成时须填写开工日期。"]
    if data.status != AreaStatus.COMPLETE and data.completed_on is not None:
        errors["completed_on"] = ["尚未建成的片区不应填写建成日期。"]
    if data.started_on and data.completed_on and data.completed_on < data.started_on:
        errors["completed_on"] = ["建成日期不能早于开工日期。"]
    if errors:
        raise ValidationFailed(errors)


def ancient_area_update(*, actor: User, area: AncientArea, data: AreaInput) -> AncientArea:
    """Edit an area's schedule, body, status (with dates) and links; marks it confirmed (local)."""
    if not access.can_edit_ancient_city(actor):
        raise PermissionDenied(_NO_ANCIENT_EDIT)
    _validate_area(data)
    projects = list(Project.objects.filter(reference__in=data.project_references))
    missing = set(data.project_references) - {p.reference for p in projects}
    if missing:
        raise ValidationFailed(
            {"project_references": [f"未找到项目：{'、'.join(sorted(missing))}。"]}
        )
    with transaction.atomic():
        before = _area_values(area)
        for name in _AREA_FIELDS:
            setattr(area, name, getattr(data, name))
        area.confidence = Confidence.LOCAL
        area.save(update_fields=[*_AREA_FIELDS, "confidence", "updated_at"])
        area.projects.set(projects)
        audit_record(
            actor=actor,
            action="ancient_area.update",
            subject=area,
            reference=area.code,
            region_code=access.ANCIENT_CITY_DISTRICT,
            changes=diff(before, _area_values(area)),
        )
    return area


def ancient_unit_update(
    *, actor: User, unit: AncientUnit, name: str, schedule_year: int, implementing_body: str
) -> AncientUnit:
    """Edit a unit's name, schedule and implementing body; marks it confirmed (local)."""
    if not access.can_edit_ancient_city(actor):
        raise PermissionDenied(_NO_ANCIENT_EDIT)
    if not name.strip():
        raise ValidationFailed({"name": ["请填写单元名称。"]})
    fields = ("name", "schedule_year", "implementing_body", "confidence")
    with transaction.atomic():
        before = {f: getattr(unit, f) for f in fields}
        unit.name, unit.schedule_year = name.strip(), schedule_year
        unit.implementing_body, unit.confidence = implementing_body.strip(), Confidence.LOCAL
        unit.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action="ancient_unit.update",
            subject=unit,
            reference=unit.code,
            region_code=access.ANCIENT_CITY_DISTRICT,
            changes=diff(before, {f: getattr(unit, f) for f in fields}),
        )
    return unit


@dataclass(frozen=True)
class DeclarationInput:
    kind: str
    district_code: str
    street_code: str  # "" for county-wide
    year: int
    declared_on: dt.date
    is_pilot: bool = False
    notes: str = ""
    is_demo: bool = False


def _places(data: DeclarationInput) -> tuple[Region, Region | None]:
    district = Region.objects.filter(code=data.district_code, level=RegionLevel.DISTRICT).first()
    if district is None:
        raise ValidationFailed({"district": ["请选择区、县（市）。"]})
    if data.kind == WideKind.COUNTY:
        return district, None
    street = Region.objects.filter(
        code=data.street_code, level=RegionLevel.STREET, district_code=district.code
    ).first()
    if street is None:
        raise ValidationFailed({"street": ["街道全域申报须选择本区、县（市）内的街道。"]})
    return district, street


def _next_reference(kind: str, region_code: str, year: int) -> str:
    prefix = f"QY-{'X' if kind == WideKind.COUNTY else 'J'}-{region_code}-{year}-"
    count = WideDeclaration.objects.filter(reference__startswith=prefix).count()
    return f"{prefix}{count + 1:02d}"


def declaration_create(*, actor: User, data: DeclarationInput) -> WideDeclaration:
    """Register a county-/street-wide declaration (or a 2023 pilot) in status 已申报."""
    if data.kind not in WideKind.values:
        raise ValidationFailed({"kind": ["请选择县域全域或街道全域。"]})
    district, street = _places(data)
    region_code = street.code if street else district.code
    if not access.can_declare_in(actor, region_code):
        raise PermissionDenied("您只能为本辖区申报全域未来社区。")
    try:
        with transaction.atomic():
            declaration = WideDeclaration.objects.create(
                reference=_next_reference(data.kind, region_code, data.year),
                kind=data.kind,
                district=district,
                street=street,
                region_code=region_code,
                year=data.year,
                is_pilot=data.is_pilot,
                declared_on=data.declared_on,
                notes=data.notes,
                is_demo=data.is_demo,
            )
            audit_record(
                actor=actor,
                action="wide_declaration.create",
                subject=declaration,
                reference=declaration.reference,
                region_code=region_code,
                changes=diff({}, {"kind": data.kind, "year": data.year, "pilot": data.is_pilot}),
            )
    except IntegrityError:
        raise DomainError("reference_conflict", "申报编号生成冲突，请重试。") from None
    return declaration


def declaration_add_evidence(
    *, actor: User, declaration: WideDeclaration, title: str, file: UploadedFile | None = None
) -> WideEvidence:
    """Attach operating evidence (二(三): communities operate effectively)."""
    if not access.can_declare_in(actor, declaration.region_code):
        raise PermissionDenied("只有申报单位可以上传运营佐证材料。")
    if not title.strip():
        raise ValidationFailed({"title": ["请填写材料名称。"]})
    if file is not None:
        upload_check(file)
    with transaction.atomic():
        evidence = WideEvidence.objects.create(
            declaration=declaration, title=title.strip(), file=file or "", uploaded_by=actor
        )
        audit_record(
            actor=actor,
            action="wide_declaration.evidence",
            subject=declaration,
            reference=declaration.reference,
            region_code=declaration.region_code,
            reason=f"上传运营佐证材料：{evidence.title}。",
        )
    return evidence


def _check_coverage(declaration: WideDeclaration, on: dt.date) -> Decimal | None:
    """二(三) W2: from the first year, acceptance needs the coverage requirement met on ``on``."""
    requirement = selectors.requirement_for(declaration.kind)
    covered, total = selectors.coverage_of(declaration.region_code, on)
    rate = Decimal(covered) / Decimal(total) if total else Decimal(0)
    if declaration.is_pilot or declaration.year < requirement.first_year:
        return rate
    if not rules.coverage_meets(covered, total, requirement.min_coverage):
        shown = (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        needed = (requirement.min_coverage * 100).quantize(Decimal("0.1"))
        raise DomainError(
            "coverage_below_requirement",
            f"按方案二(三)，全域未来社区须覆盖率达到要求方可验收：{declaration.region_code}"
            f"截至{on:%Y-%m-%d}城镇社区覆盖率为{shown}%（{covered}/{total}），"
            + with_provenance(f"要求不低于{needed}%", requirement)
            + "。",
        )
    return rate


def declaration_transition(
    *,
    actor: User,
    declaration: WideDeclaration,
    target: str,
    occurred_on: dt.date,
    document_number: str = "",
    remark: str = "",
) -> WideDeclaration:
    """Move a declaration along ``rules.TRANSITIONS``; only the city accepts and publishes."""
    move = rules.move_for(declaration.status, target)
    if move is None:
        raise DomainError(
            "transition_not_allowed",
            f"申报状态“{declaration.get_status_display()}”不能变更为“{WideStatus(target).label}”。",
        )
    allowed = (
        access.can_decide_declaration(actor)
        if move.by_city
        else access.can_declare_in(actor, declaration.region_code)
    )
    if not allowed:
        raise PermissionDenied(
            "按方案二(三)，全域未来社区由市风貌办验收并公布。"
            if move.by_city
            else "只有申报单位可以提交运营材料。"
        )
    if move.needs_document and not document_number.strip():
        raise ValidationFailed({"document_number": ["请填写市风貌办验收或公布文号。"]})
    if move.needs_remark and not remark.strip():
        raise ValidationFailed({"remark": ["请填写未通过的理由。"]})
    if move.needs_evidence and not declaration.evidence.exists():
        raise ValidationFailed({"evidence": ["请先上传社区有效运营的佐证材料。"]})
    if occurred_on < declaration.declared_on:
        raise ValidationFailed({"occurred_on": ["日期不能早于申报日期。"]})
    rate = _check_coverage(declaration, occurred_on) if move.checks_coverage else None
    with transaction.atomic():
        before = declaration.status
        declaration.status = target
        fields = ["status", "updated_at"]
        if move.checks_coverage:
            declaration.acceptance_document = document_number.strip()
            declaration.coverage_at_acceptance = rate
            fields += ["acceptance_document", "coverage_at_acceptance"]
        declaration.save(update_fields=fields)
        WideTransition.objects.create(
            declaration=declaration,
            from_status=before,
            to_status=target,
            occurred_on=occurred_on,
            actor=actor,
            document_number=document_number.strip(),
            remark=remark.strip(),
        )
        audit_record(
            actor=actor,
            action="wide_declaration.transition",
            subject=declaration,
            reference=declaration.reference,
            region_code=declaration.region_code,
            changes={"status": [before, target]},
            reason=remark.strip() or document_number.strip(),
        )
    return declaration


# --- pilot deliverables (W1) ---------------------------------------------------------------------

_W1 = "按方案二(三)，2023年试点须形成试点成果"
_EDITABLE = (DeliverableStatus.NOT_STARTED, DeliverableStatus.DRAFTING)


def _check_submitter(actor: User, declaration: WideDeclaration) -> None:
    if not access.can_submit_deliverable(actor, declaration.region_code):
        raise PermissionDenied(f"{_W1}，由试点所在区、县（市）或街道风貌办编制并提交。")


def _deliverable_for(actor: User, declaration: WideDeclaration, item_key: str) -> PilotDeliverable:
    """The (locked) deliverable row of an item of this pilot, created on first use; refuses a
    declaration that is not a pilot or an item of the other kind of pilot."""
    _check_submitter(actor, declaration)
    if not declaration.is_pilot:
        raise DomainError("not_a_pilot", f"{_W1}；本申报不是2023年试点，无需报送试点成果。")
    item = DeliverableItem.objects.filter(key=item_key, kind=declaration.kind).first()
    if item is None:
        raise ValidationFailed({"item": [f"{_W1}；“{item_key}”不是本类试点的成果事项。"]})
    deliverable, _ = PilotDeliverable.objects.get_or_create(
        declaration=declaration, item=item, defaults={"region_code": declaration.region_code}
    )
    return (
        PilotDeliverable.objects.select_for_update().select_related("item").get(pk=deliverable.pk)
    )


def _city_approvers() -> list[User]:
    return [
        u
        for u in User.objects.filter(organisation__code="sx-city-office", is_active=True)
        if u.has_role_at_least(Role.APPROVER)
    ]


def _link(declaration: WideDeclaration) -> str:
    return reverse("pilots:declaration-detail", args=[declaration.reference]) + "#deliverables"


def deliverable_document_add(
    *, actor: User, declaration: WideDeclaration, item_key: str, title: str, file: UploadedFile
) -> DeliverableDocument:
    """Attach a document to a pilot deliverable (W1); the item becomes 编制中. Refused once the
    item is submitted or accepted (the city judges what was submitted)."""
    _check_submitter(actor, declaration)
    if not title.strip():
        raise ValidationFailed({"title": ["请填写文件名称。"]})
    if len(title.strip()) > 200:
        raise ValidationFailed({"title": ["文件名称不超过200字。"]})
    upload_check(file)
    with transaction.atomic():
        deliverable = _deliverable_for(actor, declaration, item_key)
        if deliverable.status not in _EDITABLE:
            raise DomainError(
                "deliverable_locked",
                f"“{deliverable.item.name}”{deliverable.get_status_display()}，不能再上传文件；"
                "如需修改，请由市风貌办退回。",
            )
        before = deliverable.status
        document = DeliverableDocument.objects.create(
            deliverable=deliverable, title=title.strip(), file=file, uploaded_by=actor
        )
        deliverable.status = DeliverableStatus.DRAFTING
        deliverable.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="pilot_deliverable.document",
            subject=deliverable,
            reference=declaration.reference,
            region_code=declaration.region_code,
            changes={"status": [before, deliverable.status]},
            reason=f"{deliverable.item.name}：上传“{document.title}”。",
        )
    return document


def deliverable_submit(
    *, actor: User, declaration: WideDeclaration, item_key: str
) -> PilotDeliverable:
    """Submit a deliverable to the city office for 认可 (W1); it needs at least one document."""
    with transaction.atomic():
        deliverable = _deliverable_for(actor, declaration, item_key)
        if deliverable.status not in _EDITABLE:
            raise DomainError(
                "deliverable_locked",
                f"“{deliverable.item.name}”{deliverable.get_status_display()}，不能重复提交。",
            )
        if not deliverable.documents.exists():
            raise ValidationFailed(
                {"documents": [f"{_W1}；请先上传“{deliverable.item.name}”的成果文件再提交。"]}
            )
        before = deliverable.status
        deliverable.status = DeliverableStatus.SUBMITTED
        deliverable.submitted_at, deliverable.submitted_by = timezone.now(), actor
        deliverable.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        audit_record(
            actor=actor,
            action="pilot_deliverable.submit",
            subject=deliverable,
            reference=declaration.reference,
            region_code=declaration.region_code,
            changes={"status": [before, deliverable.status]},
            reason=f"提交试点成果：{deliverable.item.name}。",
        )
        notify_on_commit(
            recipients=_city_approvers(),
            kind="pilot_deliverable",
            title=f"待认可试点成果：{deliverable.item.name}",
            body=f"{declaration.reference} 提交了“{deliverable.item.name}”，请审核认可或退回。",
            link=_link(declaration),
        )
    return deliverable


def deliverable_decide(
    *, actor: User, deliverable: PilotDeliverable, accept: bool, reason: str = ""
) -> PilotDeliverable:
    """The city office accepts (认可) a submitted deliverable, or returns it with a reason (W1)."""
    if not access.can_accept_deliverable(actor):
        raise PermissionDenied(f"{_W1}，试点成果由市风貌办审核人员认可或退回。")
    if not accept and not reason.strip():
        raise ValidationFailed({"reason": ["退回试点成果须填写理由。"]})
    if len(reason.strip()) > 300:
        raise ValidationFailed({"reason": ["理由不超过300字。"]})
    with transaction.atomic():
        locked = (
            PilotDeliverable.objects.select_for_update()
            .select_related("item", "declaration")
            .get(pk=deliverable.pk)
        )
        if locked.status != DeliverableStatus.SUBMITTED:
            raise DomainError(
                "deliverable_not_submitted",
                f"“{locked.item.name}”{locked.get_status_display()}，只有已提交的成果可以认可或退回。",
            )
        before = locked.status
        locked.status = DeliverableStatus.ACCEPTED if accept else DeliverableStatus.DRAFTING
        locked.return_reason = "" if accept else reason.strip()
        locked.decided_at, locked.decided_by = timezone.now(), actor
        locked.save(
            update_fields=["status", "return_reason", "decided_at", "decided_by", "updated_at"]
        )
        verb = "认可" if accept else "退回"
        audit_record(
            actor=actor,
            action=f"pilot_deliverable.{'accept' if accept else 'return'}",
            subject=locked,
            reference=locked.declaration.reference,
            region_code=locked.region_code,
            changes={"status": [before, locked.status]},
            reason=reason.strip() or f"{verb}试点成果：{locked.item.name}。",
        )
        if locked.submitted_by is not None and locked.submitted_by.organisation_id:
            notify_on_commit(
                recipients=User.objects.filter(
                    organisation_id=locked.submitted_by.organisation_id, is_active=True
                ).exclude(role=Role.VIEWER),
                kind="pilot_deliverable",
                title=f"试点成果已{verb}：{locked.item.name}",
                body=f"市风貌办{verb}了“{locked.item.name}”。{locked.return_reason}",
                link=_link(locked.declaration),
            )
    return locked
