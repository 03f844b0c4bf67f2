"""The scenario picture in the monthly bulletin (issue 15 item 5, through ``reporting.hooks``).

How many accepted communities have each of the nine scenarios built, programme-wide and per
district, counting decisions taken by the month end; demo projects never count in a real
instance. The "built" share and the aggregation method are configuration rows, labelled
推定（待核实） while reconstructed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from futurecommunity.evaluation.models import EvaluationParameter
from futurecommunity.evaluation.scenarios import SCENARIOS, scenario_picture
from futurecommunity.regions.models import Region
from futurecommunity.reporting.hooks import Section, Table, note_for

METHODS = {"mean": "算术平均", "trimmed_mean": "去掉一个最高分和一个最低分后平均"}


def _shown(row: EvaluationParameter) -> str:
    """The value as an official reads it (never the stored code)."""
    if row.key == "aggregation_method":
        return METHODS.get(row.value, "其他方法")
    try:
        return f"{(Decimal(row.value) * 100).normalize():f}%"
    except InvalidOperation:
        return row.value


def bulletin_section(month: dt.date, end: dt.date) -> Section:
    picture = scenario_picture(prefix="", as_of=end)
    header = ("范围", "验收通过社区", *[name for _code, name in SCENARIOS])

    def row(label: str, prefix: str) -> tuple[str, ...]:
        counts = picture.counts(prefix)
        return (
            label,
            str(picture.community_count(prefix)),
            *[str(counts[code]) for code, _name in SCENARIOS],
        )

    rows = [row("全市", "")]
    rows += [
        row(name, code)
        for code, name in Region.objects.filter(level="district")
        .order_by("code")
        .values_list("code", "name")
    ]
    city = picture.counts()
    total = picture.community_count()
    lead = (
        "、".join(f"{name} {city[code]} 个" for code, name in SCENARIOS)
        if total
        else "尚无验收通过的社区"
    )
    params = EvaluationParameter.objects.filter(
        key__in=["scenario_built_share", "aggregation_method"]
    ).order_by("key")
    notes = tuple(n for n in (note_for(p, value=_shown(p)) for p in params) if n is not None)
    return Section(
        key="evaluation",
        heading="九大场景建设情况",
        clause="二(一)",
        paragraphs=(
            f"截至{month.year}年{month.month}月底，经验收通过的社区 {total} 个，"
            f"各场景已建成社区数：{lead}。",
            "场景“已建成”按最近一次验收通过的专家平均得分达到该场景分值的规定比例计。",
        ),
        tables=(Table(header, tuple(rows), "各区、县（市）九大场景已建成社区数"),),
        notes=notes,
    )
