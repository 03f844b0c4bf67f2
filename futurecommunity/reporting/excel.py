"""Excel: the monthly report template and its all-or-nothing import; ranking/incentive exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from futurecommunity.common.limits import InputTooLarge, bounded_rows, check_xlsx
from futurecommunity.common.provenance import with_provenance
from futurecommunity.common.xlsx import workbook_bytes
from futurecommunity.reporting.services import ReportInput, report_input_errors

COLUMNS = (
    ("project", "项目编号"),
    ("name", "项目名称（仅供核对）"),
    ("percent_complete", "形象进度（%）"),
    ("investment_month", "当月完成投资（元）"),
    ("investment_to_date", "累计完成投资（元）"),
    ("milestones", "本月节点完成情况"),
    ("problems", "存在问题"),
    ("help_needed", "需协调事项"),
)
_NUMBERS = {"percent_complete", "investment_month", "investment_to_date"}


def template_workbook(projects: list[tuple[str, str]], month: dt.date) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{month:%Y-%m}月报"
    ws.append([label for _key, label in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for reference, name in projects:
        ws.append([reference, name])
    for column in "ABCDEFGH":
        ws.column_dimensions[column].width = 22
    return workbook_bytes(wb)


def parse_import(content: bytes) -> tuple[list[tuple[int, str, ReportInput]], list[str]]:
    """Rows as (row number, project reference, input) and Chinese row/column errors."""
    try:
        check_xlsx(content)  # archive, shared-strings bounds (issue 11 §4)
    except InputTooLarge as exc:
        return [], [exc.message]
    try:
        ws = load_workbook(BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:  # noqa: BLE001 - any unreadable file is one user error
        return [], ["文件无法读取，请使用下载的 Excel 模板（.xlsx）。"]
    try:
        rows = list(bounded_rows(ws))
    except InputTooLarge as exc:
        return [], [exc.message]
    header = [str(v or "").strip() for v in (rows[0] if rows else ())]
    expected = [label for _key, label in COLUMNS]
    if header[: len(expected)] != expected:
        return [], ["表头与模板不一致，请使用下载的 Excel 模板。"]
    parsed: list[tuple[int, str, ReportInput]] = []
    errors: list[str] = []
    first_row_of: dict[str, int] = {}
    for number, raw in enumerate(rows[1:], start=2):
        values: dict[str, Any] = dict(zip((k for k, _l in COLUMNS), raw, strict=False))
        if not any(values.get(k) not in (None, "") for k in _NUMBERS):
            continue  # projects without figures are simply not reported in this file
        row_errors, fields = _row(values, number)
        reference = str(values.get("project") or "").strip()
        if reference and reference in first_row_of:  # one report per project (issue 11 §6)
            row_errors.append(
                f"第{number}行“项目编号”列：项目“{reference}”已在第{first_row_of[reference]}行"
                "填报，同一文件中每个项目只能填报一行。"
            )
        elif reference:
            first_row_of[reference] = number
        errors.extend(row_errors)
        if not row_errors:
            data = ReportInput(**fields)
            for key, messages in report_input_errors(data).items():
                errors.extend(f"第{number}行“{dict(COLUMNS)[key]}”列：{m}" for m in messages)
            parsed.append((number, str(values.get("project") or "").strip(), data))
    if not parsed and not errors:
        errors.append("文件中没有填写任何项目的进展。")
    return parsed, errors


def _row(values: dict[str, Any], number: int) -> tuple[list[str], dict[str, Any]]:
    errors: list[str] = []
    fields: dict[str, Any] = {}
    if not str(values.get("project") or "").strip():
        errors.append(f"第{number}行“项目编号”列：不能为空。")
    for key, label in COLUMNS[2:]:
        value = values.get(key)
        if key in _NUMBERS:
            try:
                number_value = Decimal(str(value).strip().replace(",", ""))
            except (InvalidOperation, ValueError):
                errors.append(f"第{number}行“{label}”列：“{value or ''}”不是数字。")
                continue
            if not number_value.is_finite():  # NaN, sNaN, Infinity (issue 11 §5)
                errors.append(f"第{number}行“{label}”列：“{value}”不是有限的数字。")
                continue
            fields[key] = number_value
        else:
            fields[key] = str(value or "").strip()
    return errors, fields


def ranking_workbook(
    quarter: str,
    rows: list[dict[str, Any]],
    indicators: list[dict[str, str]],
    configuration: Sequence[Any] = (),
) -> bytes:
    """The ranking table; below it each indicator's weight, labelled when reconstructed."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"{quarter}考评"
    ws.append(
        [
            "名次",
            "区、县（市）/街道",
            "得分",
            "较上季",
            *[f"{i['name']}（{i['weight']}分）" for i in indicators],
        ]
    )
    for row in rows:
        points = {b["code"]: b["points"] for b in row["breakdown"]}
        ws.append(
            [
                row["rank"],
                row["name"],
                float(row["score"]),
                row["movement"],
                *[float(points.get(i["code"], 0)) for i in indicators],
            ]
        )
    _weights_sheet(wb, indicators, configuration)
    return workbook_bytes(wb)


def _weights_sheet(wb: Workbook, indicators: list[dict[str, str]], rows: Sequence[Any]) -> None:
    """A second sheet: each indicator's weight, labelled 推定（待核实） with its source."""
    by_code = {getattr(r, "code", ""): r for r in rows}
    ws = wb.create_sheet("指标与权重")
    ws.append(["考评指标和权重（四 S2）"])
    for i in indicators:
        ws.append([with_provenance(f"{i['name']}：{i['weight']}分", by_code.get(i["code"]))])
    ws.column_dimensions["A"].width = 90


def incentive_workbook(
    year: int,
    picks: list[Any],
    names: dict[str, str],
    exported_by: str,
    cutoffs: Sequence[Any] = (),
) -> bytes:
    """The recommendation list; below it the cut-offs used, labelled when reconstructed."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年督查激励推荐"
    ws.append(["区、县（市）", "季度平均分", "参评季度数", "推荐理由"])
    for p in picks:
        ws.append([names.get(p.region_code, p.region_code), float(p.average), p.quarters, p.reason])
    ws.append([])
    for row in cutoffs:
        ws.append([with_provenance(f"{row.name}：{row.value}{row.unit}", row)])
    ws.append([f"导出人：{exported_by}", f"导出时间：{dt.datetime.now():%Y-%m-%d %H:%M}"])
    return workbook_bytes(wb)
