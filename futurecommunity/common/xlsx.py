"""One-sheet list workbooks behind the "导出 Excel" buttons (issue 3): a title line saying what,
who and when, a bold Chinese header row, the rows, column widths and frozen headers.

Text that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-`` or ``@``) is
written with a leading apostrophe, so an exported name can never run as a formula (CSV/formula
injection, OWASP). No database access and nothing of our other apps here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@")
HEADER_ROW = 2  # row 1 is the title line


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14


def neutralise(value: Any) -> Any:
    """The value as it should be written: text that looks like a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def list_workbook(
    *,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    exported_by: str,
    exported_at: dt.datetime,
) -> bytes:
    """The workbook bytes: title line, headers, one line per row, widths, frozen header row."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    heading = [title, f"导出人：{exported_by}", f"导出时间：{exported_at:%Y-%m-%d %H:%M}"]
    sheet.append([neutralise(v) for v in heading])
    sheet.append([c.header for c in columns])
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    return workbook_bytes(book)


def workbook_bytes(book: Workbook) -> bytes:
    """The one place a workbook becomes bytes (issue 11 §6): every text cell of every sheet that
    a spreadsheet would run as a formula is neutralised first, whichever code filled it.
    Data-validation lists are not cells and stay as they are."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.value = neutralise(value)
                    cell.data_type = "s"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An attachment download; the (possibly Chinese) file name is RFC 6266-encoded."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
