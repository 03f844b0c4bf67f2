"""Sections the newer apps add to the bulletin through ``reporting.hooks``, the audit checkpoint
in its footer, and operations' effective-operation verdict as a ranking indicator.

The bulletin is read back as the official reads it: the Word file (python-docx) and the screen.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from futurecommunity.audit.models import AuditEntry
from futurecommunity.centres.tests import factories as centres_f
from futurecommunity.common.errors import DomainError
from futurecommunity.operations import services as op_services
from futurecommunity.operations.tests import factories as op_f
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import KEQIAO_STREET, TASHAN, ProjectFactory, advance
from futurecommunity.reporting import hooks
from futurecommunity.reporting.bulletins import bulletin_generate, bulletin_issue
from futurecommunity.reporting.models import Bulletin, Indicator, QuarterlyRanking
from futurecommunity.reporting.rankings import ranking_compute
from futurecommunity.reporting.services import month_freeze

pytestmark = pytest.mark.django_db
JUNE = dt.date(2026, 6, 1)


def _funding(actor, project, kind, planned, received, *, investor="", is_demo=False):  # type: ignore[no-untyped-def]
    return op_services.funding_source_save(
        actor=actor,
        project=project,
        data=op_services.FundingInput(kind, 2026, Decimal(planned), Decimal(received), investor),
        is_demo=is_demo,
    )


def _texts(document) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in document.paragraphs]


def _table(document, *header: str):  # type: ignore[no-untyped-def]
    """The table whose header row starts with ``header``."""
    return next(
        t
        for t in document.tables
        if tuple(c.text for c in t.rows[0].cells[: len(header)]) == header
    )


def _rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[c.text for c in r.cells] for r in table.rows[1:]]


@pytest.fixture
def world(yuecheng_editor, yuecheng_approver, city_editor):  # type: ignore[no-untyped-def]
    """A real project with funding, a real layout plan in 越城区; demo rows beside them."""
    project = ProjectFactory(actor=yuecheng_editor, creation_year=2026)
    advance(
        project,
        "under_construction",
        approver=yuecheng_approver,
        editor=yuecheng_editor,
        on=dt.date(2026, 3, 1),
    )
    _funding(yuecheng_editor, project, "municipal", "1000000", "600000")
    _funding(yuecheng_editor, project, "social_capital", "500000", "400000", investor="某投资公司")
    # demo rows: a demo funding row and a demo layout plan in 柯桥区 — never counted
    _funding(yuecheng_editor, project, "district", "9000000", "9000000", is_demo=True)
    centres_f.plan(TASHAN)
    demo_plan = centres_f.plan(KEQIAO_STREET)
    demo_plan.is_demo = True
    demo_plan.save(update_fields=["is_demo"])
    month_freeze(actor=city_editor, month=JUNE, today=dt.date(2026, 7, 1))
    return project


def test_sections_are_in_word_and_screen_demo_rows_left_out(world, city_editor, client) -> None:
    bulletin = bulletin_generate(actor=city_editor, month=JUNE)
    keys = [s["key"] for s in bulletin.figures["sections"]]
    assert keys == ["centres", "evaluation", "operations"]

    doc = Document(BytesIO(bytes(bulletin.docx)))
    texts = _texts(doc)
    headings = [t for t in texts if t[:2] in {f"{n}、" for n in "一二三四五六七八九十"}]
    assert headings == [
        "一、总体进展",
        "二、各区、县（市）年度目标完成情况",
        "三、本月新列入名单和验收通过项目",
        "四、邻里中心布点规划和三年建设计划进展（二(四)）",
        "五、九大场景建设情况（二(一)）",
        "六、资金来源与社区运营情况（三(二)、三(三)）",
        "七、存在问题",
        "八、排名与点评",
        "九、下步工作要求",
    ]
    # centres: the real plan of 越城区 only (the demo plan of 柯桥区 is left out)
    assert _rows(_table(doc, "区、县（市）", "计划年度")) == [["越城区", "2025年", "1", "0", "0"]]
    # funding by source: the demo 区县资金 row (900 万元) is left out; amounts in 万元
    assert _rows(_table(doc, "资金来源")) == [
        ["市级资金", "100.00", "60.00"],
        ["社会资本", "50.00", "40.00"],
        ["合计", "150.00", "100.00"],
    ]
    assert any("社会资本（含开发企业配建）到位 40.00 万元，占到位资金的 40.0%" in t for t in texts)
    scenarios = _table(doc, "范围")
    assert [c.text for c in scenarios.rows[0].cells][2:5] == ["邻里", "教育", "健康"]
    assert _rows(scenarios)[0][:2] == ["全市", "0"]
    # the thresholds of "effective operation" are our reading: labelled in the document
    assert any(t.startswith("说明：有效运营") and "推定（待核实）" in t for t in texts)

    page = client_page(client, city_editor, bulletin)
    assert "资金来源与社区运营情况" in page and "150.00" in page
    assert "邻里中心布点规划和三年建设计划进展" in page and "推定（待核实）" in page
    assert "9,000" not in page and "900.00" not in page


def client_page(client, user, bulletin) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("reporting:bulletin-detail", args=[bulletin.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_issued_bulletin_never_changes_and_carries_the_audit_checkpoint(
    world,
    city_editor,
    city_approver,
    yuecheng_editor,
    client,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
) -> None:
    settings.FC_AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    with django_capture_on_commit_callbacks(execute=True):
        draft = bulletin_generate(actor=city_editor, month=JUNE)
    head = AuditEntry.objects.order_by("-id").first()
    assert head is not None and head.action == "bulletin.generate"
    issued = bulletin_issue(actor=city_approver, bulletin=draft, on=dt.date(2026, 7, 3))

    footer = Document(BytesIO(bytes(issued.docx))).sections[0].footer.paragraphs[0].text
    assert footer.startswith(f"审计日志检查点：第 {head.pk} 条 · 哈希 {head.entry_hash[:16]}…")
    assert issued.figures["audit_checkpoint"]["id"] == head.pk
    assert bytes(issued.pdf)[:4] in (b"%PDF", b"")  # LibreOffice renders the same Word file
    frozen, docx = json.dumps(issued.figures, sort_keys=True), bytes(issued.docx)

    # Later: more money arrives and the audit chain moves on.
    _funding(yuecheng_editor, world, "municipal", "1000000", "1000000")
    with django_capture_on_commit_callbacks(execute=True):
        _funding(yuecheng_editor, world, "provincial", "300000", "300000")
    assert AuditEntry.objects.order_by("-id").first().pk > head.pk  # type: ignore[union-attr]

    with pytest.raises(DomainError):
        bulletin_generate(actor=city_editor, month=JUNE)
    again = Bulletin.objects.get(pk=issued.pk)
    assert json.dumps(again.figures, sort_keys=True) == frozen
    assert bytes(again.docx) == docx
    page = client_page(client, city_editor, again)
    assert "150.00" in page and "180.00" not in page
    assert f"第 {head.pk} 条" in page


def test_bulletin_without_checkpoint_file_says_so(world, city_editor) -> None:
    bulletin = bulletin_generate(actor=city_editor, month=JUNE)
    footer = Document(BytesIO(bytes(bulletin.docx))).sections[0].footer.paragraphs[0].text
    assert footer == "审计日志检查点：尚无（本实例未写入检查点）"


def test_a_registered_section_is_frozen_and_rendered_without_reporting_knowing_it(
    world, city_editor
) -> None:
    calls = []

    def build(month: dt.date, end: dt.date) -> hooks.Section:
        calls.append((month, end))
        return hooks.Section(
            key="zz-test",
            heading="测试专项",
            paragraphs=("测试段落。",),
            tables=(hooks.Table(("甲", "乙"), (("1", "2"),)),),
            notes=(hooks.Note("测试口径", "5个", "测试出处"),),
        )

    hooks.register_bulletin_section("zz-test", build, order=99)
    try:
        bulletin = bulletin_generate(actor=city_editor, month=JUNE)
    finally:
        hooks._SECTIONS.pop("zz-test")
    assert calls == [(JUNE, dt.date(2026, 6, 30))]
    texts = _texts(Document(BytesIO(bytes(bulletin.docx))))
    assert "七、测试专项" in texts and "八、存在问题" in texts
    assert "说明：测试口径：5个（推定（待核实），出处：测试出处）" in texts


# --- the ranking indicator -----------------------------------------------------------------


@pytest.fixture
def built_pair(yuecheng_editor, yuecheng_approver, tashan_editor, city_editor):  # type: ignore[no-untyped-def]
    """Two accepted 塔山 projects with a chosen operator; quarters 2026 Q1 and Q2 confirmed.
    The first meets every threshold exactly; the second has satisfaction 79 % (below 80 %)."""
    profile = op_f.operator(city_editor)
    member = op_f.operator_user(profile, "op_member")
    projects = []
    for satisfied in (80, 79):
        project = ProjectFactory(actor=yuecheng_editor, creation_year=2025)
        advance(
            project,
            "accepted",
            approver=yuecheng_approver,
            editor=yuecheng_editor,
            on=dt.date(2025, 12, 1),
        )
        op_f.choose(tashan_editor, project, profile, on=dt.date(2025, 12, 10))
        for q in (1, 2):
            report = op_services.quarterly_report_submit(
                actor=member, project=project, data=op_f.quarter(2026, q, satisfied=satisfied)
            )
            op_services.quarterly_report_review(actor=yuecheng_editor, report=report, confirm=True)
        projects.append(project)
    return projects


def _line(quarter: str, region: str, code: str) -> dict:  # type: ignore[type-arg]
    row = QuarterlyRanking.objects.get(quarter=quarter).rows.get(region_code=region)
    return next(b for b in row.breakdown if b["code"] == code)


def test_ranking_counts_effective_operation_at_the_threshold_not_below(
    built_pair, city_editor
) -> None:
    ranking_compute(actor=city_editor, quarter="2026Q3")
    weight = Indicator.objects.get(code="effective_operation")
    assert weight.confidence == "reconstructed" and weight.weight == Decimal("10")
    for region in ("330602", TASHAN):
        line = _line("2026Q3", region, "effective_operation")
        assert (line["numerator"], line["denominator"]) == (1, 2), line
        assert line["points"] == "5.00" and line["note"] == "有效运营 1 / 已验收 2"
    # 柯桥区 has no built project: the indicator is full, as 建成项目运营率 is
    assert _line("2026Q3", "330603", "effective_operation")["denominator"] == 0


def test_the_weight_is_the_configuration_row(built_pair, city_editor) -> None:
    from futurecommunity.reporting.loaders import ensure_configuration

    ensure_configuration()
    Indicator.objects.filter(code="effective_operation").update(weight=Decimal("20"))
    ranking_compute(actor=city_editor, quarter="2026Q3")
    line = _line("2026Q3", "330602", "effective_operation")
    assert (line["weight"], line["points"]) == ("20.00", "10.00")
    assert {"code": "effective_operation", "name": "建成项目有效运营率", "weight": "20.00"} in (
        QuarterlyRanking.objects.get(quarter="2026Q3").indicators
    )


def test_a_demo_project_never_counts_in_the_indicator(built_pair, city_editor) -> None:
    Project.objects.filter(pk=built_pair[1].pk).update(is_demo=True)
    ranking_compute(actor=city_editor, quarter="2026Q3")
    line = _line("2026Q3", "330602", "effective_operation")
    assert (line["numerator"], line["denominator"]) == (1, 1)
