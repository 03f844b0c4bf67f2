from __future__ import annotations

import datetime as dt
from io import BytesIO

from openpyxl import load_workbook

from futurecommunity.common.time import SHANGHAI
from futurecommunity.common.xlsx import XLSX, Column, list_workbook, neutralise, xlsx_response

AT = dt.datetime(2026, 6, 30, 9, 5, tzinfo=SHANGHAI)


def _book(rows: list[tuple[object, ...]]) -> bytes:
    return list_workbook(
        title="测试清单",
        columns=(Column("名称", 20), Column("数量", 8)),
        rows=rows,
        exported_by="张三",
        exported_at=AT,
    )


def test_workbook_has_title_line_headers_rows_widths_and_frozen_headers():
    sheet = load_workbook(BytesIO(_book([("花园社区", 3), ("沈园社区", None)]))).active
    assert sheet is not None
    assert list(sheet.iter_rows(values_only=True)) == [
        ("测试清单", "导出人：张三", "导出时间：2026-06-30 09:05"),
        ("名称", "数量", None),
        ("花园社区", 3, None),
        ("沈园社区", None, None),
    ]
    assert sheet["A2"].font.bold is True
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["A"].width == 20
    assert sheet.column_dimensions["B"].width == 8


def test_text_that_looks_like_a_formula_is_written_as_text():
    rows = [('=HYPERLINK("http://x")', 1), ("+1+1", 2), ("-2", 3), ("@SUM(A1)", 4)]
    sheet = load_workbook(BytesIO(_book(rows))).active
    assert sheet is not None
    cells = [sheet.cell(row=r, column=1) for r in range(3, 7)]
    assert [c.value for c in cells] == ['\'=HYPERLINK("http://x")', "'+1+1", "'-2", "'@SUM(A1)"]
    assert {c.data_type for c in cells} == {"s"}
    assert sheet.cell(row=5, column=2).value == 3  # numbers are left alone


def test_neutralise_leaves_ordinary_values_alone():
    assert neutralise("花园社区") == "花园社区"
    assert neutralise(-5) == -5
    assert neutralise(None) is None


def test_response_is_an_attachment_with_an_encoded_chinese_name():
    response = xlsx_response(b"x", "清单.xlsx")
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
