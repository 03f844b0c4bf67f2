"""Import table, plan exports read back, and the screens' scope (404 / 403 / 200)."""

import datetime as dt
from io import BytesIO

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from futurecommunity.centres import documents, services
from futurecommunity.centres.models import CandidateSite, LayoutPlan
from futurecommunity.centres.tests import factories as f
from futurecommunity.common.errors import ValidationFailed
from futurecommunity.projects.tests.factories import KEQIAO_STREET, TASHAN

pytestmark = pytest.mark.django_db


def _book(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(list(documents.COLUMNS))
    for r in rows:
        sheet.append(r)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


ROW = ["闲置（低效）用房", "粮站", TASHAN, "", "某路1号", 120.58, 30.0, 800, 120,
       "绍兴市人民政府国有资产监督管理委员会", "仓储", "2022-01-01", "完好", "", ""]  # fmt: skip


def test_import_table_lists_every_bad_row_and_writes_nothing(tashan_editor):
    bad_kind = ["厂房", *ROW[1:]]
    bad_number = ROW[:5] + ["东经", *ROW[6:]]
    bad_owner = ROW[:9] + ["无此单位", *ROW[10:]]
    with pytest.raises(ValidationFailed) as exc:
        documents.parse_sites(_book([ROW, bad_kind, bad_number, bad_owner]))
    rows = exc.value.errors["rows"]
    assert [r.split("行")[0] for r in rows[:3]] == ["第 3 ", "第 4 ", "第 5 "]
    assert "类型“厂房”" in rows[0] and "经度“东经”不是数字" in rows[1] and "无此单位" in rows[2]
    assert not CandidateSite.objects.exists()
    sites = services.site_import(actor=tashan_editor, rows=documents.parse_sites(_book([ROW])))
    assert sites[0].owner.code == f.SASAC and sites[0].idle_since == dt.date(2022, 1, 1)


def test_template_header_is_what_the_parser_expects():
    sheet = load_workbook(BytesIO(documents.template_workbook())).active
    assert [c.value for c in sheet[1]] == list(documents.COLUMNS)


def test_plan_exports_read_back(client, yuecheng_editor):
    plan = f.plan(TASHAN)
    client.force_login(yuecheng_editor)
    xlsx = client.get(f"/manage/centres/plans/{plan.pk}/export.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0][:3] == ["建设年度", "排序", "点位"]
    assert values[1][0] == 2025 and values[1][2] == plan.items.get().site.name
    word = client.get(f"/manage/centres/plans/{plan.pk}/export.docx")
    doc = Document(BytesIO(word.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert plan.name in text and "二(四)" in text and "2025 年" in text
    assert doc.tables[0].rows[1].cells[0].text == plan.items.get().site.name


def test_scope_of_the_screens(client, yuecheng_editor, keqiao_editor, city_viewer, tashan_editor):
    site = f.site(TASHAN)
    plan = f.plan(TASHAN)
    centre = f.centre(TASHAN)
    urls = [f"/manage/centres/sites/{site.pk}/", f"/manage/centres/plans/{plan.pk}/",
            f"/manage/centres/{centre.pk}/", f"/manage/centres/scenarios/{plan.scenario_id}/"]  # fmt: skip
    client.force_login(keqiao_editor)
    assert [client.get(u).status_code for u in urls] == [404] * 4
    client.force_login(city_viewer)
    assert [client.get(u).status_code for u in urls] == [200] * 4
    # a viewer may look but not adopt or move plan items
    item = plan.items.get()
    r = client.post(f"/manage/centres/plans/{plan.pk}/items/{item.pk}/", {"year": 2026})
    assert r.status_code == 403
    item.refresh_from_db()
    assert item.year == 2025
    # a street sees its district's plan but may not change it
    client.force_login(tashan_editor)
    assert client.get(urls[1]).status_code == 200
    assert (
        client.post(f"/manage/centres/plans/{plan.pk}/items/{item.pk}/", {"year": 2026}).status_code
        == 403
    )


def test_city_sees_all_districts_plans_side_by_side(client, city_viewer, yuecheng_editor):
    f.plan(TASHAN)
    f.plan(KEQIAO_STREET)
    client.force_login(city_viewer)
    page = client.get("/manage/centres/plans/").content.decode()
    assert "越城区" in page and "柯桥区" in page
    client.force_login(yuecheng_editor)
    page = client.get("/manage/centres/plans/").content.decode()
    assert "越城区" in page and "柯桥区" not in page
    assert LayoutPlan.objects.count() == 2


def test_pages_render_for_the_district(client, yuecheng_editor):
    f.site(TASHAN)
    f.centre(TASHAN)
    client.force_login(yuecheng_editor)
    for url in ["/manage/centres/", "/manage/centres/sites/", "/manage/centres/scenarios/",
                "/manage/centres/scenarios/new/", "/manage/centres/rules/", "/manage/centres/sites/new/",
                "/manage/centres/new/", "/manage/centres/sites/import/"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
    rules_page = client.get("/manage/centres/rules/").content.decode()
    assert "推定（待核实）" in rules_page and "国家标准默认值" in rules_page
    assert client.get("/manage/centres/rules/min_total_area/").status_code == 403


def test_city_office_plans_for_a_chosen_district(client, city_editor):
    f.site("330603001")
    client.force_login(city_editor)
    listing = client.get("/manage/centres/scenarios/").content.decode()
    assert 'name="district"' in listing and "柯桥区" in listing
    page = client.get("/manage/centres/scenarios/new/?district=330603").content.decode()
    assert "新建布点测算方案（柯桥区）" in page and "点位2-2" in page
