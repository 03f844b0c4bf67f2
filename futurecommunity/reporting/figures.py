"""The figures of a monthly bulletin, gathered from the frozen month and the other apps.

Everything is read as of the month end, so a bulletin regenerated later shows the same numbers:
reports come from the frozen snapshot, project figures are replayed from transition history.
Rectification and notifications belong to another app; when it is absent they read as zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from futurecommunity.common.demo_filter import counted
from futurecommunity.common.time import SHANGHAI
from futurecommunity.permits.models import ApprovalStep, StepStatus
from futurecommunity.projects.models import Transition
from futurecommunity.reporting import hooks, rules
from futurecommunity.reporting.models import MonthSnapshot
from futurecommunity.targets.compliance.engine import evaluate
from futurecommunity.targets.compliance.findings import Severity
from futurecommunity.targets.compliance.snapshot import programme_snapshot
from futurecommunity.targets.selectors import programme_view

Progress = Callable[[int, str], None]


def _pct(part: int | Decimal, whole: int | Decimal) -> str:
    if not whole:
        return "0.0"
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def rectification_overdue(prefix: str, as_of: dt.date) -> list[dict[str, Any]]:
    try:
        from futurecommunity.rectification.selectors import overdue_orders
    except ImportError:
        return []
    return [
        {
            "reference": o.reference,
            "district_code": o.district_code,
            "recipient": o.recipient_name,
            "deadline": o.deadline.isoformat(),
            "days_overdue": o.days_overdue,
            "title": o.title,
        }
        for o in overdue_orders(prefix=prefix, as_of=as_of)
    ]


def rectification_stats(
    district_code: str, start: dt.date, end: dt.date
) -> tuple[int, int, int, int]:
    """(issued, closed on time, closed late, open overdue); zeros without the rectification app."""
    try:
        from futurecommunity.rectification.selectors import order_stats
    except ImportError:
        return (0, 0, 0, 0)
    s = order_stats(district_code=district_code, start=start, end=end)
    return (s.issued, s.closed_on_time, s.closed_late, s.open_overdue)


def _overdue_approvals(end: dt.date) -> list[dict[str, Any]]:
    steps = counted(
        ApprovalStep.objects.filter(
            status__in=[StepStatus.PENDING, StepStatus.IN_PROGRESS], planned_on__lt=end
        ),
        "checklist__project__is_demo",
    ).select_related("checklist__project")
    return [
        {
            "project": s.checklist.project.reference,
            "name": s.checklist.project.name,
            "district_code": s.checklist.project.district_id,
            "step": s.get_code_display(),
            "planned_on": s.planned_on.isoformat(),
            "days_overdue": (end - s.planned_on).days,
        }
        for s in steps
        if s.is_overdue_on(end) and s.planned_on is not None
    ]


def audit_checkpoint() -> dict[str, Any] | None:
    """The latest signed checkpoint of the audit chain (issue 11 §3): head id, hash prefix and
    time, printed in the bulletin's footer so a reader can check the log against the paper."""
    from futurecommunity.audit.keys import latest_checkpoint

    point = latest_checkpoint()
    if point is None:
        return None
    try:
        at = dt.datetime.fromisoformat(point.written_at).astimezone(SHANGHAI)
        when = f"{at:%Y-%m-%d %H:%M}"
    except ValueError:
        when = point.written_at[:16].replace("T", " ")
    return {"id": point.entry_id, "hash": point.entry_hash[:16], "at": when}


def checkpoint_text(point: dict[str, Any] | None) -> str:
    """One line for the footer; says so plainly when no checkpoint has been written."""
    if not point:
        return "审计日志检查点：尚无（本实例未写入检查点）"
    return f"审计日志检查点：第 {point['id']} 条 · 哈希 {point['hash']}… · {point['at']}"


def _transitions(start: dt.date, end: dt.date, to_status: str) -> list[dict[str, Any]]:
    rows = (
        counted(
            Transition.objects.filter(
                occurred_on__gte=start, occurred_on__lte=end, to_status=to_status
            ),
            "project__is_demo",
        )
        .select_related("project")
        .order_by("occurred_on", "project__reference")
    )
    return [
        {
            "project": t.project.reference,
            "name": t.project.name,
            "district_code": t.project.district_id,
            "level": t.project.get_level_display(),
            "date": t.occurred_on.isoformat(),
        }
        for t in rows
    ]


def bulletin_figures(month: dt.date, progress: Progress | None = None) -> dict[str, Any]:
    """Every number of the bulletin for a frozen month (raises when the month is not frozen)."""
    step = progress or (lambda pct, msg: None)
    snap = MonthSnapshot.objects.get(month=month)
    start, end = month, rules.month_last_day(month)
    step(10, "汇总全市建设进度")
    view = programme_view(prefix="", as_of=end)
    names = {d.code: d.name for d in view.districts}
    st = view.status
    step(30, "检查计划合规情况")
    findings = [
        f
        for f in evaluate(programme_snapshot(as_of=end))
        if f.severity in (Severity.VIOLATION, Severity.WARNING)
    ]
    step(50, "统计审批和整改逾期")
    reports = snap.data["reports"]
    districts = []
    for code, name in names.items():
        cells = [c for c in st.cells if c.district_code == code and c.year == month.year]
        target = sum(c.target for c in cells)
        created = sum(c.created for c in cells)
        mine = [r for r in reports if r["district_code"] == code]
        missing = [r for r in snap.data["missing"] if r["district_code"] == code]
        issued, on_time, late, overdue = rectification_stats(code, dt.date(month.year, 1, 1), end)
        cover = st.coverage_by_district.get(code)
        districts.append(
            {
                "code": code,
                "name": name,
                "year_target": target,
                "created": created,
                "building": sum(c.building for c in cells),
                "built": sum(c.built for c in cells),
                "completion": _pct(created, target) if target else "100.0",
                "coverage": str(cover.percent) if cover else "0.0",
                "reports": len(mine),
                "late": sum(1 for r in mine if r["is_late"]),
                "missing": len(missing),
                "owing": len(mine) + len(missing),
                "investment_month": str(sum(Decimal(r["investment_month"]) for r in mine)),
                "avg_percent": _pct(
                    sum(Decimal(r["percent_complete"]) for r in mine), 100 * len(mine)
                )
                if mine
                else "0.0",
                "orders_issued": issued,
                "orders_open_overdue": overdue,
            }
        )
    step(65, "生成排名点评")
    return {
        "month": f"{month:%Y-%m}",
        "month_label": f"{month.year}年{month.month}月",
        "month_end": end.isoformat(),
        "frozen_at": snap.frozen_at.isoformat(),
        "headline": {
            "built_total": st.built_total,
            "count_goal": view.count_goal,
            "plan_total": st.plan_total,
            "created_total": st.created_total,
            "baseline_total": st.baseline_total,
            "coverage": str(st.coverage_city.percent),
            "coverage_goal": str((view.coverage_goal * 100).quantize(Decimal("0.1"))),
            "built_share": _pct(st.built_total, view.count_goal),
        },
        "districts": districts,
        "listings": _transitions(start, end, "listed"),
        "acceptances": _transitions(start, end, "accepted"),
        "findings": [
            {
                "rule": f.rule_id,
                "clause": f.clause,
                "subject": f.subject_name,
                "severity": f.severity_label,
                "text": f.explanation,
            }
            for f in findings
        ],
        "overdue_approvals": _overdue_approvals(end),
        "overdue_orders": rectification_overdue("", end),
        "late_reporters": [
            {
                "project": r["project"],
                "name": r["name"],
                "district": names.get(r["district_code"], ""),
                "kind": "迟报",
                "submitted_on": r["submitted_on"],
            }
            for r in reports
            if r["is_late"]
        ]
        + [
            {
                "project": r["project"],
                "name": r["name"],
                "district": names.get(r["district_code"], ""),
                "kind": "未报",
                "submitted_on": "",
            }
            for r in snap.data["missing"]
        ],
        "reports_total": len(reports),
        "owing_total": snap.data["owing"],
        "ranking": _commentary_ranking(districts),
        # Sections of the newer apps (centres, evaluation, operations) through the hook registry,
        # frozen here with the other numbers (reporting never imports those apps).
        "sections": hooks.bulletin_sections(month, end),
        "audit_checkpoint": audit_checkpoint(),
    }


def _commentary_ranking(districts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Districts ranked by year-target completion, then reporting punctuality (ties share)."""
    keys = {
        d["code"]: Decimal(d["completion"]) * 1000
        + (Decimal(d["reports"] - d["late"]) * 100 / d["owing"] if d["owing"] else Decimal(100))
        for d in districts
    }
    ranks = rules.rank_with_ties(keys)
    ordered = sorted(districts, key=lambda d: (ranks[d["code"]], d["code"]))
    return [
        {
            "code": d["code"],
            "name": d["name"],
            "rank": ranks[d["code"]],
            "completion": d["completion"],
        }
        for d in ordered
    ]


def default_body(fig: dict[str, Any]) -> dict[str, str]:
    """The draft text the city office edits before issuing."""
    h = fig["headline"]
    ranking = fig["ranking"]
    best = "、".join(r["name"] for r in ranking if r["rank"] == 1)
    last_rank = max((r["rank"] for r in ranking), default=0)
    worst = "、".join(r["name"] for r in ranking if r["rank"] == last_rank)
    return {
        "opening": (
            f"各区、县（市）现代社区建设工作领导小组办公室：\n"
            f"根据《绍兴市全域未来社区建设实施方案》（绍政办发〔2023〕21号）“每月通报进展情况”的要求，"
            f"现将{fig['month_label']}全市未来社区建设进展情况通报如下。"
        ),
        "overview": (
            f"截至{fig['month_label']}底，全市累计建成未来社区 {h['built_total']} 个，"
            f"为 2026 年目标 {h['count_goal']} 个的 {h['built_share']}%；城镇社区覆盖率 {h['coverage']}%"
            f"（目标 {h['coverage_goal']}%）。本月新列入创建名单 {len(fig['listings'])} 个，"
            f"验收通过 {len(fig['acceptances'])} 个。应报月报 {fig['owing_total']} 个，"
            f"已报 {fig['reports_total']} 个。"
        ),
        "commentary": (
            f"从年度目标完成情况看，{best or '—'}进度领先；{worst or '—'}相对滞后，"
            f"请加快推进，确保完成年度创建任务。"
        ),
        "requirements": (
            "各地要对照年度计划查漏补缺，对审批逾期事项和整改单逾期未办结问题限期销号，"
            "按时报送月度进展，确保各项工作落到实处。"
        ),
    }
