"""The incentive page and its Excel, and the ranking's Excel and Word exports, read back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from futurecommunity.common.time import SHANGHAI
from futurecommunity.projects.tests.factories import ProjectFactory, advance
from futurecommunity.reporting import rules
from futurecommunity.reporting.models import QuarterlyRanking, RankingRow
from futurecommunity.reporting.rankings import ranking_compute, ranking_publish
from futurecommunity.reporting.services import ReportInput, month_freeze, monthly_report_save

pytestmark = pytest.mark.django_db

YUECHENG, KEQIAO, SHANGYU, XINCHANG, ZHUJI, SHENGZHOU = (
    "330602",
    "330603",
    "330604",
    "330624",
    "330681",
    "330683",
)


@pytest.fixture
def two_quarters(yuecheng_approver, yuecheng_editor, city_editor, city_approver):
    """A Yuecheng project reporting April–June 2026 (one late); Q1 and Q2 scored and published."""
    project = advance(
        ProjectFactory(actor=yuecheng_editor, creation_year=2026, level="county"),
        "under_construction",
        approver=yuecheng_approver,
        editor=yuecheng_editor,
        on=dt.date(2026, 3, 1),
    )
    for month, day in ((4, 20), (5, 28), (6, 10)):
        monthly_report_save(
            actor=yuecheng_editor,
            project=project,
            month=dt.date(2026, month, 1),
            data=ReportInput(Decimal(10 * month), Decimal(100000), Decimal(100000 * month)),
            submitted_at=dt.datetime(2026, month, day, 10, tzinfo=SHANGHAI),
        )
        month_freeze(actor=city_editor, month=dt.date(2026, month, 1), today=dt.date(2026, 7, 2))
    for quarter in ("2026Q1", "2026Q2"):
        ranking, _ = ranking_compute(actor=city_editor, quarter=quarter)
        ranking_publish(actor=city_approver, ranking=ranking)
    return QuarterlyRanking.objects.get(quarter="2026Q2")


def _districts(ranking: QuarterlyRanking) -> list[RankingRow]:
    return list(ranking.rows.filter(parent_code="").order_by("rank", "region_code"))


def test_ranking_xlsx_export_reads_back_as_the_published_rows(client, city_viewer, two_quarters):
    client.force_login(city_viewer)
    url = reverse("reporting:ranking-detail", args=["2026Q2"])
    response = client.get(url, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "2026Q2.xlsx" in response["Content-Disposition"]
    ws = load_workbook(BytesIO(response.content)).worksheets[0]
    assert ws.title == "2026Q2考评"
    rows = list(ws.iter_rows(values_only=True))
    indicators = two_quarters.indicators
    assert list(rows[0]) == [
        "名次",
        "区、县（市）/街道",
        "得分",
        "较上季",
        *[f"{i['name']}（{i['weight']}分）" for i in indicators],
    ]
    expected = _districts(two_quarters)
    assert len(rows) - 1 == len(expected) == 6
    previous = dict(
        QuarterlyRanking.objects.get(quarter="2026Q1").rows.values_list("region_code", "rank")
    )
    for got, row in zip(rows[1:], expected, strict=True):
        points = {b["code"]: float(b["points"]) for b in row.breakdown}
        assert got[0] == row.rank
        assert got[1] == row.region_name
        assert Decimal(str(got[2])) == row.score
        assert got[3] == rules.movement(previous[row.region_code], row.rank)
        assert list(got[4:]) == [points[i["code"]] for i in indicators]
    yuecheng = next(r for r in rows[1:] if r[1] == "越城区")
    assert yuecheng[2] < max(r[2] for r in rows[1:])  # the late May report costs points


def test_ranking_docx_export_reads_back_as_the_published_rows(client, city_viewer, two_quarters):
    client.force_login(city_viewer)
    response = client.get(reverse("reporting:ranking-detail", args=["2026Q2"]), {"format": "docx"})
    assert response.status_code == 200
    assert "2026Q2.docx" in response["Content-Disposition"]
    doc = Document(BytesIO(response.content))
    assert doc.paragraphs[0].text == "2026年第2季度未来社区建设考评结果"
    table = doc.tables[0]
    indicators = two_quarters.indicators
    assert [c.text for c in table.rows[0].cells] == [
        "名次",
        "区、县（市）",
        "得分",
        "较上季",
        *[i["name"] for i in indicators],
    ]
    expected = _districts(two_quarters)
    assert len(table.rows) - 1 == len(expected)
    for got, row in zip(table.rows[1:], expected, strict=True):
        cells = [c.text for c in got.cells]
        points = {b["code"]: b["points"] for b in row.breakdown}
        assert cells[:3] == [str(row.rank), row.region_name, str(row.score)]
        assert cells[4:] == [str(points[i["code"]]) for i in indicators]


def test_unpublished_ranking_export_is_hidden_from_districts(
    client, city_editor, yuecheng_editor, two_quarters
):
    ranking_compute(actor=city_editor, quarter="2026Q3")
    client.force_login(yuecheng_editor)
    url = reverse("reporting:ranking-detail", args=["2026Q3"])
    assert client.get(url, {"format": "xlsx"}).status_code == 404
    assert client.get(url, {"format": "docx"}).status_code == 404
    published = reverse("reporting:ranking-detail", args=["2026Q2"])
    assert client.get(published, {"format": "xlsx"}).status_code == 200


def _published(quarter: str, scores: dict[str, str], *, published: bool = True) -> None:
    ranking = QuarterlyRanking.objects.create(
        quarter=quarter,
        computed_at=dt.datetime(2026, 7, 1, tzinfo=SHANGHAI),
        indicators=[],
        is_published=published,
    )
    names = {
        YUECHENG: "越城区",
        KEQIAO: "柯桥区",
        SHANGYU: "上虞区",
        XINCHANG: "新昌县",
        ZHUJI: "诸暨市",
        SHENGZHOU: "嵊州市",
    }
    for rank, (code, score) in enumerate(
        sorted(scores.items(), key=lambda kv: -Decimal(kv[1])), start=1
    ):
        RankingRow.objects.create(
            ranking=ranking,
            region_code=code,
            region_name=names[code],
            score=Decimal(score),
            rank=rank,
            breakdown=[],
        )


@pytest.fixture
def scored_year(db):
    """Two published quarters of 2026 and one unpublished (which must not count)."""
    _published(
        "2026Q1",
        {
            YUECHENG: "90",
            KEQIAO: "84",
            SHANGYU: "86",
            XINCHANG: "70",
            ZHUJI: "60",
            SHENGZHOU: "79",
        },
    )
    _published(
        "2026Q2",
        {
            YUECHENG: "88",
            KEQIAO: "86",
            SHANGYU: "84",
            XINCHANG: "72",
            ZHUJI: "62",
            SHENGZHOU: "80",
        },
    )
    _published("2026Q3", {ZHUJI: "100", YUECHENG: "10"}, published=False)


def test_incentive_page_recommends_top_districts_with_ties(client, city_viewer, scored_year):
    client.force_login(city_viewer)
    page = client.get(reverse("reporting:incentive-list", args=[2026]))
    assert page.status_code == 200
    picks = page.context["picks"]
    # 越城 89.00 first; 柯桥 and 上虞 (by code) tie at 85.00 on the cut-off and both go in; 嵊州 79.50 < 80.
    assert [(p["name"], p["pick"].average) for p in picks] == [
        ("越城区", Decimal("89.00")),
        ("柯桥区", Decimal("85.00")),
        ("上虞区", Decimal("85.00")),
    ]
    html = page.content.decode()
    assert "2026年省政府督查激励推荐" in html
    assert "位列第 2 名" in html and "嵊州市" not in html and "诸暨市" not in html


def test_incentive_xlsx_reads_back(client, city_viewer, scored_year):
    client.force_login(city_viewer)
    response = client.get(reverse("reporting:incentive-list", args=[2026]), {"format": "xlsx"})
    assert response.status_code == 200
    assert "2026.xlsx" in response["Content-Disposition"]
    ws = load_workbook(BytesIO(response.content)).worksheets[0]
    assert ws.title == "2026年督查激励推荐"
    rows = [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]
    assert list(rows[0]) == ["区、县（市）", "季度平均分", "参评季度数", "推荐理由"]
    assert [r[:3] for r in rows[1:4]] == [
        ("越城区", 89.0, 2),
        ("柯桥区", 85.0, 2),
        ("上虞区", 85.0, 2),
    ]
    assert "全年 2 个季度考评平均 89.00 分" in rows[1][3]
    # the cut-offs used, each labelled as our reading with its source (四 S5 gives none)
    assert rows[4][0].startswith("年度督查激励推荐名额：2个（推定（待核实），出处：绍政办发")
    assert rows[5][0].startswith("年度督查激励推荐最低平均分：80分（推定（待核实），出处：")
    assert str(rows[6][0]).startswith("导出人：")


def test_incentive_page_empty_year_and_out_of_scope(client, city_viewer, resident, scored_year):
    client.force_login(city_viewer)
    empty = client.get(reverse("reporting:incentive-list", args=[2025]))
    assert "暂无符合条件的区、县（市）" in empty.content.decode()
    client.force_login(resident)
    assert client.get(reverse("reporting:incentive-list", args=[2026])).status_code == 404


def test_every_ranking_incentive_and_template_document_leaves_an_audit_entry(
    client, two_quarters, city_viewer
):
    from futurecommunity.audit.models import AuditEntry

    client.force_login(city_viewer)
    ranking_url = reverse("reporting:ranking-detail", args=["2026Q2"])
    assert client.get(ranking_url, {"format": "xlsx"}).status_code == 200
    assert client.get(ranking_url, {"format": "docx"}).status_code == 200
    assert (
        client.get(reverse("reporting:incentive-list", args=[2026]), {"format": "xlsx"}).status_code
        == 200
    )
    assert (
        client.get(
            reverse("reporting:report-import"), {"template": "1", "month": "2026-06"}
        ).status_code
        == 200
    )
    entries = AuditEntry.objects.filter(actor=city_viewer).order_by("id")
    assert [(e.action, e.subject_reference) for e in entries] == [
        ("ranking.export", "考评排名-2026Q2.xlsx"),
        ("ranking.export", "考评排名-2026Q2.docx"),
        ("incentive.export", "督查激励推荐-2026.xlsx"),
        ("monthly_report.template_export", "月报模板-2026-06.xlsx"),
    ]


def test_ranking_word_and_excel_label_each_reconstructed_weight(client, city_viewer, two_quarters):
    """Issue 10 item 11: the weights are our reading (四 S2 gives none) and every export says so."""
    from futurecommunity.reporting.models import Indicator

    client.force_login(city_viewer)
    url = reverse("reporting:ranking-detail", args=["2026Q2"])
    doc = Document(BytesIO(client.get(url, {"format": "docx"}).content))
    text = [p.text for p in doc.paragraphs]
    first = Indicator.objects.order_by("position").first()
    line = next(t for t in text if t.startswith(f"{first.name}："))
    assert "推定（待核实），出处：绍政办发〔2023〕21号 四" in line
    ws = load_workbook(BytesIO(client.get(url, {"format": "xlsx"}).content))["指标与权重"]
    cells = [r[0] for r in ws.iter_rows(values_only=True) if r and isinstance(r[0], str)]
    assert any(c.startswith(f"{first.name}：") and "推定（待核实）" in c for c in cells)
    page = client.get(url).content.decode()
    assert page.count("推定（待核实）") >= Indicator.objects.count()
    # Once the city office has confirmed a weight, it is no longer labelled.
    Indicator.objects.filter(pk=first.pk).update(confidence="local")
    doc = Document(BytesIO(client.get(url, {"format": "docx"}).content))
    line = next(p.text for p in doc.paragraphs if p.text.startswith(f"{first.name}："))
    assert "推定" not in line
