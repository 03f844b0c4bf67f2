"""The order as an official .docx (公文 layout): title, 文号, recipient, requirement, deadline,
issuing office and date; body in 仿宋_GB2312 三号 (16 pt) with the East-Asian font set."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from futurecommunity.rectification.models import RectificationOrder

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
SIZE_3 = Pt(16)  # 三号
SIZE_2 = Pt(22)  # 二号


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _run(paragraph, text: str, *, font: str = BODY_FONT, size=SIZE_3, bold: bool = False):  # type: ignore[no-untyped-def]
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = size
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _paragraph(document, text: str, *, align=None, indent: bool = False, **font):  # type: ignore[no-untyped-def]
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.line_spacing = Pt(28)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    _run(paragraph, text, **font)
    return paragraph


def order_docx(order: RectificationOrder) -> bytes:
    """Render one order; the bytes read back with python-docx in tests."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    _paragraph(
        document, "整改通知书", align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=SIZE_2
    )
    _paragraph(document, order.reference, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, order.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _paragraph(document, f"{order.recipient.name}：")
    for line in order.requirement.splitlines():
        if line.strip():
            _paragraph(document, line.strip(), indent=True)
    _paragraph(
        document,
        f"请于{chinese_date(order.deadline)}前完成整改，并将整改情况及佐证材料通过平台反馈。",
        indent=True,
    )
    document.add_paragraph()
    _paragraph(document, order.issuer.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, chinese_date(order.issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
