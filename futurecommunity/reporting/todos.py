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
from futurecommunity.reporting.models import (
    Bulletin,
    BulletinStatus,
    MonthSnapshot,
    ReportDraft,
)
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
        owing = _owing(org.region_code, month)
        # A saved draft is still owed (四 S1): the to-do says it waits for 提交.
        drafted = set(
            ReportDraft.objects.filter(month=month, project__in=owing).values_list(
                "project_id", flat=True
            )
        )
        for project in owing:
            yield Todo(
                source="reporting.monthly",
                title=f"{month:%Y年%m月}月报草稿未提交"
                if project.pk in drafted
                else f"待报送{month:%Y年%m月}月报",
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


def report_remind(*, actor: User, month: dt.date, projects: list[Project]) -> int:
    """催报: remind the streets of projects owing ``month``'s report (四 S1); audited.

    City or district office editors, for owing projects in their territory. Returns how many
    people were reminded.
    """
    from django.db import transaction

    from futurecommunity.accounts.access import in_scope, is_city_office, is_district_office
    from futurecommunity.accounts.models import OrganisationKind
    from futurecommunity.audit.services import audit_record
    from futurecommunity.common.errors import DomainError, PermissionDenied
    from futurecommunity.notifications.services import notify_on_commit

    if not (is_city_office(actor) or is_district_office(actor)) or not actor.has_role_at_least(
        Role.EDITOR
    ):
        raise PermissionDenied("只有市、区县（市）风貌办经办人员可以催报（四 S1）。")
    mine = [p for p in projects if in_scope(actor, p.region_code)]
    if not mine:
        raise DomainError("nothing_to_remind", "没有需要催报的项目。")
    due = rules.due_date(month, due_day())
    by_street: dict[str, list[Project]] = {}
    for project in mine:
        by_street.setdefault(project.region_code, []).append(project)
    told = 0
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="monthly_report.remind",
            region_code=actor.organisation.region_code if actor.organisation else "",
            reference=f"YB-{month:%Y%m}",
            changes={"references": [None, [p.reference for p in mine]]},
            reason=f"催报{month:%Y年%m月}月报 {len(mine)} 个项目（四 S1），截止 {due:%Y-%m-%d}。",
        )
        for street, rows in by_street.items():
            people = list(
                User.objects.filter(
                    organisation__kind=OrganisationKind.STREET_OFFICE,
                    organisation__region_code=street,
                    role__in=[Role.EDITOR, Role.APPROVER],
                    is_active=True,
                )
            )
            told += len(people)
            notify_on_commit(
                recipients=people,
                kind="reporting.remind",
                title=f"催报：{month:%Y年%m月}月报 {len(rows)} 个项目未报送",
                body=f"请于 {due:%Y-%m-%d} 前报送："
                + "、".join(f"{p.reference} {p.name}" for p in rows)
                + "（四 S1）。",
                link=reverse("reporting:report-list") + f"?month={month:%Y-%m}",
            )
    return told
