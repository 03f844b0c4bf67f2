"""Score sheets per expert and the summary sheet, as xlsx and Word. Only sheets the viewer may
read are passed in (``selectors.score_sheets_for``), so an export never reveals a score early."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Font

from futurecommunity.common.xlsx import neutralise, workbook_bytes
from futurecommunity.evaluation.models import Evaluation, Indicator, PanelMember
from futurecommunity.evaluation.results import EvaluationResult


def _indicators(evaluation: Evaluation) -> list[Indicator]:
    return list(evaluation.system.indicators.select_related("dimension"))


def _scores(member: PanelMember) -> dict[int, tuple[Decimal, str]]:
    return {s.indicator_id: (s.score, s.comment) for s in member.scores.all()}


def _title(evaluation: Evaluation) -> str:
    return f"{evaluation.project.name}（{evaluation.reference}）验收评分"


def sheets_workbook(
    evaluation: Evaluation, members: Sequence[PanelMember], result: EvaluationResult | None,
    *, exported_by: str, exported_at: dt.datetime,
) -> bytes:  # fmt: skip
    """One sheet per expert and, when all have scored, a summary sheet first."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    indicators = _indicators(evaluation)
    if result is not None and result.all_submitted:
        summary = book.create_sheet("汇总")
        summary.append([neutralise(_title(evaluation)), f"导出人：{exported_by}",
                        f"导出时间：{exported_at:%Y-%m-%d %H:%M}"])  # fmt: skip
        summary.append(
            ["维度", "指标编码", "指标名称", "分值", *[str(m.expert.user) for m in members], "平均"]
        )
        for cell in summary[2]:
            cell.font = Font(bold=True)
        by_member = [_scores(m) for m in members]
        for i in indicators:
            summary.append([i.dimension.name, i.code, neutralise(i.name), float(i.points),
                            *[float(s.get(i.pk, (Decimal(0), ""))[0]) for s in by_member],
                            float(result.means.get(i.pk, Decimal(0)))])  # fmt: skip
        summary.append(["合计", "", "", float(sum(i.points for i in indicators)),
                        *[float(result.totals.get(m.pk, Decimal(0))) for m in members],
                        float(result.score)])  # fmt: skip
        summary.append([f"汇总方法：{result.method}", f"分数线：{evaluation.system.pass_score}"])
    for member in members:
        sheet = book.create_sheet(str(member.expert.user)[:31])
        sheet.append([neutralise(_title(evaluation)), f"专家：{member.expert.user}",
                      f"单位：{member.expert.work_unit}"])  # fmt: skip
        sheet.append(["维度", "指标编码", "指标名称", "分值", "得分", "意见"])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        scores = _scores(member)
        for i in indicators:
            score, comment = scores.get(i.pk, (None, ""))
            sheet.append([i.dimension.name, i.code, neutralise(i.name), float(i.points),
                          float(score) if score is not None else None, neutralise(comment)])  # fmt: skip
        total = sum((s for s, _c in scores.values()), Decimal(0))
        sheet.append(["合计", "", "", "", float(total), ""])
    if not book.worksheets:
        book.create_sheet("评分")
    return workbook_bytes(book)


def sheets_docx(
    evaluation: Evaluation, members: Sequence[PanelMember], result: EvaluationResult | None
) -> bytes:
    """The summary table and one score table per expert, for signing on paper."""
    document = Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(_title(evaluation)).bold = True
    document.add_paragraph(
        f"指标体系：{evaluation.system.name}（{evaluation.system.version}）；"
        f"通过分数线 {evaluation.system.pass_score} 分（{evaluation.system.get_pass_score_confidence_display()}）"
    )
    indicators = _indicators(evaluation)
    if result is not None and result.all_submitted:
        document.add_paragraph(f"综合得分：{result.score} 分（{result.method}）")
        table = document.add_table(rows=1, cols=len(members) + 3)
        cells = table.rows[0].cells
        for n, text in enumerate(["指标", "分值", *[str(m.expert.user) for m in members], "平均"]):
            cells[n].text = text
        by_member = [_scores(m) for m in members]
        for i in indicators:
            row = table.add_row().cells
            values = [f"{i.code} {i.name}", str(i.points),
                      *[str(s.get(i.pk, (Decimal(0), ""))[0]) for s in by_member],
                      str(result.means.get(i.pk, Decimal(0)))]  # fmt: skip
            for n, text in enumerate(values):
                row[n].text = text
    for member in members:
        document.add_paragraph(f"专家评分表：{member.expert.user}（{member.expert.work_unit}）")
        table = document.add_table(rows=1, cols=4)
        for n, text in enumerate(["指标", "分值", "得分", "意见"]):
            table.rows[0].cells[n].text = text
        scores = _scores(member)
        for i in indicators:
            score, comment = scores.get(i.pk, (None, ""))
            row = table.add_row().cells
            for n, text in enumerate([f"{i.code} {i.name}", str(i.points),
                                      "" if score is None else str(score), comment]):  # fmt: skip
                row[n].text = text
        document.add_paragraph("专家签名：____________    日期：____________")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
