"""The monthly cycle end to end: report → freeze → correct → bulletin → issue → quarter ranking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.http import Http404
from docx import Document

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    ProjectFactory,
    advance,
)
from futurecommunity.reporting import selectors
from futurecommunity.reporting.bulletins import bulletin_edit, bulletin_generate, bulletin_issue
from futurecommunity.reporting.models import (
    Bulletin,
    MonthSnapshot,
    QuarterlyRanking,
    ReportVersion,
)
from futurecommunity.reporting.rankings import ranking_compute, ranking_publish
from futurecommunity.reporting.services import ReportInput, month_freeze, monthly_report_save

pytestmark = pytest.mark.django_db
JUNE = dt.date(2026, 6, 1)


def _at(day: dt.date) -> dt.datetime:
    from futurecommunity.common.time import SHANGHAI

    return dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)


def _data(percent: str = "40", month: str = "1000000", total: str = "5000000") -> ReportInput:
    return ReportInput(
        Decimal(percent),
        Decimal(month),
        Decimal(total),
        "主体结构封顶",
        "资金到位慢",
        "协调电力迁改",
    )


@pytest.fixture
def listed(yuecheng_approver, yuecheng_editor):
    project = ProjectFactory(actor=yuecheng_editor, creation_year=2026, level="county")
    return advance(
        project,
        "under_construction",
        approver=yuecheng_approver,
        editor=yuecheng_editor,
        on=dt.date(2026, 3, 1),
    )


def test_full_cycle_report_freeze_correct_bulletin_issue(
    listed, yuecheng_editor, city_editor, city_approver
):
    report = monthly_report_save(
        actor=yuecheng_editor,
        project=listed,
        month=JUNE,
        data=_data(),
        submitted_at=_at(dt.date(2026, 6, 28)),
    )
    assert report.is_late is True  # due on the 25th
    snapshot, created = month_freeze(actor=city_editor, month=JUNE)
    assert created is True
    assert [r["percent_complete"] for r in snapshot.data["reports"]] == ["40.0"]

    # Corrections after the freeze need a reason, become version 2, and leave the snapshot alone.
    with pytest.raises(ValidationFailed):
        monthly_report_save(actor=yuecheng_editor, project=listed, month=JUNE, data=_data("55"))
    monthly_report_save(
        actor=yuecheng_editor, project=listed, month=JUNE, data=_data("55"), reason="笔误更正"
    )
    assert ReportVersion.objects.filter(report=report).count() == 2
    assert MonthSnapshot.objects.get(month=JUNE).data["reports"][0]["percent_complete"] == "40.0"
    assert (
        AuditEntry.objects.filter(action="monthly_report.correct", reason="笔误更正").count() == 1
    )

    bulletin = bulletin_generate(actor=city_editor, month=JUNE)
    bulletin = bulletin_edit(
        actor=city_editor,
        bulletin=bulletin,
        title=bulletin.title,
        body={"commentary": "越城区进度较好，请继续保持。"},
    )
    with pytest.raises(PermissionDenied):
        bulletin_issue(actor=city_editor, bulletin=bulletin)
    issued = bulletin_issue(actor=city_approver, bulletin=bulletin, on=dt.date(2026, 7, 3))
    assert issued.document_number == "绍风貌通〔2026〕1号"
    with pytest.raises(DomainError):
        bulletin_edit(actor=city_editor, bulletin=issued, title="改", body={})

    doc = Document(BytesIO(bytes(issued.docx)))
    texts = [p.text for p in doc.paragraphs]
    assert "关于2026年6月全市未来社区建设进展情况的通报" in texts
    assert "绍风貌通〔2026〕1号" in texts
    assert "越城区进度较好，请继续保持。" in texts
    # issuer and number prefix are our reading: the Word file (and the PDF made from it) says so
    notes = [t for t in texts if t.startswith("注：")]
    assert [n.split("：")[1] for n in notes] == ["通报发文机关", "通报文号代字"]
    assert all("推定（待核实），出处：" in n for n in notes)
    district_table = doc.tables[0]
    yuecheng = next(r for r in district_table.rows if r.cells[0].text == "越城区")
    assert [c.text for c in yuecheng.cells[6:9]] == ["1", "1", "0"]  # owing, late, missing
    late_table = next(
        t
        for t in doc.tables
        if t.rows[0].cells[0].text == "项目编号" and t.rows[0].cells[3].text == "情况"
    )
    assert [c.text for c in late_table.rows[1].cells] == [
        listed.reference,
        listed.name,
        "越城区",
        "迟报",
    ]
    assert len(doc.inline_shapes) == 2  # the two charts
    title_run = doc.paragraphs[2].runs[0]
    assert (
        title_run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "方正小标宋简体"
    )


def test_missing_report_is_listed_and_district_sees_only_its_reports(
    listed, yuecheng_editor, keqiao_editor, city_editor, city_viewer
):
    monthly_report_save(
        actor=yuecheng_editor,
        project=listed,
        month=JUNE,
        data=_data(),
        submitted_at=_at(dt.date(2026, 6, 20)),
    )
    with pytest.raises(PermissionDenied):
        monthly_report_save(actor=keqiao_editor, project=listed, month=JUNE, data=_data())
    other = ProjectFactory(
        actor=keqiao_editor,
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
        creation_year=2026,
    )
    assert selectors.report_list_for(viewer=keqiao_editor).count() == 0
    assert selectors.report_list_for(viewer=city_viewer).count() == 1
    report = selectors.report_list_for(viewer=yuecheng_editor).get()
    with pytest.raises(Http404):
        selectors.report_get_for(viewer=keqiao_editor, pk=report.pk)
    snapshot, _ = month_freeze(actor=city_editor, month=JUNE)
    assert snapshot.data["late_count"] == 0
    assert other.reference not in [m["project"] for m in snapshot.data["missing"]]  # still planned


def test_report_rules(listed, yuecheng_editor, city_editor):
    with pytest.raises(ValidationFailed) as info:
        monthly_report_save(actor=yuecheng_editor, project=listed, month=JUNE, data=_data("101"))
    assert "0–100" in info.value.message
    with pytest.raises(DomainError):
        month_freeze(actor=city_editor, month=dt.date(2026, 11, 1), today=dt.date(2026, 11, 29))
    with pytest.raises(PermissionDenied):
        month_freeze(actor=yuecheng_editor, month=JUNE)


def test_commands_are_idempotent(listed, yuecheng_editor, tmp_path, capsys):
    monthly_report_save(
        actor=yuecheng_editor,
        project=listed,
        month=JUNE,
        data=_data(),
        submitted_at=_at(dt.date(2026, 6, 20)),
    )
    call_command("freeze_monthly_reports", "--month", "2026-06")
    call_command("freeze_monthly_reports", "--month", "2026-06")
    assert MonthSnapshot.objects.count() == 1
    assert "此前已冻结" in capsys.readouterr().out
    out = tmp_path / "b.docx"
    call_command("bulletin_generate", "--month", "2026-06", "--out", str(out))
    call_command("bulletin_generate", "--month", "2026-06", "--out", str(out))
    assert Bulletin.objects.count() == 1
    assert Document(str(out)).paragraphs[2].text.startswith("关于2026年6月")
    call_command("compute_rankings", "--quarter", "2026Q2")
    first = sorted(QuarterlyRanking.objects.get().rows.values_list("region_code", "score", "rank"))
    call_command("compute_rankings", "--quarter", "2026Q2")
    assert (
        sorted(QuarterlyRanking.objects.get().rows.values_list("region_code", "score", "rank"))
        == first
    )


def test_ranking_only_city_publishes_and_district_sees_published_only(
    listed, city_editor, city_approver, yuecheng_editor
):
    ranking, _ = ranking_compute(actor=city_editor, quarter="2026Q2")
    with pytest.raises(Http404):
        selectors.ranking_get_for(viewer=yuecheng_editor, quarter="2026Q2")
    with pytest.raises(PermissionDenied):
        ranking_publish(actor=city_editor, ranking=ranking)
    ranking_publish(actor=city_approver, ranking=ranking)
    assert selectors.ranking_get_for(viewer=yuecheng_editor, quarter="2026Q2").is_published
    again, changed = ranking_compute(actor=city_editor, quarter="2026Q2")
    assert changed is False
