"""Demo data (演示): monthly reports of demo projects for recent months, frozen months, one issued
bulletin and two scored quarters. Made through the real services; idempotent."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from futurecommunity.accounts.models import User
from futurecommunity.common.time import SHANGHAI, today_local
from futurecommunity.projects.models import Project
from futurecommunity.reporting import rules
from futurecommunity.reporting.bulletins import bulletin_generate, bulletin_issue
from futurecommunity.reporting.models import (
    Bulletin,
    MonthlyReport,
    MonthSnapshot,
    QuarterlyRanking,
    ReportDraft,
    ReportPhoto,
)
from futurecommunity.reporting.rankings import ranking_compute, ranking_publish
from futurecommunity.reporting.services import (
    DraftInput,
    ReportInput,
    facts_of_month,
    month_freeze,
    monthly_report_draft_save,
    monthly_report_save,
)


def _months(today: dt.date, count: int = 6) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first)
    return sorted(months)


def _last_quarters(today: dt.date) -> list[str]:
    q = (today.month - 1) // 3  # the current quarter index is q+1; take the two before it
    quarters = []
    year = today.year
    for _ in range(2):
        if q == 0:
            year, q = year - 1, 4
        quarters.append(f"{year}Q{q}")
        q -= 1
    return sorted(quarters)


@transaction.atomic
def seed_demo() -> str:
    if MonthlyReport.objects.filter(is_demo=True).exists():
        return "0"
    admin = User.objects.filter(username="city_admin").first()
    if admin is None or not Project.objects.filter(is_demo=True).exists():
        return "0（缺少项目演示数据）"
    rng = random.Random(2025)
    today = today_local()
    months = _months(today)
    clerks = {
        u.organisation.region_code: u
        for u in User.objects.filter(
            username__endswith="_clerk", username__startswith="d"
        ).select_related("organisation")
        if u.organisation is not None
    }
    projects = {p.reference: p for p in Project.objects.filter(is_demo=True)}
    count = 0
    for month in months:
        for fact in facts_of_month(month):
            project = projects.get(fact.reference)
            clerk = clerks.get(fact.district_code)
            if project is None or clerk is None or rng.random() < 0.08:
                continue  # a few projects do not report (未报)
            day = month.replace(day=rng.choice([10, 15, 20, 24, 25, 27]))
            percent = Decimal(min(100, 10 + 15 * months.index(month) + rng.randrange(0, 20)))
            monthly = Decimal(rng.randrange(20, 400) * 10000)
            monthly_report_save(
                actor=clerk,
                project=project,
                month=month,
                data=ReportInput(
                    percent,
                    monthly,
                    monthly * (months.index(month) + 1),
                    "【演示】完成本月计划节点",
                    rng.choice(["", "资金拨付偏慢", "管线迁改协调难"]),
                    rng.choice(["", "请市级协调电力迁改"]),
                ),
                submitted_at=dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI),
            )
            count += 1
        month_freeze(actor=admin, month=month)
    bulletin = bulletin_generate(actor=admin, month=months[-2])
    bulletin_issue(
        actor=admin, bulletin=bulletin, on=rules.month_last_day(months[-2]) + dt.timedelta(days=5)
    )
    for quarter in _last_quarters(today):
        ranking, _ = ranking_compute(actor=admin, quarter=quarter)
        ranking_publish(actor=admin, ranking=ranking)
    drafts = _seed_draft(today.replace(day=1), projects)
    return (
        f"{count} 份月报，{len(months)} 个冻结月份，1 份已印发通报，2 个季度考评，"
        f"{drafts} 份本月草稿"
    )


def _seed_draft(month: dt.date, projects: dict[str, Project]) -> int:
    """塔山街道 has started this month's report of one project but not submitted it (草稿未提交)."""
    clerk = User.objects.filter(username="s330602001_clerk").first()
    if clerk is None or clerk.organisation is None:
        return 0
    street = clerk.organisation.region_code
    project = next(
        (
            projects[f.reference]
            for f in facts_of_month(month)
            if f.street_code == street and f.reference in projects
        ),
        None,
    )
    if project is None:
        return 0
    monthly_report_draft_save(
        actor=clerk,
        project=project,
        month=month,
        data=DraftInput(percent_complete=Decimal("60"), milestones="【演示】本月节点整理中"),
    )
    return 1


def remove_demo() -> int:
    """Remove demo reports and everything derived from them (snapshots, bulletins, rankings)."""
    count = MonthlyReport.objects.filter(is_demo=True).count()
    for photo in ReportPhoto.objects.filter(project__is_demo=True):
        photo.file.delete(save=False)
    ReportPhoto.objects.filter(project__is_demo=True).delete()
    ReportDraft.objects.filter(project__is_demo=True).delete()
    MonthlyReport.objects.filter(is_demo=True).delete()
    if MonthlyReport.objects.exists():
        return count  # real reports exist: keep their frozen months, bulletins and rankings
    MonthSnapshot.objects.all().delete()
    Bulletin.objects.all().delete()
    QuarterlyRanking.objects.all().delete()
    return count
