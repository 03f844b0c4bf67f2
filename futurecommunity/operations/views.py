"""Operators, project operations, quarterly indicators, funding. Thin adapters (house style §9)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, ValidationFailed
from futurecommunity.common.files import file_download
from futurecommunity.common.forms import add_service_errors
from futurecommunity.common.time import today_local
from futurecommunity.common.xlsx import Column, list_workbook, xlsx_response
from futurecommunity.operations import access, excel, imports, rules, selectors, services
from futurecommunity.operations.forms import (
    FundingForm,
    ImportForm,
    OperatorForm,
    ParameterForm,
    PlanItemForm,
    ProcurementForm,
    QuarterForm,
    ReviewForm,
    SelectionForm,
    StreetFundForm,
)
from futurecommunity.operations.models import (
    OperatorKind,
    OperatorProfile,
    PlanItem,
    ReportStatus,
    Service,
    WorksProcurement,
)
from futurecommunity.regions.selectors import street_list
from futurecommunity.reporting.models import MonthlyReport


def _guard(request: AuthedRequest) -> None:
    if not access.can_view_operations(request.user):
        raise Http404


def _apply(form, exc: DomainError) -> None:  # type: ignore[no-untyped-def]
    add_service_errors(form, exc)


def _money(value: Decimal | None) -> str:
    """Amounts for officials: 万元 with thousands separators (the unit is shown by the caller)."""
    if value is None:
        return "—"
    return f"{value / 10000:,.2f}"


# --- operators ---------------------------------------------------------------------------------


@login_required
@require_GET
def operator_list(request: AuthedRequest) -> HttpResponse:
    _guard(request)
    user = request.user
    search = request.GET.get("q", "").strip()[:50]
    operators = selectors.operator_list_for(viewer=user, search=search)
    page = Paginator(operators, 50).get_page(request.GET.get("page"))
    prefix = region_prefix_for(user)
    context = {
        "nav": "operations",
        "page": page,
        "search": search,
        "can_register": access.can_register_operator(user),
        "is_operator": access.operator_organisation_id(user) is not None,
        "projects": selectors.project_list_for(viewer=user)[:200]
        if access.operator_organisation_id(user) is not None
        else [],
        "without_plan": selectors.renovation_without_plan(viewer=user)
        if prefix is not None
        else [],
        "missing": selectors.missing_reports_for(viewer=user) if prefix is not None else [],
        "can_remind": prefix is not None and (access.can_configure(user) or len(prefix) == 6),
        "funding": _funding_rows(prefix) if prefix is not None else [],
        "params": selectors.parameter_rows(),
    }
    return render(request, "operations/operator_list.html", context)


def _funding_rows(prefix: str) -> list[dict[str, object]]:
    from futurecommunity.regions.models import Region

    by_district = selectors.funding_by_district(prefix=prefix)
    names = dict(
        Region.objects.filter(code__in=[d for d, _t in by_district]).values_list("code", "name")
    )
    rows: list[dict[str, object]] = []
    for code, totals in by_district:
        rows.append(
            {
                "name": names.get(code, code),
                "planned": _money(totals.planned),
                "received": _money(totals.received),
                "share": totals.social_capital_share,
            }
        )
    whole = selectors.funding_totals_for(prefix=prefix)
    if rows:
        rows.append(
            {
                "name": "合计",
                "planned": _money(whole.planned),
                "received": _money(whole.received),
                "share": whole.social_capital_share,
                "total": True,
            }
        )
    return rows


OPERATOR_COLUMNS = (
    Column("运营单位", 30),
    Column("类型", 12),
    Column("运营服务", 30),
    Column("联合体", 8),
    Column("统一社会信用代码", 22),
    Column("运营项目数", 10),
    Column("联系人", 12),
    Column("联系电话", 16),
    Column("地址", 30),
    Column("联合体成员（类型，角色）", 50),
)


def _members_text(profile: OperatorProfile) -> str:
    return "；".join(
        f"{m.name}（{m.get_member_kind_display()}{'，' + m.role if m.role else ''}）"
        for m in profile.members.all()
    )


@login_required
@require_GET
def operator_export(request: AuthedRequest) -> HttpResponse:
    _guard(request)
    rows = [
        (o.organisation.name, o.get_operator_kind_display(), "、".join(o.service_labels()),
         "是" if o.is_consortium else "否", o.credit_code, o.project_count,  # type: ignore[attr-defined]
         o.contact_name, o.contact_phone, o.address, _members_text(o))
        for o in selectors.operator_list_for(viewer=request.user).prefetch_related("members")
    ]  # fmt: skip
    return _export(request, "运营单位名录", OPERATOR_COLUMNS, rows, "operator.export")


def _export(request: AuthedRequest, title: str, columns, rows: list, action: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    now = timezone.localtime()
    content = list_workbook(
        title=title, columns=columns, rows=rows, exported_by=str(request.user), exported_at=now
    )
    audit_record(
        actor=request.user,
        action=action,
        subject_type="operations",
        region_code=region_prefix_for(request.user) or "",
        changes={"rows": [None, len(rows)]},
        reason=f"导出{title} {len(rows)} 条。",
    )
    return xlsx_response(content, f"{title}-{now:%Y%m%d-%H%M}.xlsx")


def _operator_input(form: OperatorForm) -> services.OperatorInput:
    d = form.cleaned_data
    return services.OperatorInput(
        name=d["name"],
        operator_kind=d["operator_kind"],
        credit_code=d["credit_code"],
        services=tuple(d["services"]),
        contact_name=d["contact_name"],
        contact_phone=d["contact_phone"],
        address=d["address"],
        members=tuple(services.MemberInput(*row) for row in form.member_rows()),
    )


@login_required
def operator_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_register_operator(request.user):
        raise PermissionDenied("运营单位由市风貌办登记。")
    form = OperatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.operator_register(actor=request.user, data=_operator_input(form))
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"已登记运营单位“{profile.organisation.name}”。")
            return redirect("operations:operator-detail", profile.pk)
    return render(request, "operations/operator_form.html", {"nav": "operations", "form": form})


@login_required
def operator_import(request: AuthedRequest) -> HttpResponse:
    """The city office registers operators from the Excel template (all or nothing, 三(三))."""
    if not access.can_register_operator(request.user):
        raise PermissionDenied("运营单位由市风貌办登记。")
    if request.GET.get("template"):
        return xlsx_response(excel.operator_template(), "运营单位导入模板.xlsx")

    def run(content: bytes) -> str:
        operators, members = excel.read_operator_book(content)
        count = imports.operator_import(actor=request.user, operators=operators, members=members)
        return f"已导入运营单位 {count} 家。"

    return _import_page(request, run, title="导入运营单位", back="operations:operator-list")


@login_required
def operator_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    profile = selectors.operator_get_for(viewer=request.user, pk=pk)
    if not access.can_register_operator(request.user):
        raise PermissionDenied("运营单位由市风貌办登记。")
    labels = dict((v, str(label)) for v, label in services.MemberKind.choices)
    initial = {
        "name": profile.organisation.name, "operator_kind": profile.operator_kind,
        "credit_code": profile.credit_code, "services": profile.services,
        "contact_name": profile.contact_name, "contact_phone": profile.contact_phone,
        "address": profile.address,
        "members": "\n".join(f"{m.name}，{labels.get(m.member_kind, '')}，{m.role}，{m.credit_code}" for m in profile.members.all()),
    }  # fmt: skip
    form = OperatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.operator_update(
                actor=request.user, operator=profile, data=_operator_input(form)
            )
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("operations:operator-detail", profile.pk)
    return render(
        request,
        "operations/operator_form.html",
        {"nav": "operations", "form": form, "profile": profile},
    )


@login_required
@require_GET
def operator_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    profile = selectors.operator_get_for(viewer=request.user, pk=pk)
    visible = selectors.project_list_for(viewer=request.user).filter(selection__operator=profile)
    rows = [(p, selectors.effective_operation(p)) for p in visible]
    context = {
        "nav": "operations",
        "profile": profile,
        "rows": rows,
        "can_edit": access.can_register_operator(request.user),
    }
    return render(request, "operations/operator_detail.html", context)


# --- a project's operations ---------------------------------------------------------------------


def _latest_investment(project_id: int) -> Decimal | None:
    report = MonthlyReport.objects.filter(project_id=project_id).order_by("-month").first()
    return report.investment_to_date if report else None


def _project_context(request: AuthedRequest, reference: str) -> dict[str, object]:
    user = request.user
    project = selectors.project_get_for(viewer=user, reference=reference)
    operators = list(
        OperatorProfile.objects.select_related("organisation").order_by("organisation__name")
    )
    integrated = [o for o in operators if o.operator_kind == OperatorKind.INTEGRATED]
    selection = selectors.selection_of(project)
    plan = selectors.plan_of(project)
    procurement = WorksProcurement.objects.filter(project=project).first()
    can_record = (
        access.can_record_for(user, project.region_code)
        and access.operator_organisation_id(user) is None
    )
    sources = list(selectors.funding_of(project))
    totals = rules.funding_totals(
        [rules.SourceAmount(s.kind, s.planned, s.received) for s in sources]
    )
    sel_initial = (
        {name: getattr(selection, name) for name in services._SELECTION_FIELDS} if selection else {}
    )
    if selection:
        sel_initial["operator_id"] = selection.operator_id
    reports = selectors.report_list_for(viewer=user).filter(project=project)
    can_report = bool(
        selection
        and selection.is_decided
        and access.can_report_for(user, selection.operator.organisation_id)
    )
    return {
        "nav": "operations",
        "project": project,
        "selection": selection,
        "plan": plan,
        "procurement": procurement,
        "can_record": can_record,
        "can_report": can_report,
        "selection_form": SelectionForm(initial=sel_initial, operators=integrated),
        "procurement_form": ProcurementForm(
            initial={"mode": procurement.mode, "note": procurement.note} if procurement else None
        ),
        "plan_form": PlanItemForm(operators=operators),
        "funding_form": FundingForm(initial={"year": today_local().year}),
        "sources": [(s, _money(s.planned), _money(s.received)) for s in sources],
        "totals": {
            "planned": _money(totals.planned),
            "received": _money(totals.received),
            "share": totals.social_capital_share,
        },
        "reconciliation": rules.reconcile(totals.received, _latest_investment(project.pk)),
        "reports": reports,
        "verdict": selectors.effective_operation(project),
        "params": selectors.parameter_rows(),
    }


@login_required
@require_GET
def project_detail(request: AuthedRequest, reference: str) -> HttpResponse:
    _guard(request)
    return render(request, "operations/project_detail.html", _project_context(request, reference))


def _project_post(
    request: AuthedRequest, reference: str, form_key: str, form, action
) -> HttpResponse:  # type: ignore[no-untyped-def]
    """Shared POST flow of the project page's forms: valid → service → redirect; else re-render."""
    context = _project_context(request, reference)
    if not context["can_record"]:  # the project is visible to the viewer: refused, not hidden
        raise PermissionDenied("只读账号不能修改运营信息。")
    if form.is_valid():
        try:
            action(context["project"], form.cleaned_data)
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("operations:project-detail", reference)
    context[form_key] = form
    messages.error(request, "未保存：请按提示修改。")
    return render(request, "operations/project_detail.html", context, status=400)


@login_required
@require_POST
def selection_save(request: AuthedRequest, reference: str) -> HttpResponse:
    _guard(request)
    integrated = list(
        OperatorProfile.objects.filter(operator_kind=OperatorKind.INTEGRATED).select_related(
            "organisation"
        )
    )
    form = SelectionForm(request.POST, request.FILES, operators=integrated)

    def act(project, d):  # type: ignore[no-untyped-def]
        data = services.SelectionInput(**{k: v for k, v in d.items() if k != "document"})
        services.selection_record(
            actor=request.user, project=project, data=data, document=d.get("document")
        )

    return _project_post(request, reference, "selection_form", form, act)


@login_required
@require_POST
def procurement_save(request: AuthedRequest, reference: str) -> HttpResponse:
    _guard(request)
    form = ProcurementForm(request.POST)
    return _project_post(
        request, reference, "procurement_form", form,
        lambda project, d: services.works_procurement_set(actor=request.user, project=project, mode=d["mode"], note=d["note"]),
    )  # fmt: skip


@login_required
@require_POST
def plan_item_save(request: AuthedRequest, reference: str) -> HttpResponse:
    _guard(request)
    operators = list(OperatorProfile.objects.select_related("organisation"))
    form = PlanItemForm(request.POST, operators=operators)
    return _project_post(
        request, reference, "plan_form", form,
        lambda project, d: services.plan_item_save(actor=request.user, project=project, data=services.PlanItemInput(**d)),
    )  # fmt: skip


@login_required
@require_POST
def plan_item_remove(request: AuthedRequest, reference: str, pk: int) -> HttpResponse:
    project = selectors.project_get_for(viewer=request.user, reference=reference)
    item = PlanItem.objects.filter(pk=pk, plan__project=project).first()
    if item is None:
        raise Http404
    try:
        services.plan_item_remove(actor=request.user, item=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已删除该服务项。")
    return redirect("operations:project-detail", reference)


@login_required
@require_POST
def funding_save(request: AuthedRequest, reference: str) -> HttpResponse:
    _guard(request)
    form = FundingForm(request.POST)
    return _project_post(
        request, reference, "funding_form", form,
        lambda project, d: services.funding_source_save(actor=request.user, project=project, data=services.FundingInput(**d)),
    )  # fmt: skip


@login_required
@require_GET
def selection_document(request: AuthedRequest, reference: str) -> FileResponse:
    selection = selectors.selection_document_for(viewer=request.user, reference=reference)
    audit_record(
        actor=request.user,
        action="operator_selection.download",
        subject=selection,
        reference=reference,
        region_code=selection.region_code,
    )
    return file_download(selection.document, filename=selection.document_name)


@login_required
@require_POST
def report_remind(request: AuthedRequest, reference: str) -> HttpResponse:
    project = selectors.project_get_for(viewer=request.user, reference=reference)
    try:
        year, quarter = int(request.POST.get("year", "")), int(request.POST.get("quarter", ""))
    except ValueError:
        messages.error(request, "催报的年度和季度不正确。")
        return redirect("operations:operator-list")
    try:
        count = services.operating_report_remind(
            actor=request.user, project=project, year=year, quarter=quarter
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已向运营单位 {count} 人发送催报提醒。")
    return redirect("operations:operator-list")


# --- quarterly reports ----------------------------------------------------------------------


@login_required
@require_GET
def report_list(request: AuthedRequest) -> HttpResponse:
    _guard(request)
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    reports = selectors.report_list_for(viewer=request.user, status=status)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    context = {
        "nav": "operations",
        "page": page,
        "status": status,
        "statuses": ReportStatus.choices,
    }
    return render(request, "operations/report_list.html", context)


REPORT_COLUMNS = (
    Column("项目编号", 20), Column("项目", 30), Column("运营商", 26), Column("季度", 14),
    Column("正常开放服务", 12), Column("服务人次", 10), Column("开放时间履约率（%）", 14),
    Column("满意度（%）", 10), Column("运营收入（万元）", 14), Column("财政补贴（万元）", 14),
    Column("状态", 10), Column("逾期", 6),
)  # fmt: skip


@login_required
@require_GET
def report_export(request: AuthedRequest) -> HttpResponse:
    _guard(request)
    rows = []
    for r in selectors.report_list_for(viewer=request.user):
        lines = list(r.lines.all())
        responses = r.survey_responses
        satisfaction = round(r.survey_satisfied * 100 / responses, 1) if responses else None
        rows.append(
            (
                r.project.reference,
                r.project.name,
                r.operator.organisation.name,
                r.label,
                sum(1 for line in lines if line.is_open),
                sum(line.people_served for line in lines),
                r.hours_kept_percent,
                satisfaction,
                r.revenue / 10000,
                r.subsidy / 10000,
                r.get_status_display(),
                "是" if r.is_late else "否",
            )  # fmt: skip
        )
    return _export(request, "季度运营指标", REPORT_COLUMNS, rows, "operating_report.export")


@login_required
@require_GET
def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for(viewer=request.user, pk=pk)
    lines = list(report.lines.all())
    context = {
        "nav": "operations",
        "report": report,
        "lines": lines,
        "satisfaction": (report.survey_satisfied * 100 / report.survey_responses)
        if report.survey_responses
        else None,
        "can_review": report.status == ReportStatus.SUBMITTED
        and access.can_confirm_in(request.user, report.region_code),
        "review_form": ReviewForm(),
        "revenue": _money(report.revenue),
        "subsidy": _money(report.subsidy),
    }
    return render(request, "operations/report_detail.html", context)


@login_required
@require_POST
def report_review(request: AuthedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for(viewer=request.user, pk=pk)
    form = ReviewForm(request.POST)
    confirm = request.POST.get("decision") == "confirm"
    remark = form.data.get("remark", "")
    try:
        services.quarterly_report_review(
            actor=request.user, report=report, confirm=confirm, remark=str(remark)
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已确认。" if confirm else "已退回运营单位。")
    return redirect("operations:report-detail", pk)


def _services_for(project) -> list[str]:  # type: ignore[no-untyped-def]
    plan = selectors.plan_of(project)
    keys = [item.service for item in plan.items.all()] if plan else []
    return keys or [Service.ELDERLY, Service.CHILDCARE, Service.CULTURE]


@login_required
def report_create(request: AuthedRequest, reference: str) -> HttpResponse:
    project = selectors.project_get_for(viewer=request.user, reference=reference)
    selection = selectors.selection_of(project)
    if selection is None or not access.can_report_for(
        request.user, selection.operator.organisation_id
    ):
        raise Http404
    keys = _services_for(project)
    year, quarter = rules.previous_quarter(*rules.quarter_of(today_local()))
    form = QuarterForm(
        request.POST or None, services=keys, initial={"year": year, "quarter": quarter}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.QuarterInput(
            year=d["year"], quarter=d["quarter"], hours_kept_percent=d["hours_kept_percent"],
            survey_responses=d["survey_responses"], survey_satisfied=d["survey_satisfied"],
            revenue=d["revenue"], subsidy=d["subsidy"],
            lines=tuple(services.LineInput(k, d[f"open_{k}"], d[f"people_{k}"]) for k in keys),
        )  # fmt: skip
        try:
            report = services.quarterly_report_submit(
                actor=request.user, project=project, data=data
            )
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"已报送{report.label}运营指标，待区、县（市）风貌办确认。")
            return redirect("operations:report-detail", report.pk)
    due = rules.report_due(year, quarter, selectors.parameters())
    context = {
        "nav": "operations",
        "project": project,
        "form": form,
        "due": due,
        "quarter_label": f"{year}年第{quarter}季度",
    }
    return render(request, "operations/report_form.html", context)


# --- funding: street fund, import -----------------------------------------------------------------


@login_required
def street_funds(request: AuthedRequest) -> HttpResponse:
    prefix = region_prefix_for(request.user)
    if prefix is None:
        raise Http404
    streets = [s for s in street_list() if s.code.startswith(prefix)]
    form = StreetFundForm(
        request.POST or None, streets=streets, initial={"occurred_on": today_local()}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.StreetFundInput(
            occurred_on=d["occurred_on"], direction=d["direction"], amount=d["amount"], source=d["source"],
            use=d["use"], project_reference=d["project_reference"].strip(),
        )  # fmt: skip
        try:
            services.street_fund_record(actor=request.user, street_code=d["street_code"], data=data)
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "已登记。")
            return redirect("operations:street-funds")
    entries = selectors.street_fund_entries_for(viewer=request.user)
    codes = sorted({e.street_code for e in entries})
    names = {s.code: s.name for s in streets}
    balances = [(names.get(c, c), selectors.street_fund_balance(c)) for c in codes]
    context = {
        "nav": "operations",
        "form": form,
        "entries": [(e, names.get(e.street_code, e.street_code)) for e in entries[:500]],
        "balances": [
            (
                n,
                _money(b.pooled),
                _money(b.used_construction),
                _money(b.used_operation),
                _money(b.balance),
            )
            for n, b in balances
        ],
        "names": names,
        "can_record": any(access.can_record_for(request.user, s.code) for s in streets),
    }
    return render(request, "operations/street_funds.html", context)


@login_required
def report_import(request: AuthedRequest) -> HttpResponse:
    """An operator imports quarterly indicators from Excel (all or nothing, every error listed)."""
    if access.operator_organisation_id(request.user) is None:
        raise Http404
    if request.GET.get("template"):
        return xlsx_response(excel.quarter_template(), "季度运营指标导入模板.xlsx")

    def run(content: bytes) -> str:
        rows, read_errors = excel.read_quarter_rows(content)
        count = services.quarterly_report_import(
            actor=request.user, rows=rows, read_errors=read_errors
        )
        return f"已导入季度运营指标 {count} 份，待区、县（市）风貌办确认。"

    return _import_page(request, run, title="导入季度运营指标", back="operations:report-list")


def _import_page(
    request: AuthedRequest, run: Callable[[bytes], str], *, title: str, back: str
) -> HttpResponse:
    """An all-or-nothing Excel import page: ``run`` reads and imports the uploaded workbook and
    returns the success sentence; every refusal is listed on the page and nothing is written."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            done = run(_upload_bytes(form.cleaned_data["file"]))
        except ValidationFailed as exc:
            errors = [text for texts in exc.errors.values() for text in texts]
        except DomainError as exc:
            errors = [exc.message]
        else:
            messages.success(request, done)
            return redirect(back)
    context = {
        "nav": "operations",
        "form": form,
        "errors": errors,
        "title": title,
        "back_url": reverse(back),
    }
    return render(request, "operations/funding_import.html", context)


def _upload_bytes(upload) -> bytes:  # type: ignore[no-untyped-def]
    if upload.size and upload.size > excel.MAX_BYTES:
        raise ValidationFailed(
            {"文件": [f"文件超过 {excel.MAX_BYTES // 1024 // 1024} MB，请拆分后导入。"]}
        )
    return bytes(upload.read())


@login_required
def funding_import(request: AuthedRequest) -> HttpResponse:
    _guard(request)
    if access.operator_organisation_id(request.user) is not None:
        raise Http404
    if request.GET.get("template"):
        return xlsx_response(excel.template(), "资金来源导入模板.xlsx")

    def run(content: bytes) -> str:
        rows, read_errors = excel.read_rows(content)
        count = services.funding_import(actor=request.user, rows=rows, read_errors=read_errors)
        return f"已导入资金来源 {count} 行。"

    return _import_page(request, run, title="导入资金来源", back="operations:operator-list")


# --- configuration ---------------------------------------------------------------------------------


@login_required
def parameter_list(request: AuthedRequest) -> HttpResponse:
    _guard(request)
    if access.operator_organisation_id(request.user) is not None:
        raise Http404
    form = ParameterForm(request.POST or None)
    if request.method == "POST":
        if not access.can_configure(request.user):
            raise PermissionDenied("运营参数由市风貌办修改。")
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.parameter_update(
                    actor=request.user, key=d["key"], value=d["value"], reason=d["reason"]
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "已修改，并记入审计日志。")
                return redirect("operations:parameter-list")
        else:
            messages.error(request, "请填写新取值和修改依据。")
    context = {
        "nav": "operations",
        "params": selectors.parameter_rows(),
        "can_edit": access.can_configure(request.user),
    }
    return render(request, "operations/parameter_list.html", context)
