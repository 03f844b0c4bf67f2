"""The bulletin as a Word document in official-document layout (GB/T 9704-2012).

Red 发文机关标志 above a red rule, 文号 centred below it, title 方正小标宋简体 2号, body 仿宋_GB2312
3号 with first-line indent, headings 黑体 3号, tables 仿宋_GB2312 小四, issuing office and date
at the end. East-Asian fonts are set through w:eastAsia (otherwise Word falls back to its
default CJK font). Charts are PNG images when matplotlib is installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from futurecommunity.permits.docx import set_font
from futurecommunity.reporting import charts

TITLE_FONT, HEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312"
SIZE_MARK, SIZE_2, SIZE_3, SIZE_SMALL_4 = Pt(36), Pt(22), Pt(16), Pt(12)
RED = RGBColor(0xC0, 0x00, 0x00)
DISTRICT_HEADER = (
    "区、县（市）",
    "年度目标",
    "已创建",
    "完成率（%）",
    "建设中",
    "覆盖率（%）",
    "应报",
    "迟报",
    "未报",
)


def _para(
    document, text: str, font: str, size: Pt, *, centred=False, right=False, indent=True, bold=False
):  # type: ignore[no-untyped-def]
    paragraph = document.add_paragraph()
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    paragraph.paragraph_format.line_spacing = Pt(28)
    set_font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _red_rule(paragraph) -> None:  # type: ignore[no-untyped-def]
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "12"),
        ("w:space", "1"),
        ("w:color", "C00000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _table(document, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        set_font(cell.paragraphs[0].add_run(text), HEADING_FONT, SIZE_SMALL_4)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            set_font(cell.paragraphs[0].add_run(str(value)), BODY_FONT, SIZE_SMALL_4)


NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 (headings of the bulletin are numbered as they come)."""
    if n <= 10:
        return NUMERALS[n - 1]
    return (
        ("" if n < 20 else NUMERALS[n // 10 - 1]) + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")
    )


def _section(document, section: dict[str, Any], number: int) -> None:  # type: ignore[no-untyped-def]
    """A section another app added through ``reporting.hooks``, rendered from its frozen JSON."""
    clause = f"（{section['clause']}）" if section.get("clause") else ""
    _para(document, f"{_numeral(number)}、{section['heading']}{clause}", HEADING_FONT, SIZE_3)
    for text in section.get("paragraphs", []):
        _para(document, text, BODY_FONT, SIZE_3)
    for table in section.get("tables", []):
        if table.get("caption"):
            _para(document, table["caption"], BODY_FONT, SIZE_SMALL_4, indent=False)
        _table(document, tuple(table["header"]), [tuple(r) for r in table["rows"]])
    for note in section.get("notes", []):
        _para(document, f"说明：{note}", BODY_FONT, SIZE_SMALL_4)


def _footer(document, text: str) -> None:  # type: ignore[no-untyped-def]
    """The audit checkpoint in the page footer, so every page (and the PDF) carries it."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), BODY_FONT, Pt(9))


def _page_setup(document) -> None:  # type: ignore[no-untyped-def]
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def render_bulletin_docx(
    *,
    figures: dict[str, Any],
    body: dict[str, str],
    title: str,
    issuer: str,
    document_number: str,
    date_text: str,
    notes: Sequence[str] = (),
    footer: str = "",
) -> bytes:
    """Render the bulletin; the numbers come from ``figures``, the prose from ``body``.

    ``notes`` are the 推定（待核实） lines of the configuration rows the document relies on
    (issuer, number prefix), printed as a note so the Word file and its PDF say so too.
    The sections other apps registered (``figures["sections"]``) follow part 三, numbered on;
    ``footer`` (the audit checkpoint) goes into the page footer.
    """
    document = Document()
    _page_setup(document)
    mark = _para(
        document,
        f"{issuer}文件" if len(issuer) < 14 else issuer,
        TITLE_FONT,
        SIZE_MARK,
        centred=True,
    )
    for run in mark.runs:
        run.font.color.rgb = RED
    number = _para(
        document, document_number or "（文号待印发时编定）", BODY_FONT, SIZE_3, centred=True
    )
    _red_rule(number)
    _para(document, title, TITLE_FONT, SIZE_2, centred=True)
    for line in body.get("opening", "").split("\n"):
        if line:
            _para(document, line, BODY_FONT, SIZE_3, indent=not line.endswith("："))
    _para(document, "一、总体进展", HEADING_FONT, SIZE_3)
    _para(document, body.get("overview", ""), BODY_FONT, SIZE_3)
    _para(document, "二、各区、县（市）年度目标完成情况", HEADING_FONT, SIZE_3)
    districts = figures["districts"]
    _table(
        document,
        DISTRICT_HEADER,
        [
            (
                d["name"],
                d["year_target"],
                d["created"],
                d["completion"],
                d["building"],
                d["coverage"],
                d["owing"],
                d["late"],
                d["missing"],
            )
            for d in districts
        ],
    )
    year = int(figures["month"][:4])
    images = [charts.district_targets_png(districts, year), charts.reporting_png(districts)]
    for png in images:
        if png:
            document.add_picture(BytesIO(png), width=Cm(15.5))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not any(images):
        _para(document, "（注：本机未安装图表组件，图表从略。）", BODY_FONT, SIZE_SMALL_4)
    _para(document, "三、本月新列入名单和验收通过项目", HEADING_FONT, SIZE_3)
    moves = [
        (m["project"], m["name"], m["level"], "列入创建名单", m["date"])
        for m in figures["listings"]
    ]
    moves += [
        (m["project"], m["name"], m["level"], "验收通过", m["date"]) for m in figures["acceptances"]
    ]
    if moves:
        _table(document, ("项目编号", "项目名称", "等级", "事项", "日期"), moves)
    else:
        _para(document, "本月无新列入名单或验收通过的项目。", BODY_FONT, SIZE_3)
    number = 3
    for section in figures.get("sections", []):
        number += 1
        _section(document, section, number)
    number += 1
    _para(document, f"{_numeral(number)}、存在问题", HEADING_FONT, SIZE_3)
    _para(document, f"（一）计划合规预警 {len(figures['findings'])} 项。", BODY_FONT, SIZE_3)
    if figures["findings"]:
        _table(
            document,
            ("条款", "对象", "结论", "说明"),
            [
                (f["clause"], f["subject"], f["severity"], f["text"])
                for f in figures["findings"][:30]
            ],
        )
    _para(
        document,
        f"（二）审批事项逾期 {len(figures['overdue_approvals'])} 项，整改单逾期未办结 "
        f"{len(figures['overdue_orders'])} 件。",
        BODY_FONT,
        SIZE_3,
    )
    overdue = [
        (a["project"], a["step"], a["planned_on"], a["days_overdue"])
        for a in figures["overdue_approvals"][:30]
    ]
    overdue += [
        (o["reference"], o["title"], o["deadline"], o["days_overdue"])
        for o in figures["overdue_orders"][:30]
    ]
    if overdue:
        _table(document, ("编号", "事项", "期限", "逾期天数"), overdue)
    _para(
        document, f"（三）月报迟报、未报 {len(figures['late_reporters'])} 个。", BODY_FONT, SIZE_3
    )
    if figures["late_reporters"]:
        _table(
            document,
            ("项目编号", "项目名称", "区、县（市）", "情况"),
            [
                (r["project"], r["name"], r["district"], r["kind"])
                for r in figures["late_reporters"]
            ],
        )
    _para(document, f"{_numeral(number + 1)}、排名与点评", HEADING_FONT, SIZE_3)
    _para(
        document,
        "；".join(
            f"第{r['rank']}名 {r['name']}（完成率 {r['completion']}%）" for r in figures["ranking"]
        )
        + "。",
        BODY_FONT,
        SIZE_3,
    )
    _para(document, body.get("commentary", ""), BODY_FONT, SIZE_3)
    _para(document, f"{_numeral(number + 2)}、下步工作要求", HEADING_FONT, SIZE_3)
    _para(document, body.get("requirements", ""), BODY_FONT, SIZE_3)
    for note in notes:
        _para(document, f"注：{note}", BODY_FONT, SIZE_SMALL_4)
    document.add_paragraph()
    _para(document, issuer, BODY_FONT, SIZE_3, right=True)
    _para(document, date_text, BODY_FONT, SIZE_3, right=True)
    if footer:
        _footer(document, footer)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_to_pdf(content: bytes, *, timeout: int = 120) -> bytes:
    """Convert with LibreOffice headless (``soffice``); empty bytes when it is not installed."""
    import shutil
    import subprocess  # noqa: S404 - fixed argument list, no shell
    import tempfile
    from pathlib import Path

    soffice = shutil.which("soffice")
    if soffice is None:
        return b""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "bulletin.docx"
        source.write_bytes(content)
        subprocess.run(  # noqa: S603
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(source),
            ],
            check=False,
            capture_output=True,
            timeout=timeout,
        )
        target = Path(tmp) / "bulletin.pdf"
        return target.read_bytes() if target.exists() else b""
