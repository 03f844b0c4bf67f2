"""Every write of reporting: reports and their versions, month freeze, bulletins, rankings."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.time import SHANGHAI, today_local
from futurecommunity.projects.models import Project
from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.reporting import access, photos, rules
from futurecommunity.reporting.models import (
    MonthlyReport,
    MonthSnapshot,
    ReportDraft,
    ReportPhoto,
    ReportVersion,
)
from futurecommunity.reporting.selectors import (
    due_day,
    month_snapshot_data,
    reporting_facts,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportInput:
    percent_complete: Decimal
    investment_month: Decimal
    investment_to_date: Decimal
    milestones: str = ""
    problems: str = ""
    help_needed: str = ""


def report_input_errors(data: ReportInput) -> dict[str, list[str]]:
    """Field errors of a report (四 S1): progress 0–100, investments ≥ 0, to-date ≥ month."""
    errors: dict[str, list[str]] = {}
    if not Decimal(0) <= data.percent_complete <= Decimal(100):
        errors["percent_complete"] = ["形象进度应在 0–100 之间（四 S1）。"]
    if data.investment_month < 0:
        errors["investment_month"] = ["当月完成投资不能为负数。"]
    if data.investment_to_date < 0:
        errors["investment_to_date"] = ["累计完成投资不能为负数。"]
    elif data.investment_to_date < data.investment_month:
        errors["investment_to_date"] = ["累计完成投资不能小于当月完成投资。"]
    return errors


def _values(data: ReportInput) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in asdict(data).items()}


def monthly_report_save(
    *,
    actor: User,
    project: Project,
    month: dt.date,
    data: ReportInput,
    reason: str = "",
    submitted_at: dt.datetime | None = None,
    photo_uploads: list[UploadedFile] | None = None,
) -> MonthlyReport:
    """Submit or correct a project's report for a month (one per project per month).

    Every save is a new numbered version in the audit trail; after the month is frozen a
    correction needs a reason and never changes the frozen snapshot. The month's draft, if any,
    ends here: its photos join the report with this version. ``submitted_at`` is for recording
    historical submissions (demo, migration) only.
    """
    if not access.can_submit_report(actor, project.region_code):
        raise PermissionDenied("您只能报送本辖区项目的月报。")
    month = month.replace(day=1)
    now = submitted_at or timezone.now()
    if month > now.astimezone(SHANGHAI).date().replace(day=1):
        raise DomainError("future_month", "不能报送未来月份的进展（四 S1）。")
    errors = report_input_errors(data)
    if errors:
        raise ValidationFailed(errors)
    frozen = MonthSnapshot.objects.filter(month=month).exists()
    if frozen and not reason.strip():
        raise ValidationFailed(
            {"reason": [f"{month:%Y年%m月}已冻结，更正须填写更正原因（四 S1）。"]}
        )
    new_photos = _checked_photos(project, month, photo_uploads)
    values = _values(data)
    with transaction.atomic():
        report = (
            MonthlyReport.objects.select_for_update().filter(project=project, month=month).first()
        )
        if report is None:
            report = _create(actor, project, month, data, now)
            before: dict[str, Any] = {}
        else:
            before = {k: str(getattr(report, k)) for k in values}
            for key, value in asdict(data).items():
                setattr(report, key, value)
            report.version += 1
            report.save(update_fields=[*values, "version", "updated_at"])
        ReportVersion.objects.create(
            report=report,
            number=report.version,
            values=values,
            actor=actor,
            reason=reason,
            after_freeze=frozen,
        )
        _store_photos(actor, project, month, new_photos)
        added = list(
            ReportPhoto.objects.filter(project=project, month=month, report__isnull=True)
            .order_by("id")
            .values_list("original_name", flat=True)
        )
        ReportPhoto.objects.filter(project=project, month=month, report__isnull=True).update(
            report=report, version=report.version
        )
        ReportDraft.objects.filter(project=project, month=month).delete()
        changes = {k: [before.get(k), v] for k, v in values.items() if before.get(k) != str(v)}
        if added:
            changes["photos"] = [None, added]
        audit_record(
            actor=actor,
            action="monthly_report.correct" if before else "monthly_report.submit",
            subject=report,
            reference=f"YB-{project.reference}-{month:%Y%m}",
            region_code=project.region_code,
            changes=changes,
            reason=reason or f"报送{month:%Y年%m月}月报（第 {report.version} 版）",
        )
    return report


def _checked_photos(
    project: Project, month: dt.date, uploads: list[UploadedFile] | None
) -> list[tuple[UploadedFile, str]]:
    if not uploads:
        return []
    already = ReportPhoto.objects.filter(project=project, month=month).count()
    return photos.photos_check(uploads, already=already)


def _store_photos(
    actor: User, project: Project, month: dt.date, checked: list[tuple[UploadedFile, str]]
) -> None:
    """Photos join the month's draft (``report`` empty) until the report is submitted."""
    for upload, name in checked:
        ReportPhoto.objects.create(
            project=project,
            month=month,
            region_code=project.region_code,
            file=upload,
            original_name=name,
            size=upload.size or 0,
            uploaded_by=actor,
        )


@dataclass(frozen=True)
class DraftInput:
    """A draft may be incomplete: a figure not yet known is ``None``."""

    percent_complete: Decimal | None = None
    investment_month: Decimal | None = None
    investment_to_date: Decimal | None = None
    milestones: str = ""
    problems: str = ""
    help_needed: str = ""


def draft_input_errors(data: DraftInput) -> dict[str, list[str]]:
    """The figures a draft gives must already be valid (四 S1); missing ones wait for 提交."""
    zero = Decimal(0)
    full = ReportInput(
        data.percent_complete if data.percent_complete is not None else zero,
        data.investment_month if data.investment_month is not None else zero,
        data.investment_to_date
        if data.investment_to_date is not None
        else max(data.investment_month or zero, zero),
    )
    return report_input_errors(full)


def monthly_report_draft_save(
    *,
    actor: User,
    project: Project,
    month: dt.date,
    data: DraftInput,
    photo_uploads: list[UploadedFile] | None = None,
) -> ReportDraft:
    """Keep the street's unsubmitted report for a month (保存草稿, 四 S1).

    A draft is never counted, frozen, bulletined or exposed by the API, and until it is
    submitted the month's report is still missing (催报, 待办 “草稿未提交”).
    """
    if not access.can_submit_report(actor, project.region_code):
        raise PermissionDenied("您只能填报本辖区项目的月报。")
    month = month.replace(day=1)
    if month > today_local().replace(day=1):
        raise DomainError("future_month", "不能填报未来月份的进展（四 S1）。")
    errors = draft_input_errors(data)
    if errors:
        raise ValidationFailed(errors)
    new_photos = _checked_photos(project, month, photo_uploads)
    values = {k: "" if v is None else str(v) for k, v in asdict(data).items()}
    with transaction.atomic():
        draft = ReportDraft.objects.select_for_update().filter(project=project, month=month).first()
        before: dict[str, Any] = dict(draft.values) if draft is not None else {}
        if draft is None:
            draft = ReportDraft.objects.create(
                project=project,
                month=month,
                region_code=project.region_code,
                values=values,
                saved_by=actor,
            )
        else:
            draft.values, draft.saved_by = values, actor
            draft.save(update_fields=["values", "saved_by", "updated_at"])
        _store_photos(actor, project, month, new_photos)
        changes: dict[str, list[Any]] = {
            k: [before.get(k), v] for k, v in values.items() if before.get(k, "") != v
        }
        if new_photos:
            changes["photos"] = [None, [name for _upload, name in new_photos]]
        audit_record(
            actor=actor,
            action="monthly_report.draft_save",
            subject=draft,
            reference=f"YB-{project.reference}-{month:%Y%m}",
            region_code=project.region_code,
            changes=changes,
            reason=f"保存{month:%Y年%m月}月报草稿（未提交）",
        )
    return draft


def _create(actor: User, project: Project, month: dt.date, data: ReportInput, now: dt.datetime):  # type: ignore[no-untyped-def]
    submitted_on = now.astimezone(SHANGHAI).date()
    try:
        with transaction.atomic():
            return MonthlyReport.objects.create(
                project=project,
                month=month,
                region_code=project.region_code,
                submitted_at=now,
                submitted_by=actor,
                is_late=rules.is_late(submitted_on, month, due_day()),
                is_demo=project.is_demo,
                **asdict(data),
            )
    except IntegrityError as exc:
        raise DomainError("duplicate_report", "该项目本月月报已存在，请刷新后修改。") from exc


def month_freeze(
    *, actor: User | None, month: dt.date, today: dt.date | None = None
) -> tuple[MonthSnapshot, bool]:
    """Freeze a month once it has ended: the reports as they stand become an immutable
    snapshot (四 S1). Idempotent: a frozen month is returned unchanged with ``False``."""
    if actor is not None and not access.can_freeze_month(actor):
        raise PermissionDenied("只有市风貌办可以冻结月报。")
    month = month.replace(day=1)
    existing = MonthSnapshot.objects.filter(month=month).first()
    if existing is not None:
        return existing, False
    if (today or today_local()) <= rules.month_last_day(month):
        raise DomainError("month_not_ended", f"{month:%Y年%m月}尚未结束，月末后方可冻结（四 S1）。")
    data = month_snapshot_data(month=month, facts=reporting_facts())
    with transaction.atomic():
        snapshot, created = MonthSnapshot.objects.get_or_create(
            month=month,
            defaults={
                "frozen_at": timezone.now(),
                "frozen_by": actor,
                "due_day": data["due_day"],
                "data": data,
            },
        )
        if created:
            audit_record(
                actor=actor,
                action="monthly_report.freeze",
                subject=snapshot,
                reference=f"YB-{month:%Y%m}",
                reason=f"冻结{month:%Y年%m月}月报：已报 {len(data['reports'])} 个，"
                f"迟报 {data['late_count']} 个，未报 {len(data['missing'])} 个。",
            )
            transaction.on_commit(lambda: _notify_missing(data))
    return snapshot, created


def _notify_missing(data: dict[str, Any]) -> None:
    """Tell each district office which projects did not report (notifications app, if there)."""
    try:
        from futurecommunity.notifications.services import notify  # type: ignore[attr-defined]
    except ImportError:
        return
    by_district: dict[str, list[str]] = {}
    for row in data["missing"]:
        by_district.setdefault(row["district_code"], []).append(row["project"])
    for district, references in by_district.items():
        recipients = list(User.objects.filter(organisation__region_code=district, is_active=True))
        if recipients:
            notify(
                recipients=recipients,
                kind="reporting.missing",
                title=f"{data['month']} 月报未按期报送",
                body=f"以下项目未报送 {data['month']} 月报：{'、'.join(references)}（四 S1）。",
                link="/manage/reporting/",
            )


def facts_of_month(month: dt.date) -> list[ProjectFact]:
    """Facts of projects owing a report at the month end (for forms and reminders)."""
    end = rules.month_last_day(month)
    return [f for f in reporting_facts() if f.status_on(end) in rules.REPORTING_STATUSES]


def monthly_report_import(
    *, actor: User, month: dt.date, rows: list[tuple[int, str, ReportInput]], reason: str = ""
) -> int:
    """Save every row or none (四 S1): unknown or out-of-scope projects fail the whole file."""
    from futurecommunity.projects.selectors import project_list_for

    projects = {
        p.reference: p
        for p in project_list_for(viewer=actor).filter(reference__in=[r[1] for r in rows])
    }
    errors = [
        f"第{number}行“项目编号”列：未找到项目“{reference}”或不在本辖区。"
        for number, reference, _data in rows
        if reference not in projects
    ]
    if errors:
        raise ValidationFailed({"file": errors})
    with transaction.atomic():
        for number, reference, data in rows:
            try:
                monthly_report_save(
                    actor=actor, project=projects[reference], month=month, data=data, reason=reason
                )
            except DomainError as exc:
                raise ValidationFailed({"file": [f"第{number}行：{exc.message}"]}) from exc
    return len(rows)
