"""Reading an exported list workbook back in tests (``common.xlsx`` layout: title, headers, rows)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import load_workbook


def sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(BytesIO(content)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def data_rows(content: bytes) -> list[tuple[Any, ...]]:
    """The rows below the title line and the header row."""
    return sheet_rows(content)[2:]
