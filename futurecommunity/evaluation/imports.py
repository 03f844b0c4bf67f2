"""Import of an official indicator table from xlsx as a new index version: all or nothing,
every row checked and every problem listed in Chinese with its row number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import PermissionDenied, ValidationFailed
from futurecommunity.common.uploads import upload_check
from futurecommunity.common.xlsx import neutralise, workbook_bytes
from futurecommunity.evaluation import access
from futurecommunity.evaluation.models import (
    Confidence,
    Dimension,
    DimensionGroup,
    IndexSystem,
    Indicator,
    IndicatorKind,
    SystemKind,
)

HEADERS = (
    "维度编码", "维度层次", "维度名称", "指标编码", "指标名称", "配置", "分值", "佐证方式",
    "平台核验来源", "生活圈服务", "设施类型", "必备", "出处", "可信度",
)  # fmt: skip
MAX_ROWS = 500
MAX_BYTES = 5 * 1024 * 1024
_GROUPS = {label: value for value, label in DimensionGroup.choices}
_KINDS = {label: value for value, label in IndicatorKind.choices}
_PROOFS = {
    "": "",
    "生活圈": "lifecircle",
    "设施": "facility",
    "运营单位": "operator",
    "老旧小区改造": "renovation",
}
_CONFIDENCE = {label: value for value, label in Confidence.choices}
_YES = {"是": True, "否": False, "": False}


@dataclass(frozen=True)
class SystemMeta:
    code: str
    name: str
    kind: str
    district_code: str
    version: str
    issuer: str
    document_number: str
    issued_on: dt.date | None
    year_from: int
    year_to: int | None
    pass_score: Decimal
    pass_score_source: str


@dataclass(frozen=True)
class Row:
    dimension_code: str
    group: str
    dimension_name: str
    code: str
    name: str
    kind: str
    points: Decimal
    evidence: str
    proof: str
    service_code: str
    facility_kind_code: str
    is_required: bool
    source: str
    confidence: str


def _text(value: Any, limit: int) -> str:
    return ("" if value is None else str(value)).strip()[:limit]


def _row(number: int, cells: tuple[Any, ...], seen: set[str]) -> tuple[Row | None, list[str]]:
    values = dict(zip(HEADERS, cells, strict=False))
    errors = []
    code = _text(values.get("指标编码"), 32)
    at = f"第{number}行"
    if not code:
        errors.append(f"{at}：缺少指标编码。")
    elif code in seen:
        errors.append(f"{at}：指标编码“{code}”重复。")
    seen.add(code)
    group = _GROUPS.get(_text(values.get("维度层次"), 8))
    if group is None:
        errors.append(f"{at}：维度层次须为一统、三化或九场景。")
    kind = _KINDS.get(_text(values.get("配置"), 8))
    if kind is None:
        errors.append(f"{at}：配置须为标配或选配。")
    try:
        points = Decimal(str(values.get("分值")).strip())
        if not points.is_finite() or not (0 < points <= 1000):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.append(f"{at}：分值须为大于0且不超过1000的数。")
        points = Decimal(0)
    proof = _PROOFS.get(_text(values.get("平台核验来源"), 16))
    if proof is None:
        errors.append(f"{at}：平台核验来源须为空、生活圈、设施、运营单位或老旧小区改造。")
    required = _YES.get(_text(values.get("必备"), 2))
    if required is None:
        errors.append(f"{at}：必备须填“是”或“否”。")
    confidence = _CONFIDENCE.get(_text(values.get("可信度"), 16))
    if confidence is None:
        errors.append(f"{at}：可信度须为有出处、有出处（二手）或推定（待核实）。")
    for header, limit in (("维度编码", 32), ("维度名称", 32), ("指标名称", 120), ("出处", 300)):
        if not _text(values.get(header), 1000):
            errors.append(f"{at}：缺少{header}。")
        elif len(_text(values.get(header), 1000)) > limit:
            errors.append(f"{at}：{header}不超过{limit}字。")
    if errors:
        return None, errors
    return Row(
        dimension_code=_text(values["维度编码"], 32), group=str(group),
        dimension_name=_text(values["维度名称"], 32), code=code, name=_text(values["指标名称"], 120),
        kind=str(kind), points=points, evidence=_text(values.get("佐证方式"), 300), proof=str(proof),
        service_code=_text(values.get("生活圈服务"), 32),
        facility_kind_code=_text(values.get("设施类型"), 48), is_required=bool(required),
        source=_text(values["出处"], 300), confidence=str(confidence),
    ), []  # fmt: skip


def parse_workbook(content: bytes) -> tuple[list[Row], list[str]]:
    """Rows and every problem found (header row 1, data from row 2)."""
    if len(content) > MAX_BYTES:
        return [], [f"文件超过 {MAX_BYTES // 1024 // 1024} MB。"]
    try:
        sheet = load_workbook(BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:  # noqa: BLE001  any unreadable file gets the same Chinese answer
        return [], ["无法读取该文件，请上传 .xlsx 格式的指标表。"]
    lines = sheet.iter_rows(values_only=True)
    header = tuple(_text(v, 20) for v in next(lines, ()))
    if header[: len(HEADERS)] != HEADERS:
        return [], [f"表头须依次为：{'、'.join(HEADERS)}。"]
    rows: list[Row] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, cells in enumerate(lines, start=2):
        if not any(c not in (None, "") for c in cells):
            continue
        if number - 1 > MAX_ROWS:
            errors.append(f"指标不超过 {MAX_ROWS} 行。")
            break
        row, problems = _row(number, tuple(cells), seen)
        errors.extend(problems)
        if row:
            rows.append(row)
    if not rows and not errors:
        errors.append("指标表没有数据行。")
    return rows, errors


def _check_meta(meta: SystemMeta) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if meta.kind not in SystemKind.values:
        errors["kind"] = ["请选择类别。"]
    if meta.kind == SystemKind.COUNTY and len(meta.district_code) != 6:
        errors["district_code"] = ["县级细则须指定区、县（市）（二(一) T3）。"]
    if meta.kind != SystemKind.COUNTY and meta.district_code:
        errors["district_code"] = ["只有县级细则指定区、县（市）。"]
    if not meta.code or not meta.name or not meta.version:
        errors["code"] = ["请填写版本编码、名称和版本。"]
    if IndexSystem.objects.filter(code=meta.code).exists():
        errors["code"] = [f"版本编码“{meta.code}”已存在。"]
    if meta.year_to is not None and meta.year_to < meta.year_from:
        errors["year_to"] = ["适用年度止不能早于起。"]
    if not (0 <= meta.pass_score <= 1000):
        errors["pass_score"] = ["通过分数线须在0至1000之间。"]
    return errors


def system_import(
    *, actor: User, meta: SystemMeta, content: bytes, document: UploadedFile | None = None
) -> IndexSystem:
    """Create a version from an official table: every row valid or nothing is written."""
    if not access.can_manage_system(actor, meta.kind, meta.district_code):
        raise PermissionDenied(
            "市风貌办管理省级和市级指标体系，区、县（市）风貌办管理本地县级细则（二(一) T2/T3）。"
        )
    errors = _check_meta(meta)
    if errors:
        raise ValidationFailed(errors)
    rows, problems = parse_workbook(content)
    if problems:
        raise ValidationFailed({"file": problems})
    document_name = upload_check(document) if document else ""
    confidence = Confidence.SOURCED if meta.document_number.strip() else Confidence.RECONSTRUCTED
    with transaction.atomic():
        system = IndexSystem.objects.create(
            code=meta.code, name=meta.name, kind=meta.kind, district_code=meta.district_code,
            version=meta.version, issuer=meta.issuer, document_number=meta.document_number.strip(),
            issued_on=meta.issued_on, year_from=meta.year_from, year_to=meta.year_to,
            pass_score=meta.pass_score, pass_score_source=meta.pass_score_source or meta.document_number,
            pass_score_confidence=confidence, source=f"导入：{meta.document_number or '未填文号'}",
            confidence=confidence, created_by=actor, document_name=document_name,
        )  # fmt: skip
        if document:
            system.document.save(document_name, document, save=True)
        dimensions: dict[str, Dimension] = {}
        for order, row in enumerate(rows, start=1):
            if row.dimension_code not in dimensions:
                dimensions[row.dimension_code] = Dimension.objects.create(
                    system=system, code=row.dimension_code, group=row.group,
                    name=row.dimension_name, order=len(dimensions) + 1,
                )  # fmt: skip
            Indicator.objects.create(
                system=system, dimension=dimensions[row.dimension_code], code=row.code, name=row.name,
                kind=row.kind, points=row.points, evidence=row.evidence, proof=row.proof,
                service_code=row.service_code, facility_kind_code=row.facility_kind_code,
                is_required=row.is_required, source=row.source, confidence=row.confidence, order=order,
            )  # fmt: skip
        audit_record(actor=actor, action="evaluation.system_import", subject=system,
                     reference=system.code, region_code=meta.district_code,
                     changes={"indicators": [None, len(rows)]})  # fmt: skip
    return system


def system_workbook(system: IndexSystem) -> bytes:
    """The version as an importable table (also the template for an official table)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "指标"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    proofs = {v: k for k, v in _PROOFS.items()}
    for i in system.indicators.select_related("dimension"):
        sheet.append([neutralise(v) for v in (
            i.dimension.code, i.dimension.get_group_display(), i.dimension.name, i.code, i.name,
            i.get_kind_display(), float(i.points), i.evidence, proofs.get(i.proof, ""), i.service_code,
            i.facility_kind_code, "是" if i.is_required else "否", i.source, i.get_confidence_display(),
        )])  # fmt: skip
    return workbook_bytes(book)


def system_update(
    *, actor: User, system: IndexSystem, pass_score: Decimal, is_active: bool,
    document_number: str, issued_on: dt.date | None,
) -> IndexSystem:  # fmt: skip
    """Edit a version's threshold, 文号, date and whether it is in force."""
    if not access.can_edit_system(actor, system):
        raise PermissionDenied("您无权修改该指标体系（二(一) T2/T3）。")
    if not (0 <= pass_score <= 1000) or len(document_number) > 100:
        raise ValidationFailed({"pass_score": ["通过分数线须在0至1000之间，文号不超过100字。"]})
    before = {"pass_score": str(system.pass_score), "is_active": system.is_active,
              "document_number": system.document_number}  # fmt: skip
    with transaction.atomic():
        system.pass_score = pass_score
        system.is_active = is_active
        system.document_number = document_number.strip()
        system.issued_on = issued_on
        if str(pass_score) != before["pass_score"]:
            system.pass_score_confidence = (
                Confidence.SOURCED if system.document_number else system.pass_score_confidence
            )
            system.pass_score_source = f"{actor.organisation.name if actor.organisation else ''}修改：{system.document_number or '未填文号'}"
        system.save(update_fields=["pass_score", "is_active", "document_number", "issued_on",
                                   "pass_score_confidence", "pass_score_source", "updated_at"])  # fmt: skip
        after = {"pass_score": str(system.pass_score), "is_active": system.is_active,
                 "document_number": system.document_number}  # fmt: skip
        audit_record(actor=actor, action="evaluation.system_update", subject=system,
                     reference=system.code, region_code=system.district_code,
                     changes={k: [before[k], after[k]] for k in before if before[k] != after[k]})  # fmt: skip
    return system


def indicator_update(
    *, actor: User, indicator: Indicator, points: Decimal, is_required: bool, kind: str
) -> Indicator:
    """Edit one indicator of a version that no evaluation uses yet; a version in use is changed
    only by issuing a new version, so scores already given keep their meaning."""
    system = indicator.system
    if not access.can_edit_system(actor, system):
        raise PermissionDenied("您无权修改该指标体系（二(一) T2/T3）。")
    if system.evaluations.exists():
        raise ValidationFailed({"points": ["该版本已用于评价验收，不能修改指标；请导入新版本。"]})
    if not (0 < points <= 1000) or kind not in IndicatorKind.values:
        raise ValidationFailed({"points": ["分值须大于0且不超过1000，配置须为标配或选配。"]})
    before = {
        "points": str(indicator.points),
        "is_required": indicator.is_required,
        "kind": indicator.kind,
    }
    with transaction.atomic():
        indicator.points, indicator.is_required, indicator.kind = points, is_required, kind
        indicator.save(update_fields=["points", "is_required", "kind", "updated_at"])
        after = {"points": str(indicator.points), "is_required": is_required, "kind": kind}
        audit_record(actor=actor, action="evaluation.indicator_update", subject=indicator,
                     reference=f"{system.code}/{indicator.code}", region_code=system.district_code,
                     changes={k: [before[k], after[k]] for k in before if before[k] != after[k]})  # fmt: skip
    return indicator
