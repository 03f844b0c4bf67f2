"""Compliance board screen, Excel export and compliance_board command on real regions and plan."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from futurecommunity.audit.models import AuditEntry
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    ProjectFactory,
    advance,
)

pytestmark = pytest.mark.django_db

D = dt.date
URL = reverse("compliance-board")
EXPORT = reverse("compliance-board-export")


@pytest.fixture
def new_build_county(tashan_editor, yuecheng_approver):
    """越城 2024 county new-build, listed 2024-03-01: T1 requires provincial (violation)."""
    project = ProjectFactory(actor=tashan_editor, build_type="new_build", name="塔山新建测试社区")
    return advance(
        project,
        "listed",
        approver=yuecheng_approver,
        editor=tashan_editor,
        on=[D(2024, 2, 1), D(2024, 3, 1)],
    )


@pytest.fixture
def keqiao_key_area(keqiao_editor, keqiao_approver):
    project = ProjectFactory(
        actor=keqiao_editor,
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
        is_key_area=True,
        name="柯桥重点片区测试社区",
    )
    return advance(
        project, "declared", approver=keqiao_approver, editor=keqiao_editor, on=D(2024, 2, 1)
    )


def test_city_sees_every_district_and_the_city_row(client, city_viewer, new_build_county) -> None:
    client.force_login(city_viewer)
    response = client.get(URL, {"as_of": "2025-06-30"})
    assert response.status_code == 200
    names = [row.name for row in response.context["board"].rows]
    assert names[0] == "绍兴市" and "越城区" in names and "柯桥区" in names and len(names) == 7
    assert "塔山新建测试社区" in response.content.decode()


@pytest.mark.parametrize(
    ("user", "district", "hidden"),
    [
        ("yuecheng_editor", "越城区", "柯桥重点片区测试社区"),
        ("keqiao_editor", "柯桥区", "塔山新建测试社区"),
    ],
)
def test_a_district_sees_only_its_own_row(
    client, request, user, district, hidden, new_build_county, keqiao_key_area
) -> None:
    client.force_login(request.getfixturevalue(user))
    response = client.get(URL, {"as_of": "2025-06-30", "rule": "T1-level"})
    assert [row.name for row in response.context["board"].rows] == [district]
    assert hidden not in response.content.decode()
    assert all(
        f.region_code.startswith(response.context["board"].rows[0].code)
        for f in response.context["board"].findings
    )


@pytest.mark.parametrize("user", ["department_reviewer", "resident", "outsider"])
def test_viewers_without_territory_get_404(client, request, user) -> None:
    client.force_login(request.getfixturevalue(user))
    assert client.get(URL).status_code == 404
    assert client.get(EXPORT).status_code == 404
    assert not AuditEntry.objects.filter(action="compliance.export").exists()


def test_anonymous_is_sent_to_login(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_clicking_a_cell_lists_its_findings(client, yuecheng_editor, new_build_county) -> None:
    client.force_login(yuecheng_editor)
    response = client.get(URL, {"as_of": "2025-06-30", "row": "330602", "rule": "T1-level"})
    findings = response.context["findings"]
    assert [(f.subject_code, f.severity) for f in findings] == [
        (new_build_county.reference, "violation")
    ]
    cell = next(c for c in response.context["board"].rows[0].cells if c.rule.rule_id == "T1-level")
    assert (cell.violations, cell.warnings, cell.light) == (1, 0, "red")


def test_the_date_replays_the_board(client, yuecheng_editor, new_build_county) -> None:
    client.force_login(yuecheng_editor)
    before = client.get(URL, {"as_of": "2024-01-31", "row": "330602", "rule": "T1-level"})
    # Declared only on 2024-02-01: on 2024-01-31 the project is merely registered, so the level
    # is a warning to put right before declaring (二(一) T1), not yet a violation.
    assert [(f.subject_code, f.severity) for f in before.context["findings"]] == [
        (new_build_county.reference, "warning")
    ]


def test_a_bad_date_falls_back_to_today_with_a_message(client, yuecheng_editor) -> None:
    client.force_login(yuecheng_editor)
    response = client.get(URL, {"as_of": "2025-13-01"})
    assert response.status_code == 200
    assert "格式不正确" in response.content.decode()


def test_export_reads_back_with_chinese_headers_and_is_audited(
    client, keqiao_editor, keqiao_key_area
) -> None:
    client.force_login(keqiao_editor)
    response = client.get(EXPORT, {"as_of": "2025-06-30"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "2025-06-30" in rows[0][0] and rows[0][1] == f"导出人：{keqiao_editor}"
    assert rows[1][:6] == ("规则", "条款", "对象类型", "对象代码", "对象名称", "判定")
    (t1,) = [r for r in rows[2:] if r[0] == "T1-level"]
    assert t1[3:6] == (keqiao_key_area.reference, "柯桥重点片区测试社区", "不符合")
    assert all(r[3] != "330600" for r in rows[2:])  # no city-level rows for a district
    entry = AuditEntry.objects.get(action="compliance.export")
    assert entry.region_code == KEQIAO and str(len(rows) - 2) in entry.reason


def test_command_json_lists_every_finding(new_build_county) -> None:
    out = StringIO()
    call_command("compliance_board", "--as-of", "2025-06-30", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["as_of"] == "2025-06-30"
    (t1,) = [f for f in payload["findings"] if f["rule_id"] == "T1-level"]
    assert t1 == {
        "rule_id": "T1-level",
        "clause": "二(一) T1",
        "subject": {
            "kind": "project",
            "code": new_build_county.reference,
            "name": "塔山新建测试社区",
            "region_code": "330602001",
        },
        "severity": "violation",
        "required": "1",
        "actual": "0",
        "gap": "1",
        "unit": "项",
        "explanation": t1["explanation"],
    }
    (count,) = [f for f in payload["findings"] if f["rule_id"] == "G1-count"]
    assert (count["actual"], count["required"]) == ("62", "300")


def test_command_text_ends_with_totals() -> None:
    out = StringIO()
    call_command("compliance_board", "--as-of", "2025-06-30", stdout=out)
    assert out.getvalue().strip().splitlines()[-1].startswith("截至2025-06-30共")


def test_command_rejects_a_bad_date() -> None:
    with pytest.raises(CommandError, match="格式不正确"):
        call_command("compliance_board", "--as-of", "30/06/2025")


def test_export_writes_a_formula_looking_name_as_text(client, keqiao_editor, keqiao_key_area):
    from futurecommunity.projects.models import Project

    evil = '=HYPERLINK("http://evil.example/","点击")'
    Project.objects.filter(pk=keqiao_key_area.pk).update(name=evil)
    client.force_login(keqiao_editor)
    response = client.get(EXPORT, {"as_of": "2025-06-30"})
    book = load_workbook(BytesIO(response.content))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert any(c.value == "'" + evil and c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for c in cells)
