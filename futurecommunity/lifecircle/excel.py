"""Life-circle workbooks (openpyxl): import templates for facilities and residential points,
reading an uploaded workbook into raw rows, and the gap-list export. No database access."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from futurecommunity.common.limits import InputTooLarge, bounded_rows, check_xlsx
from futurecommunity.common.xlsx import workbook_bytes

MAX_ROWS = 5000
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    width: int
    help: str


FACILITY_SHEET = "设施"
FACILITY_COLUMNS = (
    Column("name", "设施名称", True, 28, "必填，不超过100字。"),
    Column("kind", "设施类型", True, 24, "必填，从下拉列表选择（见“设施类型”工作表）。"),
    Column("services", "所含服务", False, 22, "仅邻里中心填写：养老、托育、帮扶、卫生、文化、教育、健身中的若干项，用顿号分隔。"),
    Column("lon", "经度", True, 12, "必填，十进制度，如 120.5826；坐标系在上传页面选择。"),
    Column("lat", "纬度", True, 12, "必填，十进制度，如 29.9882。"),
    Column("region", "所在区划", True, 22, "必填：社区、街道或区县的名称或区划代码（名称重复时请填代码）。"),
    Column("address", "地址", False, 30, "选填。"),
    Column("floor_area", "建筑面积（平方米）", False, 14, "选填，数字。"),
    Column("capacity", "服务规模", False, 12, "选填，整数（床位、座位或托位数）。"),
    Column("status", "状态", False, 10, "选填：规划、在建、已开放、已停用；不填为已开放。"),
    Column("operator", "运营单位", False, 24, "选填。"),
)  # fmt: skip

RESIDENT_SHEET = "居住点"
RESIDENT_COLUMNS = (
    Column("name", "小区或楼栋名称", False, 28, "选填。"),
    Column("community", "所属社区", True, 24, "必填：社区名称或12位区划代码（名称重复时请填代码）。"),
    Column("lon", "经度", True, 12, "必填，十进制度；坐标系在上传页面选择。"),
    Column("lat", "纬度", True, 12, "必填，十进制度。"),
    Column("population", "常住人口", True, 12, "必填，非负整数。"),
    Column("source", "数据来源", False, 24, "选填，如“第七次人口普查”“社区网格台账”。"),
)  # fmt: skip


class WorkbookUnreadable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RawRow:
    number: int
    values: dict[str, Any]


def _save(book: Workbook) -> bytes:
    return workbook_bytes(book)


def _header(sheet: Any, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def _help_sheet(book: Workbook, columns: Sequence[Column], notes: Sequence[str]) -> None:
    sheet = book.create_sheet("填写说明")
    sheet.append(["列名", "是否必填", "说明"])
    for column in columns:
        sheet.append([column.header, "必填" if column.required else "选填", column.help])
    sheet.append([])
    for note in notes:
        sheet.append([note])
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["C"].width = 80


def _choices_sheet(book: Workbook, title: str, values: Sequence[str]) -> str:
    sheet = book.create_sheet(title)
    for value in values:
        sheet.append([value])
    sheet.column_dimensions["A"].width = 30
    return f"'{title}'!$A$1:$A${max(len(values), 1)}"


def facility_template(*, kind_names: Sequence[str], example: Sequence[Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = FACILITY_SHEET
    _header(sheet, FACILITY_COLUMNS)
    sheet.append(list(example))
    kinds = DataValidation(type="list", formula1=_choices_sheet(book, "设施类型", kind_names))
    kinds.error = "请从下拉列表中选择设施类型。"
    status = DataValidation(type="list", formula1='"规划,在建,已开放,已停用"')
    sheet.add_data_validation(kinds)
    sheet.add_data_validation(status)
    kinds.add(f"B2:B{MAX_ROWS + 1}")
    status.add(f"J2:J{MAX_ROWS + 1}")
    _help_sheet(
        book,
        FACILITY_COLUMNS,
        [
            "第 2 行为示例，请删除或改写后再上传。",
            "全部行检查无误后才会写入；任一行有问题则全部不写入。",
        ],
    )
    return _save(book)


def resident_template(*, example: Sequence[Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = RESIDENT_SHEET
    _header(sheet, RESIDENT_COLUMNS)
    sheet.append(list(example))
    _help_sheet(
        book,
        RESIDENT_COLUMNS,
        [
            "第 2 行为示例，请删除或改写后再上传。",
            "全部行检查无误后才会写入；任一行有问题则全部不写入。",
        ],
    )
    return _save(book)


def read_rows(data: bytes, sheet_name: str, columns: Sequence[Column]) -> list[RawRow]:
    """The non-empty data rows keyed by column; headers matched by name."""
    try:
        check_xlsx(data)  # archive, shared-strings bounds (issue 11 §4)
    except InputTooLarge as exc:
        raise WorkbookUnreadable(exc.message) from exc
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a non-xlsx upload
        raise WorkbookUnreadable("无法读取该文件，请上传由导入模板填写的 .xlsx 文件。") from exc
    try:
        sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
        rows = bounded_rows(sheet)
        positions = _positions(next(rows, ()), columns)
        result: list[RawRow] = []
        for number, cells in enumerate(rows, start=2):
            values = {k: (cells[i] if i < len(cells) else None) for k, i in positions.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            if len(result) >= MAX_ROWS:
                raise WorkbookUnreadable(
                    f"一次最多导入 {MAX_ROWS} 行，请拆分成多个文件后分别导入。"
                )
            result.append(RawRow(number=number, values=values))
    except InputTooLarge as exc:
        raise WorkbookUnreadable(exc.message) from exc
    finally:
        book.close()
    if not result:
        raise WorkbookUnreadable(f"“{sheet_name}”工作表中没有可导入的数据行。")
    return result


def _positions(header: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    by_header = {c.header: c.key for c in columns}
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = by_header.get(str(title).strip()) if title is not None else None
        if key and key not in positions:
            positions[key] = index
    missing = [c.header for c in columns if c.required and c.key not in positions]
    if missing:
        raise WorkbookUnreadable(
            f"第 1 行缺少必填列：{'、'.join(missing)}。请使用导入模板，不要改动表头。"
        )
    return positions


GAP_HEADERS = (
    "区、县（市）", "街道（镇、乡）", "社区", "社区代码", "常住人口", "生活圈层级",
    "缺少的服务", "步行距离要求（米）", "已覆盖人口比例", "未覆盖人口", "建议",
)  # fmt: skip


def gaps_workbook(
    *,
    title: str,
    parameter_lines: Sequence[str],
    rows: Sequence[Sequence[Any]],
    coverage_headers: Sequence[str],
    coverage_rows: Sequence[Sequence[Any]],
    exported_by: str,
    exported_at: datetime,
) -> bytes:
    """The gap list a district takes into its three-year neighbourhood-centre plan (N2)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "缺项清单"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in parameter_lines:
        sheet.append([line])
    sheet.append([f"导出人：{exported_by}　导出时间：{exported_at:%Y-%m-%d %H:%M}"])
    sheet.append([])
    start = sheet.max_row + 1
    sheet.append(list(GAP_HEADERS))
    for cell in sheet[start]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True)
    for row in rows:
        sheet.append(list(row))
    for index, width in enumerate((12, 14, 18, 15, 10, 14, 10, 12, 12, 10, 48), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row_cells in sheet.iter_rows(min_row=start + 1, min_col=9, max_col=9):
        for cell in row_cells:
            cell.number_format = "0.0%"
    sheet.freeze_panes = sheet.cell(row=start + 1, column=1)
    cover = book.create_sheet("社区覆盖率")
    cover.append(list(coverage_headers))
    for cell in cover[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in coverage_rows:
        cover.append(list(row))
    for row_cells in cover.iter_rows(min_row=2, min_col=6):
        for cell in row_cells:
            cell.number_format = "0.0%"
    cover.freeze_panes = "A2"
    return _save(book)
