"""Reading a stakeholder register workbook: all rows valid or nothing, every error in Chinese.

Columns (header row first): 楼栋, 单元, 室号, 权利人/户主. At most ``MAX_ROWS`` rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO

from openpyxl import load_workbook

from futurecommunity.notices.models import Stakeholder
from futurecommunity.projects.models import Project

HEADERS = ("楼栋", "单元", "室号", "权利人/户主")
MAX_ROWS = 5000
MAX_LENGTHS = (20, 20, 20, 50)

Row = tuple[str, str, str, str]


@dataclass
class RegisterRead:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _check_row(number: int, cells: Row, seen: set[Row]) -> list[str]:
    building, _unit, _room, owner = cells
    errors = []
    if not building:
        errors.append(f"第 {number} 行：缺少楼栋。")
    if not owner:
        errors.append(f"第 {number} 行：缺少权利人/户主。")
    for label, value, limit in zip(HEADERS, cells, MAX_LENGTHS, strict=True):
        if len(value) > limit:
            errors.append(f"第 {number} 行：{label}不能超过 {limit} 字。")
    if cells in seen:
        errors.append(f"第 {number} 行：与本表前面的行重复。")
    return errors


def rows_errors(project: Project, rows: Sequence[Row]) -> list[str]:
    """The same checks for rows handed to the service directly (numbered from 1)."""
    if len(rows) > MAX_ROWS:
        return [f"一次最多导入 {MAX_ROWS} 户。"]
    existing = set(
        Stakeholder.objects.filter(project=project).values_list("building", "unit", "room", "owner")
    )
    errors: list[str] = []
    seen: set[Row] = set()
    for number, row in enumerate(rows, start=1):
        errors.extend(_check_row(number, row, seen))
        if row in existing:
            errors.append(f"第 {number} 行：该户已在名册中。")
        seen.add(row)
    return errors


def read_register(handle: IO[bytes], project: Project) -> RegisterRead:
    result = RegisterRead()
    try:
        sheet = load_workbook(handle, read_only=True, data_only=True).worksheets[0]
        rows: Iterable[tuple[object, ...]] = sheet.iter_rows(values_only=True)
        header = tuple(_text(v) for v in next(iter(rows), ()))
    except Exception:  # noqa: BLE001 - any unreadable file gets the same sentence
        result.errors.append("无法读取该文件，请上传 .xlsx 格式的 Excel 表格。")
        return result
    if header[:4] != HEADERS:
        result.errors.append(f"第 1 行须为表头：{'、'.join(HEADERS)}。")
        return result
    existing = set(
        Stakeholder.objects.filter(project=project).values_list("building", "unit", "room", "owner")
    )
    seen: set[Row] = set()
    for number, values in enumerate(rows, start=2):
        cells = tuple(_text(v) for v in (tuple(values) + (None,) * 4)[:4])
        if not any(cells):
            continue
        if len(result.rows) >= MAX_ROWS:
            result.errors.append(f"一次最多导入 {MAX_ROWS} 户。")
            break
        row: Row = (cells[0], cells[1], cells[2], cells[3])
        result.errors.extend(_check_row(number, row, seen))
        if row in existing:
            result.errors.append(f"第 {number} 行：该户已在名册中。")
        seen.add(row)
        result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append("表格中没有数据行。")
    return result
