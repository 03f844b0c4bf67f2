"""Neighbourhood-centre plan progress in the monthly bulletin (issue 13 item 4, through
``reporting.hooks``): per district and year of the current three-year plans, the centres
planned, started (under construction or open) and open. Demo plans never count."""

from __future__ import annotations

import datetime as dt

from futurecommunity.centres.selectors import plan_progress
from futurecommunity.regions.models import Region
from futurecommunity.reporting.hooks import Section, Table


def bulletin_section(month: dt.date, end: dt.date) -> Section:
    progress = plan_progress(prefix="")
    names = dict(Region.objects.filter(level="district").values_list("code", "name"))
    planned = sum(p.planned for p in progress)
    started = sum(p.started for p in progress)
    opened = sum(p.opened for p in progress)
    due = [p for p in progress if p.year <= month.year]
    due_planned = sum(p.planned for p in due)
    due_open = sum(p.opened for p in due)
    districts = len({p.district_code for p in progress})
    if progress:
        text = (
            f"截至{month.year}年{month.month}月底，{districts} 个区、县（市）已确定邻里中心布点规划和"
            f"三年建设计划，共规划邻里中心 {planned} 个，已开工 {started} 个，已开放 {opened} 个；"
            f"计划{month.year}年及以前建成的 {due_planned} 个中已开放 {due_open} 个。"
        )
    else:
        text = f"截至{month.year}年{month.month}月底，尚无区、县（市）确定邻里中心布点规划。"
    rows = tuple(
        (
            names.get(p.district_code, p.district_code),
            f"{p.year}年",
            str(p.planned),
            str(p.started),
            str(p.opened),
        )
        for p in progress
    )
    return Section(
        key="centres",
        heading="邻里中心布点规划和三年建设计划进展",
        clause="二(四)",
        paragraphs=(text,),
        tables=(
            (
                Table(
                    ("区、县（市）", "计划年度", "计划建设", "已开工", "已开放"),
                    rows,
                    "各区、县（市）分年度进展（已开工含已开放）",
                ),
            )
            if rows
            else ()
        ),
    )
