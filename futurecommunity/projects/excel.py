"""Project workbooks (openpyxl): the filtered-list export, the import template, and reading an
uploaded import workbook into raw rows. No database access here; callers pass what to write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from futurecommunity.common.limits import InputTooLarge, bounded_rows, check_xlsx
from futurecommunity.common.xlsx import workbook_bytes
from futurecommunity.projects.models import Ambition, BuildType, Funding, Level, Project

EXPORT_SHEET = "项目清单"
IMPORT_SHEET = "项目导入"
LISTS_SHEET = "选项"
HELP_SHEET = "填写说明"
YES, NO = "是", "否"
COMMUNITY_SEPARATORS = ("、", "，", ",", "；", ";")
MAX_IMPORT_ROWS = 2000

EXPORT_HEADERS: tuple[str, ...] = (
    "项目编号",
    "项目名称",
    "区、县（市）",
    "实施街道",
    "覆盖社区",
    "创建等级",
    "建设类型",
    "创建类型",
    "创建年度",
    "批次",
    "状态",
    "状态变更日期",
    "总投资（元）",
    "建筑面积（㎡）",
    "资金来源",
    "重点片区",
    "联动老旧小区改造",
    "老旧小区改造项目编号",
    "实施主体",
    "运营单位（原填报）",
    "经度",
    "纬度",
    "备注",
)


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: str
    required: bool
    hint: str
    width: int = 14


IMPORT_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("name", "项目名称", True, "不超过 100 字。", 28),
    ImportColumn("district", "区、县（市）", True, "从下拉列表选择。", 12),
    ImportColumn("street", "实施街道", True, "从下拉列表选择，须属于所填区、县（市）。", 14),
    ImportColumn(
        "communities",
        "覆盖社区",
        True,
        "填写社区名称，多个社区用“、”或“，”分隔；须位于所填区、县（市）内（一、G3）。",
        30,
    ),
    ImportColumn("level", "创建等级", True, "省级／市级／县级。", 10),
    ImportColumn("build_type", "建设类型", True, "新建类／旧改类。", 10),
    ImportColumn("creation_year", "创建年度", True, "四位年份，2019—2035。", 10),
    ImportColumn("ambition", "创建类型", False, "引领型／普惠型，可空。", 10),
    ImportColumn("batch", "批次", False, "不超过 32 字，可空。", 10),
    ImportColumn("is_key_area", "重点片区", False, "是／否，空白按“否”。", 10),
    ImportColumn(
        "is_linked_renovation",
        "联动老旧小区改造",
        False,
        "是／否，空白按“否”；只有旧改类项目可选“是”（二(一) T4）。",
        12,
    ),
    ImportColumn("linked_renovation_reference", "老旧小区改造项目编号", False, "可空。", 18),
    ImportColumn("total_investment", "总投资（元）", False, "非负数，单位元，可空。", 16),
    ImportColumn("floor_area", "建筑面积（㎡）", False, "非负数，单位平方米，可空。", 14),
    ImportColumn("funding", "资金来源", False, "政府投资／企业自筹／混合投资，可空。", 12),
    ImportColumn("implementing_body", "实施主体", False, "不超过 100 字，可空。", 18),
    ImportColumn("operator", "运营单位", False, "不超过 100 字，可空。", 18),
    ImportColumn("longitude", "经度", False, "118—122 之间的小数，可空。", 10),
    ImportColumn("latitude", "纬度", False, "28—31 之间的小数，可空。", 10),
    ImportColumn("notes", "备注", False, "可空。", 24),
)
HEADER_OF = {c.key: c.header for c in IMPORT_COLUMNS}


class WorkbookUnreadable(Exception):
    """The upload is not a usable import workbook; ``message`` is a full Chinese sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RawRow:
    """One non-empty data row: its Excel row number and the cell values by column key."""

    number: int
    values: dict[str, Any]


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _save(book: Workbook) -> bytes:
    return workbook_bytes(book)


def projects_workbook(
    projects: Iterable[Project],
    *,
    title: str,
    exported_by: str,
    exported_at: dt.datetime,
) -> bytes:
    """A title line (what, who, when), the headers, one row per project (communities prefetched)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = EXPORT_SHEET
    sheet.append([title, f"导出人：{exported_by}", f"导出时间：{exported_at:%Y-%m-%d %H:%M}"])
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for p in projects:
        sheet.append(
            [
                p.reference,
                p.name,
                p.district.name,
                p.street.name,
                "、".join(c.name for c in sorted(p.communities.all(), key=lambda c: c.code)),
                p.get_level_display(),
                p.get_build_type_display(),
                p.get_ambition_display() if p.ambition else "",
                p.creation_year,
                p.batch,
                p.get_status_display(),
                p.status_changed_on,
                _number(p.total_investment),
                _number(p.floor_area),
                p.get_funding_display() if p.funding else "",
                YES if p.is_key_area else NO,
                YES if p.is_linked_renovation else NO,
                p.linked_renovation_reference,
                p.implementing_body,
                p.operator,
                _number(p.longitude),
                _number(p.latitude),
                p.notes,
            ]
        )
    widths = (22, 28, 12, 14, 30, 8, 8, 8, 8, 8, 12, 12, 16, 14, 10, 8, 10, 18, 18, 18, 10, 10, 30)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    return _save(book)


def import_template_workbook(
    *, district_names: Sequence[str], street_names: Sequence[str], scope_label: str
) -> bytes:
    """The import sheet (headers + dropdowns), a hidden options sheet, and an instructions sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = IMPORT_SHEET
    sheet.append([c.header for c in IMPORT_COLUMNS])
    for index, column in enumerate(IMPORT_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="C00000" if column.required else None)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"

    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    choices: dict[str, Sequence[str]] = {
        "district": district_names,
        "street": street_names,
        "level": Level.labels,
        "build_type": BuildType.labels,
        "ambition": Ambition.labels,
        "is_key_area": (YES, NO),
        "is_linked_renovation": (YES, NO),
        "funding": Funding.labels,
    }
    keys = [c.key for c in IMPORT_COLUMNS]
    for lists_index, (key, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(lists_index)
        lists[f"{letter}1"] = HEADER_OF[key]
        for row, value in enumerate(values, start=2):
            lists[f"{letter}{row}"] = value
        last = max(len(values) + 1, 2)
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${last}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="输入有误",
            error=f"请从下拉列表中选择{HEADER_OF[key]}。",
        )
        target = get_column_letter(keys.index(key) + 1)
        validation.add(f"{target}2:{target}{MAX_IMPORT_ROWS + 1}")
        sheet.add_data_validation(validation)
    year_column = get_column_letter(keys.index("creation_year") + 1)
    years = DataValidation(
        type="whole",
        operator="between",
        formula1="2019",
        formula2="2035",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="输入有误",
        error="创建年度须为 2019—2035 之间的四位年份。",
    )
    years.add(f"{year_column}2:{year_column}{MAX_IMPORT_ROWS + 1}")
    sheet.add_data_validation(years)

    guide = book.create_sheet(HELP_SHEET)
    guide.append(["未来社区项目批量导入填写说明"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append([f"可导入范围：{scope_label}。只能登记本辖区内街道的项目。"])
    guide.append(
        [
            f"在“{IMPORT_SHEET}”工作表第 2 行起每行填写一个项目，不要改动第 1 行表头；"
            f"一次最多 {MAX_IMPORT_ROWS} 行。红色表头为必填列。"
        ]
    )
    guide.append(
        [
            "上传后系统先逐行检查并列出全部问题；只有全部行都无误时才能确认导入，"
            "确认后全部项目一次写入，任何一行失败则全部不写入。"
        ]
    )
    guide.append(["同一文件中“项目名称 + 实施街道”不能重复。项目编号由系统生成，无需填写。"])
    guide.append([])
    guide.append(["列名", "是否必填", "填写要求"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for column in IMPORT_COLUMNS:
        guide.append([column.header, "必填" if column.required else "选填", column.hint])
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 80
    return _save(book)


def read_import_rows(data: bytes) -> list[RawRow]:
    """The non-empty data rows of the import sheet, keyed by column; headers matched by name."""
    try:
        check_xlsx(data)  # archive, shared-strings bounds (issue 11 §4)
    except InputTooLarge as exc:
        raise WorkbookUnreadable(exc.message) from exc
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-xlsx upload
        raise WorkbookUnreadable("无法读取该文件，请上传由导入模板填写的 .xlsx 文件。") from exc
    try:
        sheet = book[IMPORT_SHEET] if IMPORT_SHEET in book.sheetnames else book.worksheets[0]
        rows = bounded_rows(sheet)
        header = next(rows, None) or ()
        by_header = {c.header: c.key for c in IMPORT_COLUMNS}
        positions: dict[str, int] = {}
        for index, title in enumerate(header):
            key = by_header.get(str(title).strip()) if title is not None else None
            if key and key not in positions:
                positions[key] = index
        missing = [c.header for c in IMPORT_COLUMNS if c.required and c.key not in positions]
        if missing:
            raise WorkbookUnreadable(
                f"第 1 行缺少必填列：{'、'.join(missing)}。请使用导入模板，不要改动表头。"
            )
        result: list[RawRow] = []
        for number, cells in enumerate(rows, start=2):
            values = {
                key: (cells[index] if index < len(cells) else None)
                for key, index in positions.items()
            }
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            if len(result) >= MAX_IMPORT_ROWS:
                raise WorkbookUnreadable(
                    f"一次最多导入 {MAX_IMPORT_ROWS} 行，请拆分成多个文件后分别导入。"
                )
            result.append(RawRow(number=number, values=values))
    except InputTooLarge as exc:
        raise WorkbookUnreadable(exc.message) from exc
    finally:
        book.close()
    if not result:
        raise WorkbookUnreadable(f"“{IMPORT_SHEET}”工作表中没有可导入的数据行。")
    return result
