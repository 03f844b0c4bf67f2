"""Funding import template and reader (all-or-nothing import, bounded input)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from futurecommunity.common.errors import ValidationFailed
from futurecommunity.operations.models import SourceKind
from futurecommunity.operations.services import FundingInput, ImportRow

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
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return Decimal("NaN")
    return number


def read_rows(content: bytes) -> tuple[list[ImportRow], dict[str, list[str]]]:
    """Readable rows of the funding sheet and the errors of the unreadable ones (file-level
    problems raise ValidationFailed at once)."""
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
    labels = {str(label): value for value, label in SourceKind.choices}
    errors: dict[str, list[str]] = {}
    rows: list[ImportRow] = []
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        cells_iter = sheet.iter_rows(values_only=True, max_row=MAX_SCANNED)
        header = tuple(str(c).strip() if c is not None else "" for c in next(cells_iter, ()) or ())
        if header[: len(HEADERS)] != HEADERS:
            raise ValidationFailed(
                {"文件": ["第1行表头与模板不一致，请使用资金来源导入模板，不要改动表头。"]}
            )
        for line, cells in enumerate(cells_iter, start=2):
            values = list(cells[: len(HEADERS)]) + [None] * (len(HEADERS) - len(cells))
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise ValidationFailed({"文件": [f"一次最多导入 {MAX_ROWS} 行，请拆分后导入。"]})
            reference, year, kind, investor, planned, received = values
            problems = []
            year_number = (
                int(year) if isinstance(year, int | float) and float(year).is_integer() else None
            )
            if year_number is None and isinstance(year, str) and year.strip().isdigit():
                year_number = int(year.strip())
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
    finally:
        book.close()
    return rows, errors


def today_stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M")
