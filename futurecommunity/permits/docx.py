"""Word route sheet (审批路径单) for an approval route, in Chinese official-document style.

Title 方正小标宋简体 2号, headings 黑体 3号, body 仿宋_GB2312 3号, the step table 仿宋_GB2312
小四 so that seven columns fit on landscape A4. East-Asian fonts are set through the
w:eastAsia attribute, without which Word falls back to its default CJK font.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.run import Run

from futurecommunity.permits.route_text import facts_summary
from futurecommunity.permits.route_types import ApprovalRoute

TITLE = "未来社区项目审批路径单"
SUBTITLE = "依据《绍兴市全域未来社区建设实施方案》（绍政办发〔2023〕21号）"
TITLE_FONT, HEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312"
SIZE_2, SIZE_3, SIZE_SMALL_4 = Pt(22), Pt(16), Pt(12)
TABLE_HEADER = ("序号", "审批事项", "结论", "负责单位", "依据条款", "需准备材料", "说明")
DISCLAIMER = "本单由系统根据填报的项目情况生成，仅供办理参考，以相关部门的审查审批意见为准。"


def set_font(run: Run, east_asian: str, size: Pt, *, bold: bool = False) -> None:
    """Set Latin and East-Asian font names and the size of one run."""
    run.font.name = "Times New Roman"
    run.font.size = size
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _paragraph(document, text: str, font: str, size: Pt, *, centred: bool = False) -> None:
    paragraph = document.add_paragraph()
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), font, size)


def _page_setup(document) -> None:
    """Landscape A4 with GB/T 9704 margins (top 37 mm, bottom 35, left 28, right 26)."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _steps_table(document, route: ApprovalRoute) -> None:
    table = document.add_table(rows=1, cols=len(TABLE_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, TABLE_HEADER, strict=True):
        set_font(cell.paragraphs[0].add_run(text), HEADING_FONT, SIZE_SMALL_4)
    for number, step in enumerate(route.steps, start=1):
        values = (
            str(number),
            step.title,
            step.outcome.label,
            "、".join(step.responsible_units) or "—",
            step.clause,
            "；".join(step.documents) or "—",
            step.explanation,
        )
        for cell, text in zip(table.add_row().cells, values, strict=True):
            set_font(cell.paragraphs[0].add_run(text), BODY_FONT, SIZE_SMALL_4)


def render_route_docx(route: ApprovalRoute, *, generated_on: date) -> bytes:
    """Render the route as a .docx route sheet and return its bytes."""
    document = Document()
    _page_setup(document)
    _paragraph(document, TITLE, TITLE_FONT, SIZE_2, centred=True)
    _paragraph(document, SUBTITLE, BODY_FONT, SIZE_3, centred=True)
    _paragraph(document, "一、项目基本情况", HEADING_FONT, SIZE_3)
    for label, value in facts_summary(route.facts):
        _paragraph(document, f"{label}：{value}", BODY_FONT, SIZE_3)
    _paragraph(document, "二、审批路径", HEADING_FONT, SIZE_3)
    _steps_table(document, route)
    if route.notes:
        _paragraph(document, "三、说明事项", HEADING_FONT, SIZE_3)
        for number, note in enumerate(route.notes, start=1):
            _paragraph(document, f"{number}. {note}", BODY_FONT, SIZE_3)
    _paragraph(document, DISCLAIMER, BODY_FONT, SIZE_3)
    generated = f"生成日期：{generated_on.year}年{generated_on.month}月{generated_on.day}日"
    _paragraph(document, generated, BODY_FONT, SIZE_3)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
