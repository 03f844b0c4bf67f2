"""Reporting screens: monthly reports, frozen months, bulletins, rankings, incentives. Thin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, ValidationFailed
from futurecommunity.common.files import file_download
from futurecommunity.common.time import today_local
from futurecommunity.common.xlsx import Column, list_workbook, xlsx_response
from futurecommunity.projects.selectors import project_get_for, project_list_for
from futurecommunity.reporting import access, excel, plausibility, rules, selectors
from futurecommunity.reporting import photos as photo_rules
from futurecommunity.reporting.bulletins import bulletin_edit, bulletin_issue, bulletin_submit
from futurecommunity.reporting.forms import BulletinForm, ImportForm, ReportForm
from futurecommunity.reporting.models import (
    BulletinStatus,
    MonthlyReport,
    ReportDraft,
    ReportPhoto,
)
from futurecommunity.reporting.rankings import ranking_compute, ranking_publish
from futurecommunity.reporting.services import (
    facts_of_month,
    month_freeze,
    monthly_report_draft_save,
    monthly_report_import,
    monthly_report_save,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _month(text: str | None) -> dt.date:
    if not text:
        return today_local().replace(day=1)
    try:
        return rules.parse_month(text)
    except ValueError as exc:
        raise Http404(str(exc)) from exc


def _file(
    request: AuthedRequest, content: bytes, name: str, kind: str, action: str
) -> HttpResponse:
    """Send a generated document; every document leaving the platform is audited (house style §10)."""
    audit_record(actor=request.user, action=action, reference=name, reason=f"导出 {name}")
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _owing(request: AuthedRequest, month: dt.date) -> list:
    prefix = access.report_prefix_for(request.user)
    if prefix is None:
        return []
    codes = {f.reference for f in facts_of_month(month) if f.street_code.startswith(prefix)}
    return list(project_list_for(viewer=request.user).filter(reference__in=codes))


def _report_query(request: AuthedRequest) -> tuple[dt.date, list[MonthlyReport]]:
    """Shared by the list and its export, so that what is shown is what is exported."""
    month = _month(request.GET.get("month"))
    return month, list(selectors.report_list_for(viewer=request.user, month=month))


@login_required
def report_list(request: AuthedRequest) -> HttpResponse:
    month, reports = _report_query(request)
    done = {r.project_id for r in reports}
    pending = sorted(
        (p for p in _owing(request, month) if p.pk not in done),
        key=lambda p: (p.region_code[:6], p.reference),
    )
    # A draft is still missing (四 S1); the list only says one was started.
    drafted = set(
        ReportDraft.objects.filter(month=month, project__in=pending).values_list(
            "project_id", flat=True
        )
    )
    context = {
        "nav": "reporting",
        "month": month,
        "reports": reports,
        "pending": pending,
        "drafted": drafted,
        "snapshot": selectors.snapshot_for(viewer=request.user, month=month),
        "due": rules.due_date(month, selectors.due_day()),
        "due_row": selectors.parameter_row("report_due_day"),
        # 四 S1: a month is frozen after it ends; the button is not offered before.
        "can_freeze": access.can_freeze_month(request.user)
        and rules.month_last_day(month) < today_local(),
        "can_remind": can_remind(request.user),
        "frozen": selectors.frozen_months(),
    }
    return render(request, "reporting/report_list.html", context)


def can_remind(user) -> bool:  # type: ignore[no-untyped-def]
    from futurecommunity.accounts.access import is_city_office, is_district_office

    return (is_city_office(user) or is_district_office(user)) and user.has_role_at_least("editor")


@login_required
@require_POST
def report_remind_view(request: AuthedRequest) -> HttpResponse:
    """催报 every project of the month still owing a report in the viewer's territory."""
    from futurecommunity.reporting.todos import report_remind

    month = _month(request.POST.get("month"))
    done = {r.project_id for r in selectors.report_list_for(viewer=request.user, month=month)}
    owing = [p for p in _owing(request, month) if p.pk not in done]
    try:
        told = report_remind(actor=request.user, month=month, projects=owing)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已催报 {len(owing)} 个项目，提醒 {told} 名街道经办人员。")
    return redirect(f"{_reverse('reporting:report-list')}?month={month:%Y-%m}")


REPORT_COLUMNS = (
    Column("项目编号", 22),
    Column("项目名称", 28),
    Column("区、县（市）", 12),
    Column("实施街道", 14),
    Column("月份", 10),
    Column("形象进度（%）", 12),
    Column("当月投资（元）", 16),
    Column("累计投资（元）", 16),
    Column("报送", 8),
    Column("版本", 6),
)


@login_required
@require_GET
def report_export(request: AuthedRequest) -> HttpResponse:
    """Exactly the reports the list shows for the same month, audited."""
    month, reports = _report_query(request)
    rows = [
        (r.project.reference, r.project.name, r.project.district.name, r.project.street.name,
         f"{r.month:%Y-%m}", _number(r.percent_complete), _number(r.investment_month),
         _number(r.investment_to_date), "迟报" if r.is_late else "按期", r.version)
        for r in reports
    ]  # fmt: skip
    return _export(request, "monthly_report", f"{month:%Y年%m月}项目月报", REPORT_COLUMNS, rows,
                   {"month": f"{month:%Y-%m}"})  # fmt: skip


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _export(
    request: AuthedRequest,
    entity: str,
    title: str,
    columns: tuple[Column, ...],
    rows: Sequence[Sequence[object]],
    filters: dict[str, object],
) -> HttpResponse:
    now = timezone.localtime()
    content = list_workbook(
        title=title, columns=columns, rows=rows, exported_by=str(request.user), exported_at=now
    )
    audit_record(
        actor=request.user,
        action=f"{entity}.export",
        subject_type=entity,
        region_code=access.report_prefix_for(request.user) or "",
        changes={"filters": [None, filters], "rows": [None, len(rows)]},
        reason=f"导出{title} {len(rows)} 条。",
    )
    return xlsx_response(content, f"{title}-{now:%Y%m%d-%H%M}.xlsx")


def _checks(previous: MonthlyReport | None, form: ReportForm) -> list[str]:
    """Plausibility against last month (四 S1), once every figure is entered."""
    if form.missing_figures():
        return []
    entered = form.to_input()
    return plausibility.warnings(
        plausibility.Figures(
            previous.percent_complete, previous.investment_month, previous.investment_to_date
        )
        if previous
        else None,
        plausibility.Figures(
            Decimal(entered.percent_complete),
            Decimal(entered.investment_month),
            Decimal(entered.investment_to_date),
        ),
    )


def _apply_error(form: ReportForm, exc: DomainError) -> None:
    if isinstance(exc, ValidationFailed):
        for field, errors in exc.errors.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.message)


@login_required
def report_edit(request: AuthedRequest, reference: str, month: str) -> HttpResponse:
    """The month's report: 保存草稿 keeps an uncounted draft, 提交 submits it (四 S1)."""
    project = project_get_for(viewer=request.user, reference=reference)
    when = _month(month)
    current = MonthlyReport.objects.filter(project=project, month=when).first()
    can_edit = access.can_submit_report(request.user, project.region_code)
    # A draft is its reporters' working copy: nobody else is shown it.
    draft = ReportDraft.objects.filter(project=project, month=when).first() if can_edit else None
    if draft is not None:
        initial: dict[str, object] = {k: v for k, v in draft.values.items() if v != ""}
    elif current is not None:
        initial = {f: getattr(current, f) for f in ReportForm.base_fields if hasattr(current, f)}
    else:
        initial = {}
    form = ReportForm(request.POST or None, initial=initial)
    last_month = (when - dt.timedelta(days=1)).replace(day=1)
    previous = MonthlyReport.objects.filter(project=project, month=last_month).first()
    checks: list[str] = []
    submitting = request.POST.get("action", "submit") != "draft"
    uploads = request.FILES.getlist("photos")
    if request.method == "POST" and form.is_valid():
        checks = _checks(previous, form)
        if submitting:
            for name in form.missing_figures():
                form.add_error(name, f"提交前须填写“{form.fields[name].label}”（四 S1）。")
            if checks and not form.cleaned_data["reason"].strip():
                form.add_error("reason", "与上月数据不一致：请核对，或填写原因后再提交（四 S1）。")
    if request.method == "POST" and form.is_valid():
        try:
            if submitting:
                monthly_report_save(
                    actor=request.user,
                    project=project,
                    month=when,
                    data=form.to_input(),
                    reason=form.cleaned_data["reason"],
                    photo_uploads=uploads,
                )
            else:
                monthly_report_draft_save(
                    actor=request.user,
                    project=project,
                    month=when,
                    data=form.to_draft(),
                    photo_uploads=uploads,
                )
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            if not submitting:
                messages.success(
                    request,
                    f"{project.name} {when:%Y年%m月}月报草稿已保存：尚未提交，不计入统计，"
                    "请在截止日前提交。",
                )
                return redirect(
                    _reverse("reporting:report-edit", project.reference, f"{when:%Y-%m}")
                )
            messages.success(request, f"{project.name} {when:%Y年%m月}月报已提交。")
            return redirect(f"{_reverse('reporting:report-list')}?month={when:%Y-%m}")
    shown = ReportPhoto.objects.filter(project=project, month=when).select_related("uploaded_by")
    if not can_edit:
        shown = shown.filter(report__isnull=False)
    photo_list = list(shown.order_by("id"))
    versions = list(current.versions.select_related("actor")) if current else []
    by_version: dict[int, list[ReportPhoto]] = {}
    for photo in photo_list:
        if photo.version is not None:
            by_version.setdefault(photo.version, []).append(photo)
    context = {
        "nav": "reporting",
        "project": project,
        "month": when,
        "form": form,
        "current": current,
        "draft": draft,
        "can_edit": can_edit,
        "previous": previous,
        "checks": checks,
        "due": rules.due_date(when, selectors.due_day()),
        "versions": [(v, by_version.get(v.number, [])) for v in versions],
        "photos": photo_list,
        "draft_photos": [p for p in photo_list if p.report_id is None],
        "photos_max": photo_rules.photos_max(),
    }
    return render(request, "reporting/report_form.html", context)


@login_required
@require_GET
def report_photo(
    request: AuthedRequest, reference: str, month: str, pk: int
) -> HttpResponse | FileResponse:
    """A report photo, through the project's scope: a thumbnail (``?thumb=1``) or the original.

    A draft's photo is shown only to those who may submit the report; the original's download
    is audited.
    """
    project = project_get_for(viewer=request.user, reference=reference)
    photo = ReportPhoto.objects.filter(pk=pk, project=project, month=_month(month)).first()
    if photo is None or (
        photo.report_id is None and not access.can_submit_report(request.user, project.region_code)
    ):
        raise Http404("未找到该照片。")
    if request.GET.get("thumb"):
        try:
            with photo.file.open("rb") as handle:
                content = photo_rules.thumbnail(handle.read())
        except FileNotFoundError:
            raise Http404("该照片文件已不存在。") from None
        response = HttpResponse(content, content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        return response
    audit_record(
        actor=request.user,
        action="monthly_report.photo_download",
        subject=photo,
        reference=f"YB-{project.reference}-{photo.month:%Y%m}",
        region_code=project.region_code,
        reason=f"下载月报现场照片“{photo.original_name}”",
    )
    return file_download(photo.file, filename=photo.original_name)


def _reverse(name: str, *args: object) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


@login_required
def report_import(request: AuthedRequest) -> HttpResponse:
    month = _month(request.GET.get("month") or request.POST.get("month"))
    if request.GET.get("template"):
        projects = [(p.reference, p.name) for p in _owing(request, month)]
        return _file(
            request,
            excel.template_workbook(projects, month),
            f"月报模板-{month:%Y-%m}.xlsx",
            XLSX,
            "monthly_report.template_export",
        )
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        rows, errors = excel.parse_import(form.cleaned_data["file"].read())
        if not errors:
            try:
                count = monthly_report_import(
                    actor=request.user, month=month, rows=rows, reason=form.cleaned_data["reason"]
                )
            except ValidationFailed as exc:
                errors = [m for ms in exc.errors.values() for m in ms]
            except DomainError as exc:
                errors = [exc.message]
            else:
                messages.success(request, f"已导入 {count} 个项目的 {month:%Y年%m月} 月报。")
                return redirect(f"{_reverse('reporting:report-list')}?month={month:%Y-%m}")
    return render(
        request,
        "reporting/report_import.html",
        {"nav": "reporting", "month": month, "form": form, "errors": errors},
    )


@login_required
@require_POST
def month_freeze_view(request: AuthedRequest, month: str) -> HttpResponse:
    when = _month(month)
    try:
        _snap, created = month_freeze(actor=request.user, month=when)
        messages.success(
            request, f"{when:%Y年%m月}已冻结。" if created else f"{when:%Y年%m月}此前已冻结。"
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{_reverse('reporting:report-list')}?month={when:%Y-%m}")


@login_required
def bulletin_list(request: AuthedRequest) -> HttpResponse:
    context = {
        "nav": "reporting",
        "bulletins": selectors.bulletin_list_for(viewer=request.user),
        "frozen": selectors.frozen_months(),
        "can_draft": access.can_draft_bulletin(request.user),
    }
    return render(request, "reporting/bulletin_list.html", context)


BULLETIN_COLUMNS = (
    Column("月份", 10),
    Column("标题", 36),
    Column("文号", 20),
    Column("状态", 10),
    Column("印发日期", 12),
)


@login_required
@require_GET
def bulletin_export(request: AuthedRequest) -> HttpResponse:
    """The bulletins the list shows (the same scoped selector; the list has no filters)."""
    rows = [
        (f"{b.month:%Y-%m}", b.title, b.document_number, b.get_status_display(),
         timezone.localdate(b.issued_at) if b.issued_at else None)
        for b in selectors.bulletin_list_for(viewer=request.user)
    ]  # fmt: skip
    return _export(request, "bulletin", "月度通报清单", BULLETIN_COLUMNS, rows, {})


@login_required
@require_POST
def bulletin_generate_view(request: AuthedRequest) -> HttpResponse:
    try:
        job = bulletin_submit(actor=request.user, month=_month(request.POST.get("month")))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reporting:bulletin-list")
    return redirect("jobs:job-detail", job_id=job.pk)


@login_required
def bulletin_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    bulletin = selectors.bulletin_get_for(viewer=request.user, pk=pk)
    editable = bulletin.status == BulletinStatus.DRAFT and access.can_draft_bulletin(request.user)
    form = BulletinForm(request.POST or None, initial={"title": bulletin.title, **bulletin.body})
    if request.method == "POST" and editable and form.is_valid():
        try:
            bulletin_edit(
                actor=request.user,
                bulletin=bulletin,
                title=form.cleaned_data.pop("title"),
                body=form.cleaned_data,
            )
            messages.success(request, "通报草稿已保存。")
            return redirect("reporting:bulletin-detail", pk=pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    context = {
        "nav": "reporting",
        "b": bulletin,
        "f": bulletin.figures,
        "form": form,
        "editable": editable,
        "can_issue": bulletin.status == BulletinStatus.DRAFT
        and access.can_issue_bulletin(request.user),
        "chart": {"districts": bulletin.figures["districts"]},
        "issuer_row": selectors.parameter_row("bulletin_issuer"),
        "prefix_row": selectors.parameter_row("bulletin_prefix"),
    }
    return render(request, "reporting/bulletin_detail.html", context)


@login_required
@require_POST
def bulletin_issue_view(request: AuthedRequest, pk: int) -> HttpResponse:
    bulletin = selectors.bulletin_get_for(viewer=request.user, pk=pk)
    try:
        issued = bulletin_issue(actor=request.user, bulletin=bulletin)
        messages.success(request, f"通报已印发：{issued.document_number}。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reporting:bulletin-detail", pk=pk)


@login_required
def bulletin_file(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in ("docx", "pdf"):
        raise Http404
    bulletin, content = selectors.bulletin_file_for(viewer=request.user, pk=pk, kind=kind)
    if not content:
        raise Http404("该文件尚未生成（PDF 需在印发时由 LibreOffice 转换）。")
    name = f"{bulletin.document_number or '通报草稿'}-{bulletin.month:%Y-%m}.{kind}"
    return _file(
        request,
        content,
        name,
        DOCX if kind == "docx" else "application/pdf",
        "bulletin.file_export",
    )


def _ranking_rows(ranking) -> list[dict]:  # type: ignore[no-untyped-def]
    previous = selectors.previous_ranks(ranking.quarter)
    return [
        {
            "code": r.region_code,
            "name": r.region_name,
            "parent": r.parent_code,
            "score": r.score,
            "rank": r.rank,
            "movement": rules.movement(previous.get(r.region_code), r.rank),
            "breakdown": r.breakdown,
        }
        for r in ranking.rows.all()
    ]


@login_required
def ranking_list(request: AuthedRequest) -> HttpResponse:
    rankings = list(selectors.ranking_list_for(viewer=request.user).prefetch_related("rows"))
    districts = sorted(
        {
            (r.region_code, r.region_name)
            for k in rankings
            for r in k.rows.all()
            if not r.parent_code
        }
    )
    history = [
        {
            "name": name,
            "cells": [
                next((f"{r.rank}（{r.score}）" for r in k.rows.all() if r.region_code == code), "—")
                for k in rankings
            ],
        }
        for code, name in districts
    ]
    return render(
        request,
        "reporting/ranking_list.html",
        {
            "nav": "reporting",
            "rankings": rankings,
            "history": history,
            "can_compute": access.can_compute_ranking(request.user),
            "year": today_local().year,
        },
    )


@login_required
def ranking_detail(request: AuthedRequest, quarter: str) -> HttpResponse:
    ranking = selectors.ranking_get_for(viewer=request.user, quarter=quarter)
    rows = _ranking_rows(ranking)
    prefix = access.report_prefix_for(request.user) or ""
    streets = [r for r in rows if r["parent"] and r["code"].startswith(prefix[:6])]
    fmt = request.GET.get("format")
    districts = [r for r in rows if not r["parent"]]
    if fmt == "xlsx":
        return _file(
            request,
            excel.ranking_workbook(
                ranking.quarter, districts, ranking.indicators, selectors.indicator_rows()
            ),
            f"考评排名-{quarter}.xlsx",
            XLSX,
            "ranking.export",
        )
    if fmt == "docx":
        from futurecommunity.reporting.ranking_docx import ranking_docx

        return _file(
            request,
            ranking_docx(
                ranking.quarter, districts, ranking.indicators, selectors.indicator_rows()
            ),
            f"考评排名-{quarter}.docx",
            DOCX,
            "ranking.export",
        )
    return render(
        request,
        "reporting/ranking_detail.html",
        {
            "nav": "reporting",
            "ranking": ranking,
            "districts": districts,
            "streets": streets,
            "indicator_rows": selectors.indicator_rows(),
            "can_publish": not ranking.is_published and access.can_publish_ranking(request.user),
        },
    )


@login_required
@require_POST
def ranking_compute_view(request: AuthedRequest) -> HttpResponse:
    quarter = request.POST.get("quarter", "")
    try:
        ranking, changed = ranking_compute(actor=request.user, quarter=quarter)
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("reporting:ranking-list")
    messages.success(request, "考评已计算。" if changed else "该季度已公布，未重算。")
    return redirect("reporting:ranking-detail", quarter=ranking.quarter)


@login_required
@require_POST
def ranking_publish_view(request: AuthedRequest, quarter: str) -> HttpResponse:
    ranking = selectors.ranking_get_for(viewer=request.user, quarter=quarter)
    try:
        ranking_publish(actor=request.user, ranking=ranking)
        messages.success(request, f"{quarter}考评结果已公布。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reporting:ranking-detail", quarter=quarter)


@login_required
def incentive_list(request: AuthedRequest, year: int) -> HttpResponse:
    if access.report_prefix_for(request.user) is None:
        raise Http404
    picks = rules.incentive_candidates(
        selectors.yearly_district_scores(year),
        selectors.region_names(),
        top_n=int(selectors.parameter("incentive_top_n")),
        min_score=Decimal(selectors.parameter("incentive_min_score")),
    )
    names = selectors.region_names()
    if request.GET.get("format") == "xlsx":
        return _file(
            request,
            excel.incentive_workbook(
                year,
                picks,
                names,
                str(request.user),
                [selectors.parameter_row(k) for k in ("incentive_top_n", "incentive_min_score")],
            ),
            f"督查激励推荐-{year}.xlsx",
            XLSX,
            "incentive.export",
        )
    return render(
        request,
        "reporting/incentive_list.html",
        {
            "nav": "reporting",
            "year": year,
            "picks": [{"name": names.get(p.region_code, p.region_code), "pick": p} for p in picks],
            "cutoffs": [
                selectors.parameter_row(k) for k in ("incentive_top_n", "incentive_min_score")
            ],
        },
    )
