"""Writes to regions: the urban-community flag (G3), city office only, audited."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from django.db import transaction
from openpyxl import load_workbook

from futurecommunity.accounts.access import can_configure_city
from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.regions.models import Region, RegionLevel


def region_set_urban_flag(*, actor: User, code: str, is_urban: bool, reason: str) -> Region:
    """Set whether a community counts as an urban community for coverage (一、G3)."""
    if not can_configure_city(actor):
        raise PermissionDenied("只有市风貌办可以调整城镇社区口径（一、G3）。")
    if not reason.strip():
        raise DomainError("reason_required", "调整城镇社区口径须填写原因。", field="reason")
    with transaction.atomic():
        region = (
            Region.objects.select_for_update()
            .filter(code=code, level=RegionLevel.COMMUNITY)
            .first()
        )
        if region is None:
            raise DomainError("not_found", f"社区代码 {code} 不存在。", field="code")
        if region.is_urban_community == is_urban:
            return region
        before = region.is_urban_community
        region.is_urban_community = is_urban
        region.save(update_fields=["is_urban_community", "updated_at"])
        audit_record(
            actor=actor,
            action="region.urban_flag",
            subject=region,
            reference=region.code,
            region_code=region.code,
            changes={"is_urban_community": [before, is_urban]},
            reason=reason,
        )
    return region


STREET_KIND_NAMES = {"street": "街道", "town": "镇", "township": "乡"}
MAX_IMPORT_ROWS = 5000
MAX_IMPORT_BYTES = 5 * 1024 * 1024
_YES = {"计入", "是", "1", "true", "TRUE", "True"}
_NO = {"不计入", "否", "0", "false", "FALSE", "False"}


def _set_flags(*, actor: User, changes: dict[str, bool], reason: str, how: str) -> int:
    """Apply ``code → is_urban`` in one transaction, one audit entry per changed community
    (its history) and one for the whole action. Returns how many changed."""
    changed = 0
    with transaction.atomic():
        regions = Region.objects.select_for_update().filter(
            code__in=list(changes), level=RegionLevel.COMMUNITY
        )
        for region in regions:
            want = changes[region.code]
            if region.is_urban_community == want:
                continue
            before = region.is_urban_community
            region.is_urban_community = want
            region.save(update_fields=["is_urban_community", "updated_at"])
            audit_record(
                actor=actor,
                action="region.urban_flag",
                subject=region,
                reference=region.code,
                region_code=region.code,
                changes={"is_urban_community": [before, want]},
                reason=f"{how}：{reason}",
            )
            changed += 1
        audit_record(
            actor=actor,
            action="region.urban_flag_bulk",
            subject_type="region",
            reference="urban-communities",
            changes={"changed": [None, changed], "rows": [None, len(changes)]},
            reason=f"{how}：{reason}",
        )
    return changed


def _check_city(actor: User, reason: str) -> str:
    if not can_configure_city(actor):
        raise PermissionDenied("只有市风貌办可以调整城镇社区口径（一、G3）。")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", "调整城镇社区口径须填写原因。", field="reason")
    if len(reason) > 500:
        raise DomainError("reason_too_long", "原因不能超过500字。", field="reason")
    return reason


def region_set_urban_flag_by_street_kind(
    *, actor: User, street_kind: str, is_urban: bool, reason: str, district: str = ""
) -> int:
    """Set the flag (一、G3) for every community under streets / towns / townships of a kind,
    city-wide or in one district. Returns the number of communities changed."""
    reason = _check_city(actor, reason)
    if street_kind not in STREET_KIND_NAMES:
        raise DomainError("bad_kind", "请选择街道、镇或乡。", field="street_kind")
    if district and not Region.objects.filter(code=district, level=RegionLevel.DISTRICT).exists():
        raise DomainError("bad_district", f"区、县（市）代码 {district} 不存在。", field="district")
    parents = Region.objects.filter(
        level=RegionLevel.STREET, nbs_kind=street_kind, code__startswith=district
    ).values_list("code", flat=True)
    codes = Region.objects.filter(
        level=RegionLevel.COMMUNITY, parent_code__in=list(parents)
    ).values_list("code", flat=True)
    how = (
        f"按类别批量{'计入' if is_urban else '不计入'}（{STREET_KIND_NAMES[street_kind]}下辖社区"
        f"{'，' + district if district else ''}）"
    )
    return _set_flags(actor=actor, changes=dict.fromkeys(codes, is_urban), reason=reason, how=how)


def parse_urban_flag_rows(
    rows: Sequence[tuple[object, object]],
) -> tuple[dict[str, bool], list[str]]:
    """Rows of (区划代码, 计入城镇社区) from a sheet (header excluded, numbered from 3 as in the
    exported list) → the changes and a full Chinese error list (pure but for code lookups)."""
    errors: list[str] = []
    wanted: dict[str, bool] = {}
    seen: dict[str, int] = {}
    for number, (code_cell, flag_cell) in enumerate(rows, start=3):
        code = str(code_cell or "").strip()
        flag = str(flag_cell or "").strip()
        if not code and not flag:
            continue
        if not code.isdigit() or len(code) != 12:
            errors.append(f"第{number}行：区划代码“{code}”应为12位数字。")
            continue
        if code in seen:
            errors.append(f"第{number}行：区划代码 {code} 与第{seen[code]}行重复。")
            continue
        seen[code] = number
        if flag in _YES:
            wanted[code] = True
        elif flag in _NO:
            wanted[code] = False
        else:
            errors.append(f"第{number}行：“计入城镇社区”应填“计入”或“不计入”，现为“{flag}”。")
    known = set(
        Region.objects.filter(code__in=list(wanted), level=RegionLevel.COMMUNITY).values_list(
            "code", flat=True
        )
    )
    for code in wanted:
        if code not in known:
            errors.append(f"第{seen[code]}行：社区代码 {code} 不存在。")
    return wanted, errors


def region_import_urban_flags(*, actor: User, content: bytes, reason: str) -> int:
    """All-or-nothing import of the urban flag from an .xlsx list (the exported list works:
    区划代码 in column A, 计入城镇社区 in column D, header on row 2). Any error refuses the whole
    file with every row's error listed; nothing is written."""
    reason = _check_city(actor, reason)
    if len(content) > MAX_IMPORT_BYTES:
        raise DomainError("file_too_large", "文件不能超过5MB。", field="file")
    try:
        sheet = load_workbook(BytesIO(content), read_only=True, data_only=True).worksheets[0]
        raw = list(sheet.iter_rows(min_row=1, max_col=4, values_only=True))
    except Exception as exc:  # openpyxl raises many kinds on a non-xlsx file
        raise DomainError(
            "bad_file", "无法读取文件，请上传 .xlsx 格式的清单。", field="file"
        ) from exc
    header_at = next(
        (i for i, r in enumerate(raw[:5]) if r and str(r[0] or "").strip() == "区划代码"), None
    )
    if header_at is None or str((raw[header_at] + (None,) * 4)[3] or "").strip() != "计入城镇社区":
        raise DomainError(
            "bad_header",
            "表头不符：第一列应为“区划代码”，第四列应为“计入城镇社区”（可先导出清单再修改）。",
            field="file",
        )
    body = [((r + (None,) * 4)[0], (r + (None,) * 4)[3]) for r in raw[header_at + 1 :]]
    if len(body) > MAX_IMPORT_ROWS:
        raise DomainError("too_many_rows", f"一次最多导入{MAX_IMPORT_ROWS}行。", field="file")
    wanted, errors = parse_urban_flag_rows(body)
    if errors:
        raise ValidationFailed({"file": errors})
    if not wanted:
        raise DomainError("empty", "文件中没有数据行。", field="file")
    return _set_flags(actor=actor, changes=wanted, reason=reason, how="按清单导入")
