"""Ancient-city registry and wide declarations (二(二), 二(三)). Thin adapters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
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
from futurecommunity.common.time import today_local
from futurecommunity.common.xlsx import Column, list_workbook, xlsx_response
from futurecommunity.pilots import access, rules, selectors, services
from futurecommunity.pilots.forms import (
    AreaForm,
    DeclarationForm,
    DeliverableDecisionForm,
    DeliverableDocumentForm,
    EvidenceForm,
    TransitionForm,
    UnitForm,
)
from futurecommunity.pilots.models import AncientUnit, WideDeclaration, WideStatus
from futurecommunity.regions.selectors import district_list, street_list


def _declaration_form(request: AuthedRequest, data: object = None) -> DeclarationForm:
    prefix = region_prefix_for(request.user)
    if prefix is None:
        raise Http404
    return DeclarationForm(
        data,
        districts=list(district_list().filter(code__startswith=prefix[:6])),
        streets=[s for s in street_list() if s.code.startswith(prefix)],
        initial={"declared_on": today_local(), "year": today_local().year},
    )


def _declarations(request: AuthedRequest) -> QuerySet[WideDeclaration]:
    """Shared by the page and its export, so that what is shown is what is exported."""
    if not access.can_view_pilots(request.user):
        raise Http404
    return selectors.declaration_list_for(viewer=request.user)


@login_required
def pilot_index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context = {
        "nav": "pilots",
        "areas": selectors.area_list(),
        "declarations": _declarations(request),
        "can_edit_ancient": access.can_edit_ancient_city(user),
        "form": _declaration_form(request),
    }
    return render(request, "pilots/pilot_index.html", context)


DECLARATION_COLUMNS = (
    Column("编号", 22),
    Column("类型", 14),
    Column("区、县（市）", 12),
    Column("街道", 14),
    Column("年度", 8),
    Column("试点", 6),
    Column("状态", 10),
    Column("申报日期", 12),
    Column("市验收文号", 20),
)


@login_required
@require_GET
def declaration_export(request: AuthedRequest) -> HttpResponse:
    """The declarations the page lists (the same scoped selector; no filters there), audited."""
    rows = [
        (d.reference, d.get_kind_display(), d.district.name, d.street.name if d.street else "",
         d.year, "是" if d.is_pilot else "否", d.get_status_display(), d.declared_on,
         d.acceptance_document)
        for d in _declarations(request)
    ]  # fmt: skip
    now = timezone.localtime()
    content = list_workbook(
        title="全域未来社区申报清单",
        columns=DECLARATION_COLUMNS,
        rows=rows,
        exported_by=str(request.user),
        exported_at=now,
    )
    audit_record(
        actor=request.user,
        action="wide_declaration.export",
        subject_type="wide_declaration",
        region_code=region_prefix_for(request.user) or "",
        changes={"filters": [None, {}], "rows": [None, len(rows)]},
        reason=f"导出全域未来社区申报清单 {len(rows)} 条。",
    )
    return xlsx_response(content, f"全域申报-{now:%Y%m%d-%H%M}.xlsx")


def _apply_errors(form: AreaForm | UnitForm | DeclarationForm, exc: DomainError) -> None:
    errors = exc.errors if isinstance(exc, ValidationFailed) else {None: [exc.message]}
    for field, texts in errors.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


@login_required
def area_edit(request: AuthedRequest, code: str) -> HttpResponse:
    area = selectors.area_get(viewer=request.user, code=code)
    if not access.can_edit_ancient_city(request.user):
        raise Http404
    initial = {f: getattr(area, f) for f in AreaForm.base_fields if hasattr(area, f)}
    initial["project_references"] = " ".join(p.reference for p in area.projects.all())
    form = AreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.AreaInput(
            **{k: d[k] for k in AreaForm.base_fields if k != "project_references"},
            project_references=form.references(),
        )
        try:
            services.ancient_area_update(actor=request.user, area=area, data=data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已保存古城{area.name}。")
            return redirect("pilots:pilot-index")
    return render(request, "pilots/area_form.html", {"nav": "pilots", "area": area, "form": form})


@login_required
def unit_edit(request: AuthedRequest, code: str) -> HttpResponse:
    unit = AncientUnit.objects.select_related("area").filter(code=code).first()
    if unit is None or not access.can_edit_ancient_city(request.user):
        raise Http404
    form = UnitForm(
        request.POST or None, initial={f: getattr(unit, f) for f in UnitForm.base_fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ancient_unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已保存古城{unit.name}。")
            return redirect("pilots:pilot-index")
    return render(request, "pilots/unit_form.html", {"nav": "pilots", "unit": unit, "form": form})


@login_required
@require_POST
def declaration_create(request: AuthedRequest) -> HttpResponse:
    form = _declaration_form(request, request.POST)
    if not form.is_valid():
        messages.error(request, "未登记：请检查申报信息。")
        return redirect("pilots:pilot-index")
    d = form.cleaned_data
    data = services.DeclarationInput(
        kind=d["kind"],
        district_code=d["district"],
        street_code=d["street"],
        year=d["year"],
        declared_on=d["declared_on"],
        is_pilot=d["is_pilot"],
        notes=d["notes"],
    )
    try:
        declaration = services.declaration_create(actor=request.user, data=data)
    except DomainError as exc:
        messages.error(request, f"未登记：{exc.message}")
        return redirect("pilots:pilot-index")
    messages.success(request, f"已登记申报 {declaration.reference}。")
    return redirect("pilots:declaration-detail", reference=declaration.reference)


@login_required
def declaration_detail(request: AuthedRequest, reference: str) -> HttpResponse:
    user = request.user
    declaration = selectors.declaration_get_for(viewer=user, reference=reference)
    covered, total = selectors.coverage_of(declaration.region_code, today_local())
    moves = [
        (target, WideStatus(target).label, move)
        for target, move in rules.TRANSITIONS[declaration.status].items()
        if (
            access.can_decide_declaration(user)
            if move.by_city
            else access.can_declare_in(user, declaration.region_code)
        )
    ]
    context = {
        "nav": "pilots",
        "declaration": declaration,
        "covered": covered,
        "total": total,
        "rate": round(covered * 100 / total, 1) if total else 0,
        "requirement": selectors.requirement_for(declaration.kind),
        "moves": moves,
        "can_add_evidence": access.can_declare_in(user, declaration.region_code),
        "deliverables": selectors.deliverables_of(declaration),
        "can_submit_deliverable": access.can_submit_deliverable(user, declaration.region_code),
        "can_accept_deliverable": access.can_accept_deliverable(user),
        "today": today_local(),
    }
    return render(request, "pilots/declaration_detail.html", context)


@login_required
@require_POST
def declaration_transition(request: AuthedRequest, reference: str) -> HttpResponse:
    declaration = selectors.declaration_get_for(viewer=request.user, reference=reference)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的日期（YYYY-MM-DD）。")
        return redirect("pilots:declaration-detail", reference=reference)
    try:
        services.declaration_transition(
            actor=request.user, declaration=declaration, **form.cleaned_data
        )
    except DomainError as exc:
        messages.error(request, f"未办理：{exc.message}")
    else:
        messages.success(request, f"已办理：申报状态变更为“{declaration.get_status_display()}”。")
    return redirect("pilots:declaration-detail", reference=reference)


@login_required
def evidence_download(request: AuthedRequest, reference: str, pk: int) -> FileResponse:
    evidence = selectors.evidence_get_for(viewer=request.user, reference=reference, pk=pk)
    response = file_download(evidence.file)
    audit_record(
        actor=request.user,
        action="pilots.evidence_download",
        subject=evidence,
        reference=evidence.declaration.reference,
        region_code=evidence.declaration.region_code,
        reason=f"下载佐证材料 {evidence.title}",
    )
    return response


@login_required
@require_POST
def declaration_evidence(request: AuthedRequest, reference: str) -> HttpResponse:
    declaration = selectors.declaration_get_for(viewer=request.user, reference=reference)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请填写材料名称。")
        return redirect("pilots:declaration-detail", reference=reference)
    try:
        services.declaration_add_evidence(
            actor=request.user, declaration=declaration, **form.cleaned_data
        )
    except DomainError as exc:
        messages.error(request, f"未上传：{exc.message}")
    else:
        messages.success(request, "已上传运营佐证材料。")
    return redirect("pilots:declaration-detail", reference=reference)


# --- pilot deliverables (W1) ---------------------------------------------------------------------


def _back(reference: str) -> HttpResponse:
    return redirect(reverse("pilots:declaration-detail", args=[reference]) + "#deliverables")


@login_required
@require_POST
def deliverable_document_add(request: AuthedRequest, reference: str, item_key: str) -> HttpResponse:
    declaration = selectors.declaration_get_for(viewer=request.user, reference=reference)
    form = DeliverableDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "未上传：请填写文件名称并选择文件。")
        return _back(reference)
    try:
        services.deliverable_document_add(
            actor=request.user, declaration=declaration, item_key=item_key, **form.cleaned_data
        )
    except DomainError as exc:
        messages.error(request, f"未上传：{exc.message}")
    else:
        messages.success(request, "已上传试点成果文件。")
    return _back(reference)


@login_required
@require_POST
def deliverable_submit(request: AuthedRequest, reference: str, item_key: str) -> HttpResponse:
    declaration = selectors.declaration_get_for(viewer=request.user, reference=reference)
    try:
        deliverable = services.deliverable_submit(
            actor=request.user, declaration=declaration, item_key=item_key
        )
    except DomainError as exc:
        messages.error(request, f"未提交：{exc.message}")
    else:
        messages.success(request, f"已提交“{deliverable.item.name}”，待市风貌办认可。")
    return _back(reference)


@login_required
@require_POST
def deliverable_decide(request: AuthedRequest, reference: str, pk: int) -> HttpResponse:
    deliverable = selectors.deliverable_get_for(viewer=request.user, reference=reference, pk=pk)
    form = DeliverableDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未办理：请选择认可或退回。")
        return _back(reference)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.deliverable_decide(
            actor=request.user,
            deliverable=deliverable,
            accept=accept,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        messages.error(request, f"未办理：{exc.message}")
    else:
        messages.success(request, f"已{'认可' if accept else '退回'}“{deliverable.item.name}”。")
    return _back(reference)


@login_required
@require_GET
def deliverable_document(request: AuthedRequest, reference: str, pk: int) -> FileResponse:
    document = selectors.deliverable_document_get_for(
        viewer=request.user, reference=reference, pk=pk
    )
    response = file_download(document.file)
    audit_record(
        actor=request.user,
        action="pilots.deliverable_download",
        subject=document.deliverable,
        reference=reference,
        region_code=document.deliverable.region_code,
        reason=f"下载试点成果文件 {document.title}",
    )
    return response
