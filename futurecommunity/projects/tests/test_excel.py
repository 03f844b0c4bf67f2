"""Export of the filtered list, the import template, and upload → check → confirm import."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError
from futurecommunity.projects import excel, imports
from futurecommunity.projects.excel_views import SESSION_KEY, XLSX
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    HUAYUAN,
    KEQIAO,
    KEQIAO_STREET,
    YUECHENG,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("projects:project-export")
TEMPLATE_URL = reverse("projects:project-import-template")
IMPORT_URL = reverse("projects:project-import")
CONFIRM_URL = reverse("projects:project-import-confirm")


def _row(i: int, **overrides: Any) -> dict[str, Any]:
    tashan = i % 2 == 0
    row = {
        "name": f"导入测试未来社区{i}",
        "district": "越城区",
        "street": "塔山街道" if tashan else "府山街道",
        "communities": "花园社区、沈园社区" if tashan else "越都社区",
        "level": "县级",
        "build_type": "旧改类",
        "creation_year": 2024,
        "is_key_area": "是" if i % 3 == 0 else "否",
        "is_linked_renovation": "否",
        "total_investment": 1_250_000.5,
        "floor_area": "3,200",
        "funding": "政府投资",
    }
    return row | overrides


def _upload(rows: list[dict[str, Any]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = excel.IMPORT_SHEET
    sheet.append([c.header for c in excel.IMPORT_COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key) for c in excel.IMPORT_COLUMNS])
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("projects.xlsx", buffer.getvalue(), content_type=XLSX)


def _errors(response: Any) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in response.context["check"].errors]


def _sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(BytesIO(content))[excel.EXPORT_SHEET]
    return list(sheet.iter_rows(values_only=True))


def test_export_matches_filtered_list_and_scope(
    client, yuecheng_editor, keqiao_editor, city_approver
):
    county = ProjectFactory(actor=yuecheng_editor, level="county", total_investment=Decimal("99.5"))
    ProjectFactory(actor=yuecheng_editor, level="municipal")
    ProjectFactory(
        actor=keqiao_editor,
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
        level="county",
    )
    client.force_login(yuecheng_editor)

    response = client.get(EXPORT_URL, {"level": "county"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    rows = _sheet_rows(response.content)
    assert rows[0][1] == f"导出人：{yuecheng_editor}"
    assert str(rows[0][2]).startswith("导出时间：")
    assert rows[1] == excel.EXPORT_HEADERS
    assert [r[0] for r in rows[2:]] == [county.reference]
    data = dict(zip(excel.EXPORT_HEADERS, rows[2], strict=True))
    assert data["区、县（市）"] == "越城区"
    assert data["实施街道"] == "塔山街道"
    assert data["覆盖社区"] == "花园社区"
    assert data["创建等级"] == "县级"
    assert data["状态"] == "计划"
    assert data["总投资（元）"] == 99.5
    assert data["联动老旧小区改造"] == "否"
    entry = AuditEntry.objects.get(action="project.export")
    assert entry.actor == yuecheng_editor
    assert entry.changes["count"] == [None, 1]

    client.force_login(city_approver)
    everything = _sheet_rows(client.get(EXPORT_URL).content)[2:]
    assert len(everything) == 3
    keqiao_only = _sheet_rows(client.get(EXPORT_URL, {"district": KEQIAO}).content)[2:]
    assert [r[2] for r in keqiao_only] == ["柯桥区"]


def test_export_for_user_without_scope_is_404(client, outsider):
    client.force_login(outsider)
    assert client.get(EXPORT_URL).status_code == 404
    assert not AuditEntry.objects.filter(action="project.export").exists()


def test_template_has_dropdowns_of_the_users_scope_and_instructions(client, yuecheng_editor):
    client.force_login(yuecheng_editor)

    response = client.get(TEMPLATE_URL)

    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [excel.IMPORT_SHEET, excel.LISTS_SHEET, excel.HELP_SHEET]
    sheet = book[excel.IMPORT_SHEET]
    assert [c.value for c in sheet[1]] == [c.header for c in excel.IMPORT_COLUMNS]
    lists = book[excel.LISTS_SHEET]
    columns = {
        col[0].value: [c.value for c in col[1:] if c.value is not None] for col in lists.iter_cols()
    }
    assert columns["区、县（市）"] == ["越城区"]
    assert "塔山街道" in columns["实施街道"]
    assert "柯桥街道" not in columns["实施街道"]
    assert columns["创建等级"] == ["省级", "市级", "县级"]
    assert columns["建设类型"] == ["新建类", "旧改类"]
    assert columns["资金来源"] == ["政府投资", "企业自筹", "混合投资"]
    assert columns["重点片区"] == ["是", "否"]
    header_column = {c.header: i for i, c in enumerate(excel.IMPORT_COLUMNS)}
    validated = {}
    for dv in sheet.data_validations.dataValidation:
        first = str(dv.sqref).split(":")[0]
        header = sheet[first.rstrip("0123456789") + "1"].value
        validated[header] = (dv.type, dv.formula1)
    for header in ("区、县（市）", "实施街道", "创建等级", "建设类型", "资金来源", "重点片区"):
        assert validated[header][0] == "list", header
        assert excel.LISTS_SHEET in validated[header][1]
    assert validated["联动老旧小区改造"][0] == "list"
    assert validated["创建年度"] == ("whole", "2019")
    assert len(header_column) == len(excel.IMPORT_COLUMNS)
    guide = [r[0] for r in book[excel.HELP_SHEET].iter_rows(values_only=True)]
    assert "未来社区项目批量导入填写说明" in guide


def test_300_rows_with_5_errors_reports_all_then_fixed_file_imports_all(client, yuecheng_editor):
    client.force_login(yuecheng_editor)
    rows = [_row(i) for i in range(300)]
    broken = list(rows)
    broken[10] = _row(10, district="越城县")
    broken[70] = _row(70, communities="越都社区、不存在社区")  # row 70 is 府山街道
    broken[140] = _row(140, total_investment="一百万")
    broken[210] = _row(210, creation_year=2050)
    broken[280] = _row(280, name=rows[4]["name"], street=rows[4]["street"])

    response = client.post(IMPORT_URL, {"file": _upload(broken)})

    assert response.status_code == 200
    assert _errors(response) == [
        (12, "区、县（市）"),
        (72, "覆盖社区"),
        (142, "总投资（元）"),
        (212, "创建年度"),
        (282, "项目名称"),
    ]
    messages = [e.message for e in response.context["check"].errors]
    assert messages[0] == "区、县（市）“越城县”不存在，请从下拉列表中选择。"
    assert "不存在社区" in messages[1] and "（一、G3）" in messages[1]
    assert messages[2] == "“总投资（元）”须填写数字，本行填写的“一百万”不是数字。"
    assert "2019—2035" in messages[3]
    assert messages[4].startswith("与第 6 行重复")
    assert "import-confirm" not in response.content.decode()
    assert SESSION_KEY not in client.session
    assert client.post(CONFIRM_URL, {"token": "forged"}).status_code == 302
    assert Project.objects.count() == 0
    assert not AuditEntry.objects.exists()

    response = client.post(IMPORT_URL, {"file": _upload(rows)})
    assert response.context["check"].errors == ()
    token = response.context["token"]
    response = client.post(CONFIRM_URL, {"token": token})

    assert response.status_code == 302
    assert Project.objects.count() == 300
    assert AuditEntry.objects.filter(action="project.create").count() == 300
    entry = AuditEntry.objects.get(action="project.import")
    assert entry.reason == "导入 300 个项目"
    assert len(entry.changes["references"][1]) == 300
    first = Project.objects.get(name="导入测试未来社区0")
    assert first.reference == "WL-330602-2024-001"
    assert sorted(first.communities.values_list("name", flat=True)) == ["沈园社区", "花园社区"]
    assert first.total_investment == Decimal("1250000.50")
    assert first.floor_area == Decimal("3200.00")
    assert first.is_key_area is True
    assert first.funding == "government"
    again = client.post(CONFIRM_URL, {"token": token})
    assert again.status_code == 302
    assert Project.objects.count() == 300


def test_place_and_rule_errors_are_sentences_with_row_and_column(client, yuecheng_editor):
    client.force_login(yuecheng_editor)
    rows = [
        _row(0, street="柯桥街道"),
        _row(1, build_type="新建类", is_linked_renovation="是"),
        _row(2, level="特级", is_key_area="也许", longitude=130),
        _row(3, street="不存在街道"),
        _row(4, communities="", name=""),
    ]

    response = client.post(IMPORT_URL, {"file": _upload(rows)})

    errors = {(e.row, e.column): e.message for e in response.context["check"].errors}
    assert errors == {
        (2, "实施街道"): "街道“柯桥街道”不属于越城区，请核对区、县（市）和街道。",
        (3, "联动老旧小区改造"): (
            "只有旧改类项目可以联动老旧小区改造（二(一) T4），本行建设类型为新建类。"
        ),
        (4, "创建等级"): "“创建等级”只能填写省级／市级／县级，本行填写的“特级”无法识别。",
        (4, "重点片区"): "“重点片区”只能填写“是”或“否”，本行填写的是“也许”。",
        (4, "经度"): "“经度”须在 118 至 122 之间，本行填写的是 130。",
        (5, "实施街道"): "街道（镇、乡）“不存在街道”不存在，请从下拉列表中选择。",
        (6, "项目名称"): "“项目名称”为必填项，本行未填写。",
        (6, "覆盖社区"): "“覆盖社区”为必填项，本行未填写。",
    }
    assert Project.objects.count() == 0


def test_district_user_cannot_import_into_another_district(client, keqiao_editor):
    client.force_login(keqiao_editor)
    assert client.get(IMPORT_URL).status_code == 200

    response = client.post(IMPORT_URL, {"file": _upload([_row(0), _row(1)])})

    assert _errors(response) == [(2, "实施街道"), (3, "实施街道")]
    assert "您无权在“塔山街道”登记项目" in response.context["check"].errors[0].message
    assert Project.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_viewer_cannot_open_import(client, city_viewer):
    client.force_login(city_viewer)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403
    assert client.post(CONFIRM_URL, {"token": "x"}).status_code == 403


def test_unreadable_upload_is_reported(client, yuecheng_editor):
    client.force_login(yuecheng_editor)
    bad = SimpleUploadedFile("x.xlsx", b"not a workbook")
    response = client.post(IMPORT_URL, {"file": bad})
    assert response.context["failure"] == "无法读取该文件，请上传由导入模板填写的 .xlsx 文件。"


def test_import_is_all_or_nothing_when_a_row_fails_midway(yuecheng_editor):
    good = ProjectFactory.build(name="第一个")
    bad = ProjectFactory.build(name="第二个", community_codes=(HUAYUAN, GUANSHU))

    with pytest.raises(DomainError) as caught:
        imports.project_import(actor=yuecheng_editor, rows=[good, bad])

    assert caught.value.message.startswith("第 2 个项目“第二个”未能导入：")
    assert caught.value.message.endswith("本次导入已全部撤销，未写入任何项目。")
    assert Project.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_session_rows_round_trip(yuecheng_editor):
    check = imports.project_import_check(
        actor=yuecheng_editor, content=_upload([_row(0, longitude=120.5)]).read()
    )
    assert check.ok
    restored = imports.inputs_from_json(imports.rows_to_json(check.rows))
    assert restored == [check.rows[0].data]
    assert restored[0].district_code == YUECHENG
