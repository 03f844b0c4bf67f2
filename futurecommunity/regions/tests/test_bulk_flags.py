"""The urban flag in bulk (一、G3): by street kind and by an .xlsx list, all-or-nothing."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied
from futurecommunity.regions.models import Region
from futurecommunity.regions.services import region_import_urban_flags

pytestmark = pytest.mark.django_db

URL = reverse("regions:community-bulk")
HUAYUAN, SHENYUAN = "330602001004", "330602001008"  # 塔山街道 residents' committees


def _urban() -> int:
    return Region.objects.filter(is_urban_community=True).count()


def _town_communities(district: str = "") -> int:
    towns = Region.objects.filter(level="street", nbs_kind="town", code__startswith=district)
    return Region.objects.filter(
        level="community",
        parent_code__in=towns.values_list("code", flat=True),
        is_urban_community=True,
    ).count()


def _sheet(rows: list[tuple[object, ...]]) -> SimpleUploadedFile:
    book = Workbook()
    ws = book.active
    ws.append(["城镇社区口径清单"])
    ws.append(["区划代码", "名称", "统计类别", "计入城镇社区"])
    for row in rows:
        ws.append(list(row))
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile("口径.xlsx", out.getvalue())


def test_city_sets_every_community_under_towns_of_one_district_not_urban(client, city_editor):
    before, in_towns = _urban(), _town_communities("330602")
    assert in_towns > 0
    client.force_login(city_editor)
    response = client.post(
        URL,
        {
            "action": "kind",
            "street_kind": "town",
            "district": "330602",
            "is_urban": "0",
            "reason": "镇所辖居委会不计入（市风貌办核定）",
        },
    )
    assert response.status_code == 302
    assert _urban() == before - in_towns and _town_communities("330602") == 0
    assert _town_communities("330603") > 0  # the other district is untouched
    per_row = AuditEntry.objects.filter(action="region.urban_flag")
    assert per_row.count() == in_towns
    assert AuditEntry.objects.filter(action="region.urban_flag_bulk").count() == 1
    assert "镇所辖居委会不计入" in per_row.first().reason


def test_the_exported_list_imports_back_and_a_bad_row_refuses_the_whole_file(client, city_editor):
    client.force_login(city_editor)
    exported = client.get(reverse("regions:community-export"), {"q": "花园"}).content
    ws = load_workbook(BytesIO(exported)).worksheets[0]
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True)]
    assert any(r[0] == HUAYUAN for r in rows)
    before = _urban()
    # one good row, one unknown code, one bad flag: nothing is written, every error listed
    bad = _sheet(
        [
            (HUAYUAN, "花园社区", "", "不计入"),
            ("330602001999", "", "", "计入"),
            (SHENYUAN, "", "", "也许"),
        ]
    )
    response = client.post(URL, {"action": "import", "file": bad, "reason": "核定"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "第4行：社区代码 330602001999 不存在。" in page
    assert "第5行：“计入城镇社区”应填“计入”或“不计入”，现为“也许”。" in page
    assert _urban() == before
    assert not AuditEntry.objects.filter(action__startswith="region.urban_flag").exists()
    # the exported list itself, one cell changed, goes in
    out = BytesIO()
    book = load_workbook(BytesIO(exported))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=3):
        if row[0].value == HUAYUAN:
            row[3].value = "不计入"
    book.save(out)
    upload = SimpleUploadedFile("口径.xlsx", out.getvalue())
    response = client.post(URL, {"action": "import", "file": upload, "reason": "核定"})
    assert response.status_code == 302
    assert _urban() == before - 1
    assert not Region.objects.get(code=HUAYUAN).is_urban_community


def test_a_wrong_header_or_not_an_xlsx_is_refused_in_chinese(client, city_editor):
    client.force_login(city_editor)
    junk = SimpleUploadedFile("口径.xlsx", b"not a workbook")
    page = client.post(URL, {"action": "import", "file": junk, "reason": "x"}).content.decode()
    assert "无法读取文件" in page
    book = Workbook()
    book.active.append(["代码", "名称"])
    out = BytesIO()
    book.save(out)
    wrong = SimpleUploadedFile("口径.xlsx", out.getvalue())
    page = client.post(URL, {"action": "import", "file": wrong, "reason": "x"}).content.decode()
    assert "表头不符" in page


def test_only_the_city_office_changes_the_flag_in_bulk(
    client, yuecheng_editor, city_viewer, resident
):
    before = _urban()
    for user in (yuecheng_editor, city_viewer):
        client.force_login(user)
        assert client.get(URL).status_code == 200
        response = client.post(
            URL, {"action": "kind", "street_kind": "street", "is_urban": "0", "reason": "x"}
        )
        assert response.status_code == 403
    client.force_login(resident)
    assert client.get(URL).status_code == 404
    for user in (yuecheng_editor, city_viewer):
        with pytest.raises(PermissionDenied):
            region_import_urban_flags(actor=user, content=b"", reason="x")
    assert _urban() == before
    assert not AuditEntry.objects.filter(action__startswith="region.urban_flag").exists()
