"""The published ranking table as a Word document (official-document fonts)."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from docx import Document

from futurecommunity.common.provenance import docx_provenance
from futurecommunity.reporting.bulletin_docx import (
    BODY_FONT,
    SIZE_2,
    SIZE_3,
    TITLE_FONT,
    _page_setup,
    _para,
    _table,
)


def ranking_docx(
    quarter: str,
    rows: list[dict[str, Any]],
    indicators: list[dict[str, str]],
    configuration: Sequence[Any] = (),
) -> bytes:
    """The table, then each indicator's weight, labelled 推定（待核实） with its source."""
    document = Document()
    _page_setup(document)
    _para(
        document,
        f"{quarter[:4]}年第{quarter[-1]}季度未来社区建设考评结果",
        TITLE_FONT,
        SIZE_2,
        centred=True,
    )
    _para(
        document,
        "依据绍政办发〔2023〕21号“每季度晾晒考评结果”（四 S2），各区、县（市）得分和排名如下。",
        BODY_FONT,
        SIZE_3,
    )
    header = ("名次", "区、县（市）", "得分", "较上季", *[i["name"] for i in indicators])
    body = []
    for r in rows:
        points = {b["code"]: b["points"] for b in r["breakdown"]}
        body.append(
            (
                r["rank"],
                r["name"],
                r["score"],
                r["movement"],
                *[points.get(i["code"], "") for i in indicators],
            )
        )
    _table(document, header, body)
    _para(document, "考评指标和权重：", BODY_FONT, SIZE_3)
    by_code = {getattr(r, "code", ""): r for r in configuration}
    for i in indicators:
        paragraph = _para(document, f"{i['name']}：{i['weight']}分", BODY_FONT, SIZE_3)
        docx_provenance(paragraph, by_code.get(i["code"]))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
