"""Reads of reporting, scoped to the viewer; out-of-scope objects are 404s."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from futurecommunity.accounts.models import User
from futurecommunity.common.demo_filter import counted
from futurecommunity.common.time import SHANGHAI
from futurecommunity.projects.selectors import project_facts
from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.regions.models import Region
from futurecommunity.reporting import access, rules
from futurecommunity.reporting.loaders import ensure_configuration
from futurecommunity.reporting.models import (
    Bulletin,
    BulletinStatus,
    Indicator,
    MonthlyReport,
    MonthSnapshot,
    QuarterlyRanking,
    ReportingParameter,
)


def parameter(key: str) -> str:
    ensure_configuration()
    row = ReportingParameter.objects.filter(key=key).only("value").first()
    if row is None:
        raise LookupError(f"参数“{key}”未配置，请执行 manage.py load_reporting。")
    return row.value


def parameter_row(key: str) -> ReportingParameter:
    """The configuration row itself (value, clause, source, confidence) for labelling it."""
    ensure_configuration()
    row = ReportingParameter.objects.filter(key=key).first()
    if row is None:
        raise LookupError(f"参数“{key}”未配置，请执行 manage.py load_reporting。")
    return row


def indicator_rows() -> list[Indicator]:
    """The indicator configuration rows, in order, with their source and confidence."""
    ensure_configuration()
    return list(Indicator.objects.all())


def due_day() -> int:
    return int(parameter("report_due_day"))


def indicator_specs() -> list[rules.IndicatorSpec]:
    ensure_configuration()
    return [rules.IndicatorSpec(i.code, i.name, i.weight) for i in Indicator.objects.all()]


def reporting_facts(prefix: str = "") -> list[ProjectFact]:
    return project_facts(prefix=prefix)


def region_names() -> dict[str, str]:
    return dict(Region.objects.filter(level__in=["district", "street"]).values_list("code", "name"))


def _report_row(r: MonthlyReport) -> dict[str, Any]:
    return {
        "project": r.project.reference,
        "name": r.project.name,
        "district_code": r.project.district_id,
        "street_code": r.project.street_id,
        "percent_complete": str(r.percent_complete),
        "investment_month": str(r.investment_month),
        "investment_to_date": str(r.investment_to_date),
        "milestones": r.milestones,
        "problems": r.problems,
        "help_needed": r.help_needed,
        "submitted_on": r.submitted_at.astimezone(SHANGHAI).date().isoformat(),
        "is_late": r.is_late,
        "version": r.version,
    }


def month_snapshot_data(*, month: dt.date, facts: list[ProjectFact]) -> dict[str, Any]:
    """The month as it stands now: reports, late ones, and projects owing but not reporting."""
    end = rules.month_last_day(month)
    reports = list(
        counted(MonthlyReport.objects.filter(month=month), "project__is_demo")
        .select_related("project")
        .order_by("project__reference")
    )
    reported = {r.project.reference for r in reports}
    owing = [f for f in facts if f.status_on(end) in rules.REPORTING_STATUSES]
    missing = [
        {
            "project": f.reference,
            "name": f.name,
            "district_code": f.district_code,
            "street_code": f.street_code,
        }
        for f in owing
        if f.reference not in reported
    ]
    rows = [_report_row(r) for r in reports]
    day = due_day()
    return {
        "month": f"{month:%Y-%m}",
        "due_day": day,
        "due_date": rules.due_date(month, day).isoformat(),
        "owing": len(owing),
        "reports": rows,
        "late_count": sum(1 for r in rows if r["is_late"]),
        "missing": missing,
    }


def report_list_for(*, viewer: User, month: dt.date | None = None) -> QuerySet[MonthlyReport]:
    prefix = access.report_prefix_for(viewer)
    if prefix is None:
        return MonthlyReport.objects.none()
    qs = MonthlyReport.objects.filter(region_code__startswith=prefix).select_related(
        "project", "project__district", "project__street", "submitted_by"
    )
    if month is not None:
        qs = qs.filter(month=month)
    return qs.order_by("-month", "project__reference")


def report_get_for(*, viewer: User, pk: int) -> MonthlyReport:
    report = (
        report_list_for(viewer=viewer).prefetch_related("versions__actor").filter(pk=pk).first()
    )
    if report is None:
        raise Http404("未找到该月报。")
    return report


def snapshot_for(*, viewer: User, month: dt.date) -> dict[str, Any] | None:
    """The frozen month restricted to the viewer's territory, or None when not frozen."""
    prefix = access.report_prefix_for(viewer)
    snap = MonthSnapshot.objects.filter(month=month).first()
    if snap is None or prefix is None:
        return None
    data = dict(snap.data)
    data["reports"] = [r for r in data["reports"] if r["street_code"].startswith(prefix)]
    data["missing"] = [r for r in data["missing"] if r["street_code"].startswith(prefix)]
    data["frozen_at"] = snap.frozen_at
    return data


def frozen_months() -> list[dt.date]:
    return list(MonthSnapshot.objects.values_list("month", flat=True))


def bulletin_list_for(*, viewer: User) -> QuerySet[Bulletin]:
    """Issued bulletins are visible to every territorial user; drafts only to the city office."""
    if access.report_prefix_for(viewer) is None:
        return Bulletin.objects.none()
    qs = Bulletin.objects.defer("docx", "pdf")
    if not access.can_draft_bulletin(viewer):
        qs = qs.filter(status=BulletinStatus.ISSUED)
    return qs.order_by("-month")


def bulletin_get_for(*, viewer: User, pk: int) -> Bulletin:
    bulletin = bulletin_list_for(viewer=viewer).filter(pk=pk).first()
    if bulletin is None:
        raise Http404("未找到该通报。")
    return bulletin


def bulletin_file_for(*, viewer: User, pk: int, kind: str) -> tuple[Bulletin, bytes]:
    bulletin = bulletin_get_for(viewer=viewer, pk=pk)
    content = Bulletin.objects.filter(pk=bulletin.pk).values_list(kind, flat=True).get()
    return bulletin, bytes(content or b"")


def ranking_list_for(*, viewer: User) -> QuerySet[QuarterlyRanking]:
    if access.report_prefix_for(viewer) is None:
        return QuarterlyRanking.objects.none()
    qs = QuarterlyRanking.objects.all()
    if not access.can_view_unpublished_ranking(viewer):
        qs = qs.filter(is_published=True)
    return qs.order_by("-quarter")


def ranking_get_for(*, viewer: User, quarter: str) -> QuarterlyRanking:
    ranking = (
        ranking_list_for(viewer=viewer).prefetch_related("rows").filter(quarter=quarter).first()
    )
    if ranking is None:
        raise Http404("未找到该季度考评。")
    return ranking


def previous_ranks(quarter: str) -> dict[str, int]:
    """Ranks of the quarter before, for the movement arrows."""
    year, q = rules.parse_quarter(quarter)
    prev = f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"
    ranking = QuarterlyRanking.objects.filter(quarter=prev).first()
    if ranking is None:
        return {}
    return dict(ranking.rows.values_list("region_code", "rank"))


def yearly_district_scores(year: int) -> dict[str, list[Decimal]]:
    scores: dict[str, list[Decimal]] = {}
    for ranking in QuarterlyRanking.objects.filter(
        quarter__startswith=f"{year}Q", is_published=True
    ):
        for row in ranking.rows.filter(parent_code=""):
            scores.setdefault(row.region_code, []).append(row.score)
    return scores
