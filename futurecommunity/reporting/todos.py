"""Reporting to-dos (待办): monthly reports owed by a street, months to freeze, bulletins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse

from futurecommunity.accounts.access import is_street_office
from futurecommunity.accounts.models import Role, User
from futurecommunity.common.time import today_local
from futurecommunity.notifications.todos import Todo
from futurecommunity.projects.models import Project
from futurecommunity.reporting import access, rules
from futurecommunity.reporting.models import Bulletin, BulletinStatus, MonthSnapshot
from futurecommunity.reporting.selectors import due_day


def _owing(street_code: str, month: dt.date) -> list[Project]:
    return list(
        Project.objects.filter(region_code=street_code, status__in=rules.REPORTING_STATUSES)
        .exclude(monthly_reports__month=month)
        .order_by("reference")
    )


def todos_for(user: User, *, today: dt.date | None = None) -> Iterable[Todo]:
    today = today or today_local()
    month = today.replace(day=1)
    org = user.organisation
    if org is not None and is_street_office(user) and user.has_role_at_least(Role.EDITOR):
        due = rules.due_date(month, due_day())
        for project in _owing(org.region_code, month):
            yield Todo(
                source="reporting.monthly",
                title=f"待报送{month:%Y年%m月}月报",
                subject=f"{project.reference} {project.name}",
                link=reverse("reporting:report-edit", args=[project.reference, f"{month:%Y-%m}"]),
                clause="四 S1",
                due_on=due,
            )
    if access.can_freeze_month(user):
        last = (month - dt.timedelta(days=1)).replace(day=1)
        if not MonthSnapshot.objects.filter(month=last).exists():
            yield Todo(
                source="reporting.freeze",
                title=f"待冻结{last:%Y年%m月}月报",
                subject=f"{last:%Y年%m月}已结束，冻结后生成月度通报",
                link=reverse("reporting:report-list") + f"?month={last:%Y-%m}",
                clause="四 S1",
            )
        for snap in MonthSnapshot.objects.exclude(
            month__in=Bulletin.objects.values("month")
        ).order_by("-month")[:3]:
            yield Todo(
                source="reporting.bulletin",
                title=f"待生成{snap.month:%Y年%m月}月度通报",
                subject=f"{snap.month:%Y年%m月}月报已冻结",
                link=reverse("reporting:bulletin-list"),
                clause="四 S1",
            )
    if access.can_issue_bulletin(user):
        for bulletin in Bulletin.objects.filter(status=BulletinStatus.DRAFT).order_by("month"):
            yield Todo(
                source="reporting.bulletin",
                title="待印发月度通报",
                subject=bulletin.title,
                link=reverse("reporting:bulletin-detail", args=[bulletin.pk]),
                clause="四 S1",
            )
