"""Funding import template and reader (all-or-nothing import, bounded input)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from futurecommunity.common.errors import ValidationFailed
from futurecommunity.common.limits import InputTooLarge, bounded_rows, check_xlsx
from futurecommunity.common.xlsx import workbook_bytes
from futurecommunity.operations.models import MemberKind, OperatorKind, Service, SourceKind
from futurecommunity.operations.services import FundingInput, ImportRow, LineInput, QuarterInput

SHEET = "资金来源"
HEADERS = ("项目编号", "年度", "资金来源", "出资方", "计划金额（元）", "到位金额（元）")
MAX_ROWS = 2000
MAX_SCANNED = 20000  # rows read before giving up (a sheet of a million empty rows stops early)
MAX_BYTES = 5 * 1024 * 1024


def template() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    kinds = ",".join(str(label) for _v, label in SourceKind.choices)
    validation = DataValidation(type="list", formula1=f'"{kinds}"', allow_blank=False)
    sheet.add_data_validation(validation)
    validation.add("C2:C2000")
    for letter, width in zip("ABCDEF", (22, 8, 18, 24, 18, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    guide = book.create_sheet("填写说明")
    guide.append(["每行一个项目一个年度的一种资金来源（三(二)）；金额单位为元，最多两位小数。"])
    guide.append(["社会资本须填写出资方；同一项目、年度、来源、出资方已有记录的将被更新。"])
    guide.append(["整表校验：任何一行有错，全部不写入，并列出所有错误。"])
    return workbook_bytes(book)


def _decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return Decimal("NaN")
    return number


def _sheet_rows(
    content: bytes, sheet_name: str, headers: tuple[str, ...]
) -> list[tuple[int, list[Any]]]:
    """(line number, cells) of the non-empty data rows; file-level problems raise at once.

    Bounded: the file size, the rows scanned (a million empty rows stop early) and the rows
    kept are capped, read in openpyxl's streaming mode."""
    if len(content) > MAX_BYTES:
        raise ValidationFailed(
            {"文件": [f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请拆分后导入。"]}
        )
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-xlsx upload
        raise ValidationFailed(
            {"文件": ["无法读取该文件，请上传由导入模板填写的 .xlsx 文件。"]}
        ) from exc
    out: list[tuple[int, list[Any]]] = []
    try:
        sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
        cells_iter = sheet.iter_rows(values_only=True, max_row=MAX_SCANNED)
        header = tuple(str(c).strip() if c is not None else "" for c in next(cells_iter, ()) or ())
        if header[: len(headers)] != headers:
            raise ValidationFailed(
                {"文件": [f"第1行表头与模板不一致，请使用“{sheet_name}”导入模板，不要改动表头。"]}
            )
        for line, cells in enumerate(cells_iter, start=2):
            values = list(cells[: len(headers)]) + [None] * (len(headers) - len(cells))
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if len(out) >= MAX_ROWS:
                raise ValidationFailed({"文件": [f"一次最多导入 {MAX_ROWS} 行，请拆分后导入。"]})
            out.append((line, values))
    finally:
        book.close()
    return out


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def read_rows(content: bytes) -> tuple[list[ImportRow], dict[str, list[str]]]:
    """Readable rows of the funding sheet and the errors of the unreadable ones (file-level
    problems raise ValidationFailed at once)."""
    labels = {str(label): value for value, label in SourceKind.choices}
    errors: dict[str, list[str]] = {}
    rows: list[ImportRow] = []
    for line, values in _sheet_rows(content, SHEET, HEADERS):
        reference, year, kind, investor, planned, received = values
        problems = []
        year_number = _int(year)
        if year_number is None:
            problems.append("年度应为四位数字")
        kind_value = labels.get(str(kind).strip()) if kind is not None else None
        if kind_value is None:
            problems.append(f"资金来源“{kind or ''}”不在可选范围内")
        planned_d, received_d = _decimal(planned), _decimal(received)
        if planned_d is None:
            problems.append("缺少计划金额")
        for label, number in (("计划金额", planned_d), ("到位金额", received_d)):
            if number is not None and not number.is_finite():
                problems.append(f"{label}不是有效数字")
        if problems:
            errors[f"第{line}行"] = [f"第{line}行：{'；'.join(problems)}。"]
            continue
        assert year_number is not None and kind_value is not None and planned_d is not None
        rows.append(
            ImportRow(
                line=line,
                reference=str(reference or "").strip(),
                data=FundingInput(
                    kind=kind_value,
                    year=year_number,
                    planned=planned_d,
                    received=received_d if received_d is not None else Decimal("0"),
                    investor=str(investor or "").strip(),
                ),
            )
        )
    return rows, errors


QUARTER_SHEET = "季度运营指标"
SERVICE_KEYS = tuple(value for value, _label in Service.choices)
QUARTER_HEADERS = (
    "项目编号", "年度", "季度", "开放时间履约率（%）", "满意度调查样本数", "满意及基本满意数",
    "运营收入（元）", "财政补贴（元）",
    *(f"{label}服务人次" for _v, label in Service.choices),
)  # fmt: skip


def quarter_template() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = QUARTER_SHEET
    sheet.append(list(QUARTER_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    guide = book.create_sheet("填写说明")
    guide.append(
        ["每行一个项目一个季度（三(三)）；某项服务未开放则其服务人次留空，开放但无人次填0。"]
    )
    guide.append(
        ["整表校验：任何一行有错，全部不写入，并列出所有错误。报送后由区、县（市）风貌办确认。"]
    )
    return workbook_bytes(book)


def read_quarter_rows(
    content: bytes,
) -> tuple[list[tuple[int, str, QuarterInput]], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    rows: list[tuple[int, str, QuarterInput]] = []
    for line, values in _sheet_rows(content, QUARTER_SHEET, QUARTER_HEADERS):
        reference, year, quarter, hours, responses, satisfied, revenue, subsidy = values[:8]
        problems = []
        numbers = {
            "年度": _int(year),
            "季度": _int(quarter),
            "满意度调查样本数": _int(responses),
            "满意及基本满意数": _int(satisfied),
        }
        problems += [f"{label}应为整数" for label, number in numbers.items() if number is None]
        decimals = {
            "开放时间履约率": _decimal(hours),
            "运营收入": _decimal(revenue),
            "财政补贴": _decimal(subsidy),
        }
        problems += [
            f"{label}不是有效数字"
            for label, number in decimals.items()
            if number is None or not number.is_finite()
        ]
        lines = []
        for key, people in zip(SERVICE_KEYS, values[8:], strict=True):
            if people is None or (isinstance(people, str) and not people.strip()):
                continue
            count = _int(people)
            if count is None:
                problems.append(f"“{dict(Service.choices)[key]}服务人次”应为整数")
                continue
            lines.append(LineInput(key, True, count))
        if problems:
            errors[f"第{line}行"] = [f"第{line}行：{'；'.join(problems)}。"]
            continue
        rows.append(
            (
                line,
                str(reference or "").strip(),
                QuarterInput(
                    year=numbers["年度"] or 0, quarter=numbers["季度"] or 0,
                    hours_kept_percent=decimals["开放时间履约率"] or Decimal(0),
                    survey_responses=numbers["满意度调查样本数"] or 0,
                    survey_satisfied=numbers["满意及基本满意数"] or 0,
                    revenue=decimals["运营收入"] or Decimal(0), subsidy=decimals["财政补贴"] or Decimal(0),
                    lines=tuple(lines),
                ),
            )
        )  # fmt: skip
    return rows, errors


def today_stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M")


# --- operators (issue 16 §6) --------------------------------------------------------------------

OPERATOR_SHEET = "运营单位"
MEMBER_SHEET = "联合体成员"
OPERATOR_HEADERS = (
    "运营单位名称", "运营商类型", "运营服务", "统一社会信用代码", "联系人", "联系电话", "地址",
)  # fmt: skip
MEMBER_HEADERS = (
    "联合体统一社会信用代码", "成员单位名称", "成员类型", "联合体角色", "成员统一社会信用代码",
)  # fmt: skip
MEMBER_ROLES = ("牵头方", "成员")
SERVICE_SEPARATORS = "、,，;； "


def _list_validation(sheet: Any, labels: Sequence[str], cells: str) -> None:
    validation = DataValidation(
        type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True
    )
    validation.error = "请从下拉列表中选择。"
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add(cells)


def operator_template() -> bytes:
    """Two sheets (operators, consortium members) with drop-down lists, and a guide."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = OPERATOR_SHEET
    sheet.append(list(OPERATOR_HEADERS))
    _list_validation(sheet, [str(label) for _v, label in OperatorKind.choices], "B2:B2000")
    members = book.create_sheet(MEMBER_SHEET)
    members.append(list(MEMBER_HEADERS))
    _list_validation(members, [str(label) for _v, label in MemberKind.choices], "C2:C2000")
    _list_validation(members, MEMBER_ROLES, "D2:D2000")
    for ws, widths in ((sheet, (30, 14, 30, 22, 12, 16, 36)), (members, (22, 30, 16, 12, 22))):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
    guide = book.create_sheet("填写说明")
    services_text = "、".join(str(label) for _v, label in Service.choices)
    for line in (
        "“运营单位”表每行一家运营单位（三(三)）；“联合体成员”表每行一家成员单位。",
        "运营商类型：综合运营商或专业运营商；专业运营商须填写运营服务（如托育、养老、社区商业）。",
        f"运营服务可填多项，用顿号分隔，可选：{services_text}。",
        "统一社会信用代码18位，按 GB 32100-2015 校验；已登记的运营单位不能重复导入。",
        "联合体成员表的“联合体统一社会信用代码”须与“运营单位”表中某一行相同，该单位即登记为联合体。",
        "成员类型：" + "、".join(str(label) for _v, label in MemberKind.choices)
        + "；联合体角色：" + "、".join(MEMBER_ROLES) + "（可空）。",
        "整表校验：任何一行有错，全部不写入，并列出所有错误。",
    ):  # fmt: skip
        guide.append([line])
    guide.column_dimensions["A"].width = 100
    return workbook_bytes(book)


def _read_sheet(book: Any, name: str, headers: tuple[str, ...]) -> list[tuple[int, list[Any]]]:
    if name not in book.sheetnames:
        raise ValidationFailed({"文件": [f"缺少“{name}”工作表，请使用运营单位导入模板。"]})
    rows = bounded_rows(book[name])
    header = tuple(str(c).strip() if c is not None else "" for c in next(rows, ()) or ())
    if header[: len(headers)] != headers:
        raise ValidationFailed(
            {"文件": [f"“{name}”工作表第1行表头与模板不一致，请使用导入模板，不要改动表头。"]}
        )
    out: list[tuple[int, list[Any]]] = []
    for line, cells in enumerate(rows, start=2):
        values = list(cells[: len(headers)]) + [None] * (len(headers) - len(cells))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(out) >= MAX_ROWS:
            raise ValidationFailed(
                {"文件": [f"“{name}”工作表一次最多导入 {MAX_ROWS} 行，请拆分后导入。"]}
            )
        out.append((line, values))
    return out


def read_operator_book(
    content: bytes,
) -> tuple[list[tuple[int, list[Any]]], list[tuple[int, list[Any]]]]:
    """(line, cells) of the operator and member sheets; file-level problems (size, archive
    bounds of common.limits, unreadable file, headers) raise ValidationFailed at once."""
    if len(content) > MAX_BYTES:
        raise ValidationFailed(
            {"文件": [f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请拆分后导入。"]}
        )
    try:
        check_xlsx(content)
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except InputTooLarge as exc:
        raise ValidationFailed({"文件": [exc.message]}) from exc
    except Exception as exc:  # openpyxl raises many types for a non-xlsx upload
        raise ValidationFailed(
            {"文件": ["无法读取该文件，请上传由导入模板填写的 .xlsx 文件。"]}
        ) from exc
    try:
        return (
            _read_sheet(book, OPERATOR_SHEET, OPERATOR_HEADERS),
            _read_sheet(book, MEMBER_SHEET, MEMBER_HEADERS),
        )
    except InputTooLarge as exc:
        raise ValidationFailed({"文件": [exc.message]}) from exc
    finally:
        book.close()
