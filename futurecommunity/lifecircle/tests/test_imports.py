"""Facility and residential-point imports: every row's problems in Chinese, datum conversion,
all-or-nothing writes, scope, and the same through the screens."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.lifecircle import imports, services
from futurecommunity.lifecircle.engine import gcj02_from_wgs84, wgs84_from_gcj02
from futurecommunity.lifecircle.models import Facility, ResidentialPoint
from futurecommunity.lifecircle.tests.factories import (
    FACILITY_HEADERS,
    RESIDENT_HEADERS,
    facility,
    workbook,
)

pytestmark = pytest.mark.django_db

GOOD = ["塔山社区卫生服务站", "社区卫生服务站", "", 120.5826, 29.9882, "330602001011", "解放路1号",
        120, "", "已开放", "塔山街道社区卫生服务中心"]  # fmt: skip


def _facilities(actor, rows, datum="wgs84"):
    content = workbook(FACILITY_HEADERS, rows, "设施")
    return imports.facility_import_check(
        actor=actor, content=content, filename="设施.xlsx", datum=datum
    )


def test_every_problem_of_every_row_is_reported_in_chinese(catalogue, city_editor):
    check = _facilities(
        city_editor,
        [
            GOOD,
            ["", "游泳馆", "", "abc", 29.9, "不存在社区", "", -5, 1.5, "营业中", ""],
            ["塔山邻里中心", "邻里中心", "", 120.58, 29.98, "塔山街道", "", "", "", "", ""],
            [
                "花园托育",
                "托育机构（托儿所）",
                "养老",
                200,
                29.98,
                "330602001004",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    assert not check.ok
    assert check.row_count == 4
    assert [e.row for e in check.errors] == [3, 3, 3, 3, 3, 3, 3, 4, 5, 5]
    messages = {(e.row, e.column): e.message for e in check.errors}
    assert messages[(3, "设施名称")] == "“设施名称”为必填项，本行未填写。"
    assert messages[(3, "设施类型")] == "设施类型“游泳馆”不在设施类型目录中，请从下拉列表选择。"
    assert messages[(3, "经度")] == "“经度”须填写数字，本行填写的“abc”不是数字。"
    assert messages[(3, "所在区划")] == "在您的辖区内未找到“不存在社区”，请核对名称或改填区划代码。"
    assert (
        messages[(3, "建筑面积（平方米）")]
        == "“建筑面积（平方米）”须为不小于0的数字，本行填写的是 -5。"
    )
    assert messages[(3, "服务规模")] == "“服务规模”须为整数，本行填写的是 1.5。"
    assert (
        messages[(3, "状态")] == "“状态”只能填写规划、在建、已开放或已停用，本行填写的是“营业中”。"
    )
    assert messages[(4, "所含服务")].startswith("邻里中心须填写所含服务")
    assert (
        messages[(5, "所含服务")]
        == "只有邻里中心填写所含服务；“托育机构（托儿所）”的服务由设施类型决定。"
    )
    assert messages[(5, "经度")].startswith("经纬度超出范围")
    assert Facility.objects.count() == 0


def test_gcj02_coordinates_are_converted_to_wgs84(catalogue, city_editor):
    # A point given as GCJ-02 (as read off a Gaode map) is stored as its WGS-84 position.
    gcj_lon, gcj_lat = gcj02_from_wgs84([120.5826], [29.9882])
    row = GOOD[:3] + [float(gcj_lon[0]), float(gcj_lat[0])] + GOOD[5:]
    check = _facilities(city_editor, [row], datum="gcj02")
    assert check.ok
    [data] = check.rows
    expected_lon, expected_lat = wgs84_from_gcj02(gcj_lon, gcj_lat)
    assert data.lon == pytest.approx(float(expected_lon[0]), abs=1e-9)
    assert data.lat == pytest.approx(float(expected_lat[0]), abs=1e-9)
    assert abs(data.lon - 120.5826) < 1e-7 and abs(data.lat - 29.9882) < 1e-7
    # The offset is hundreds of metres in Shaoxing: without conversion the point would be wrong.
    assert abs(float(gcj_lon[0]) - 120.5826) > 0.003
    [facility_row] = services.facility_import(actor=city_editor, rows=check.rows, source="x.xlsx")
    facility_row.refresh_from_db()
    assert facility_row.lon == pytest.approx(120.5826, abs=1e-7)


def test_cgcs2000_and_wgs84_are_stored_unchanged(catalogue, city_editor):
    check = _facilities(city_editor, [GOOD], datum="cgcs2000")
    assert (check.rows[0].lon, check.rows[0].lat) == (120.5826, 29.9882)


def test_a_district_office_cannot_import_into_another_district(catalogue, keqiao_editor):
    check = _facilities(keqiao_editor, [GOOD])
    assert [e.message for e in check.errors] == [
        "在您的辖区内未找到“330602001011”，请核对名称或改填区划代码。"
    ]
    with pytest.raises(PermissionDenied):
        services.facility_import(
            actor=keqiao_editor, rows=[facility("kindergarten", 1, 1)], source="x"
        )
    assert Facility.objects.count() == 0
    assert not AuditEntry.objects.filter(action="facility.import").exists()


def test_import_is_all_or_nothing(catalogue, yuecheng_editor):
    rows = [facility("kindergarten", 1, 1), facility("kindergarten", 2, 2, region="330603001008")]
    with pytest.raises(DomainError, match="第 2 个设施.*本次导入已全部撤销"):
        services.facility_import(actor=yuecheng_editor, rows=rows, source="x")
    assert Facility.objects.count() == 0


def test_geojson_points_are_imported_with_their_properties(catalogue, city_editor):
    document = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.58, 29.99]},
             "properties": {"设施名称": "塔山邻里中心", "设施类型": "邻里中心", "所含服务": "养老、托育、文化",
                            "所在区划": "塔山社区", "状态": "规划"}},
            {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]},
             "properties": {"name": "线", "kind": "幼儿园", "region": "330602001011"}},
        ],
    }  # fmt: skip
    check = imports.facility_import_check(
        actor=city_editor,
        content=json.dumps(document).encode(),
        filename="x.geojson",
        datum="wgs84",
    )
    assert [(e.row, e.column) for e in check.errors] == [(2, "经度"), (2, "纬度")]
    centre = check.rows[0]
    assert (centre.kind_code, centre.status, centre.region_code) == (
        "neighbourhood_centre", "planned", "330602001011",
    )  # fmt: skip
    assert centre.service_codes == ("elderly", "childcare", "culture")


def test_residents_import_checks_rows_and_writes_all(catalogue, yuecheng_editor):
    content = workbook(
        RESIDENT_HEADERS,
        [["花园小区", "花园社区", 120.58, 29.99, 1200, "网格台账"],
         ["", "管墅社区", 120.5, 30.0, 10, ""],
         ["", "沈园社区", 120.58, 29.99, "", ""]],
        "居住点",
    )  # fmt: skip
    check = imports.residential_import_check(
        actor=yuecheng_editor, content=content, filename="r.xlsx", datum="wgs84"
    )
    assert [(e.row, e.column, e.message) for e in check.errors] == [
        (3, "所属社区", "在您的辖区内未找到“管墅社区”，请核对名称或改填区划代码。"),
        (4, "常住人口", "“常住人口”为必填项，本行未填写。"),
    ]
    [row] = check.rows
    created = services.residential_point_import(actor=yuecheng_editor, rows=[row], source="r.xlsx")
    point = ResidentialPoint.objects.get(pk=created[0].pk)
    assert (point.community.code, point.population, point.source) == (
        "330602001004",
        1200,
        "网格台账",
    )
    assert AuditEntry.objects.get(action="residential_point.import").region_code == "330602"


def test_missing_header_is_reported(catalogue, city_editor):
    content = workbook(["设施名称", "经度"], [["x", 1]], "设施")
    with pytest.raises(DomainError, match="第 1 行缺少必填列：设施类型、纬度、所在区划"):
        imports.facility_import_check(
            actor=city_editor, content=content, filename="a.xlsx", datum="wgs84"
        )


def test_template_has_chinese_headers_and_kind_choices(client, catalogue, yuecheng_editor):
    client.force_login(yuecheng_editor)
    response = client.get(reverse("lifecircle:table-import-template", args=["facilities"]))
    book = load_workbook(__import__("io").BytesIO(response.content))
    assert [c.value for c in book["设施"][1]] == FACILITY_HEADERS
    assert "社区卫生服务站" in [row[0].value for row in book["设施类型"].iter_rows()]
    # The template's example row passes the check as it is.
    check = imports.facility_import_check(
        actor=yuecheng_editor, content=response.content, filename="t.xlsx", datum="wgs84"
    )
    assert check.ok


def test_upload_check_confirm_through_the_screens(client, catalogue, yuecheng_editor):
    client.force_login(yuecheng_editor)
    url = reverse("lifecircle:table-import", args=["facilities"])
    bad = workbook(FACILITY_HEADERS, [GOOD, ["", "幼儿园"]], "设施")
    response = client.post(url, {"file": _upload(bad), "datum": "wgs84"})
    text = response.content.decode()
    assert "发现 4 处问题，未写入任何数据" in text
    assert "“设施名称”为必填项，本行未填写。" in text
    good = workbook(FACILITY_HEADERS, [GOOD], "设施")
    response = client.post(url, {"file": _upload(good), "datum": "wgs84"})
    token = response.context["token"]
    response = client.post(
        reverse("lifecircle:table-import-confirm", args=["facilities"]), {"token": token}
    )
    assert response.status_code == 302
    assert Facility.objects.get().name == "塔山社区卫生服务站"
    # A second confirm with the same token writes nothing more.
    client.post(reverse("lifecircle:table-import-confirm", args=["facilities"]), {"token": token})
    assert Facility.objects.count() == 1


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("设施.xlsx", content)
