"""The Word route sheet, read back with python-docx."""

from datetime import date
from decimal import Decimal
from io import BytesIO

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from futurecommunity.permits.docx import render_route_docx
from futurecommunity.permits.navigator import Funding, approval_route
from futurecommunity.permits.tests.factories import renovation_facts


def _sheet(thresholds, roster, **overrides):
    route = approval_route(renovation_facts(**overrides), thresholds, roster=roster)
    data = render_route_docx(route, generated_on=date(2025, 3, 9))
    return route, Document(BytesIO(data))


def test_route_sheet_has_official_title_fonts(thresholds, roster):
    _, document = _sheet(thresholds, roster)
    title = document.paragraphs[0]
    assert title.text == "未来社区项目审批路径单"
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = next(p for p in document.paragraphs if p.text.startswith("项目类型："))
    assert body.runs[0].font.size == Pt(16)
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_route_sheet_has_one_row_per_step_with_its_explanation(thresholds, roster):
    route, document = _sheet(thresholds, roster, total_investment=Decimal("2000000"))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "审批事项",
        "结论",
        "负责单位",
        "依据条款",
        "需准备材料",
        "说明",
    ]
    assert len(table.rows) == len(route.steps) + 1
    for row, step in zip(table.rows[1:], route.steps, strict=True):
        cells = [c.text for c in row.cells]
        assert cells[1:3] == [step.title, step.outcome.label]
        assert cells[4] == step.clause
        assert cells[6] == step.explanation
    permit_row = [c.text for c in table.rows[9].cells]
    assert permit_row[1:3] == ["施工许可", "可免于办理"]
    assert "建筑面积800平方米低于1,000平方米" in permit_row[6]


def test_route_sheet_lists_facts_notes_and_generation_date(thresholds, roster):
    route, document = _sheet(thresholds, roster, funding=Funding.MIXED)
    texts = [p.text for p in document.paragraphs]
    assert "资金来源：政企混合出资" in texts
    assert "总投资：1,500,000元" in texts
    assert "三、说明事项" in texts
    assert any("文件未规定政企混合出资" in text for text in texts)
    assert len(route.notes) >= 1
    assert texts[-1] == "生成日期：2025年3月9日"
