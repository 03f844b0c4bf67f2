"""Findings to an .xlsx workbook with Chinese headers (openpyxl); the caller audits the export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from futurecommunity.common.xlsx import workbook_bytes
from futurecommunity.targets.compliance.findings import Finding

HEADERS = (
    "规则",
    "条款",
    "对象类型",
    "对象代码",
    "对象名称",
    "判定",
    "应达",
    "实际",
    "差距",
    "单位",
    "说明",
    "推定口径（待核实）",
)


def findings_workbook(
    findings: Sequence[Finding],
    *,
    as_of: dt.date,
    exported_by: str,
    exported_at: dt.datetime,
    basis: Mapping[str, Sequence[str]] | None = None,
) -> bytes:
    """One sheet: a title line (date, exporter, time), the headers, one row per finding.

    ``basis`` (rule → lines) labels a finding whose sentence rests on a reconstructed
    configuration row: "推定（待核实）" with the row's name and source, in the last column."""
    basis = basis or {}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "合规检查"
    sheet.append(
        [
            f"未来社区建设合规检查（截至{as_of:%Y-%m-%d}）",
            f"导出人：{exported_by}",
            f"导出时间：{exported_at:%Y-%m-%d %H:%M}",
        ]
    )
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for f in findings:
        sheet.append(
            [
                f.rule_id,
                f.clause,
                f.subject_label,
                f.subject_code,
                f.subject_name,
                f.severity_label,
                float(f.required),
                float(f.actual),
                float(f.gap),
                f.unit,
                f.explanation,
                "；".join(basis.get(f.rule_id, ())),
            ]
        )
    for column, width in zip(
        "ABCDEFGHIJKL", (14, 10, 10, 20, 28, 8, 8, 8, 8, 8, 90, 60), strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    return workbook_bytes(book)
