"""Thin HTTP adapters for index systems, self-assessment, panels, scoring and the decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.files import file_download
from futurecommunity.common.xlsx import xlsx_response
from futurecommunity.evaluation import access, exports, imports, selectors, services
from futurecommunity.evaluation.forms import (
    DecisionForm,
    SystemImportForm,
    SystemUpdateForm,
    VisitForm,
)
from futurecommunity.evaluation.models import (
    AnswerEvidence,
    ConflictDeclaration,
    Declared,
    EvaluationParameter,
    IndicatorKind,
    Outcome,
    SiteVisitPhoto,
)
from futurecommunity.evaluation.presenters import detail_context, eligible_projects_for
from futurecommunity.evaluation.results import evaluation_result
from futurecommunity.evaluation.scenarios import SCENARIOS, scenario_picture
from futurecommunity.projects.models import Project
from futurecommunity.regions.models import Region, RegionLevel

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fail(request: AuthedRequest, exc: DomainError) -> None:
    """A refusal for the actor's role in scope answers 403 with the clause (out of scope was
    already 404); any other refusal is a message on the page the view returns to."""
    if isinstance(exc, PermissionDenied):
        raise Forbidden(exc.message) from exc
    if isinstance(exc, ValidationFailed):
        for errors in exc.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.error(request, exc.message)


@login_required
def evaluation_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "evaluation/evaluation_list.html", {
        "evaluations": selectors.evaluation_list_for(viewer=request.user)[:200],
        "eligible": eligible_projects_for(request.user),
        "is_expert": access.is_expert(request.user),
    })  # fmt: skip


@login_required
@require_POST
def evaluation_start(request: AuthedRequest) -> HttpResponse:
    project = Project.objects.filter(reference=request.POST.get("project", "")[:32]).first()
    prefix = region_prefix_for(request.user)
    if project is None or prefix is None or not project.region_code.startswith(prefix):
        raise Http404
    try:
        evaluation = services.evaluation_start(actor=request.user, project=project)
    except DomainError as exc:
        _fail(request, exc)
        return redirect("evaluation:evaluation-list")
    messages.success(request, f"已发起验收自评 {evaluation.reference}。")
    return redirect("evaluation:evaluation-assess", pk=evaluation.pk)


@login_required
def evaluation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for(viewer=request.user, pk=pk)
    context = detail_context(request.user, evaluation)
    context["decision_form"] = DecisionForm()
    context["visit_form"] = VisitForm()
    return render(request, "evaluation/evaluation_detail.html", context)


@login_required
def evaluation_assess(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for(viewer=request.user, pk=pk)
    answers = list(
        evaluation.answers.select_related("indicator__dimension").prefetch_related("evidence")
    )
    if request.method == "POST":
        items = []
        for answer in answers:
            key = f"a{answer.indicator_id}"
            declared = request.POST.get(f"{key}-declared", "")[:8]
            raw = request.POST.get(f"{key}-quantity", "").strip()[:20]
            try:
                quantity = Decimal(raw) if raw else None
            except InvalidOperation:
                quantity = Decimal(-1)
            items.append(services.AnswerInput(
                indicator_id=answer.indicator_id, declared=declared, quantity=quantity,
                note=request.POST.get(f"{key}-note", "")[:600],
                files=request.FILES.getlist(f"{key}-files")[:10],
            ))  # fmt: skip
        try:
            services.answers_save(actor=request.user, evaluation=evaluation, answers=items)
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, "自评已保存。")
        return redirect("evaluation:evaluation-assess", pk=evaluation.pk)
    return render(request, "evaluation/evaluation_assess.html", {
        "evaluation": evaluation, "answers": answers, "declared_choices": Declared.choices,
        "can_fill": access.can_fill_self_assessment(request.user, evaluation),
        "problems": services.completeness_for(evaluation),
    })  # fmt: skip


@login_required
@require_POST
def evaluation_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for(viewer=request.user, pk=pk)
    try:
        services.evaluation_submit(
            actor=request.user,
            evaluation=evaluation,
            summary=request.POST.get("summary", "")[:2001],
        )
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "自评已报送验收单位。")
    return redirect("evaluation:evaluation-detail", pk=evaluation.pk)


@login_required
@require_POST
def panel_form(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for(viewer=request.user, pk=pk)
    pool = {str(e.pk): e for e in selectors.expert_pool()}
    chosen = [pool[k] for k in request.POST.getlist("experts")[:20] if k in pool]
    leader = pool.get(request.POST.get("leader", ""))
    try:
        services.panel_form(actor=request.user, evaluation=evaluation, experts=chosen,
                            leader=leader if leader in chosen else None)  # fmt: skip
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "专家组已组建，已通知专家。")
    return redirect("evaluation:evaluation-detail", pk=evaluation.pk)


@login_required
@require_POST
def conflict_declare(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for(viewer=request.user, pk=pk)
    try:
        services.conflict_declare(
            actor=request.user, project=evaluation.project,
            has_conflict=request.POST.get("has_conflict") == "1",
            statement=request.POST.get("statement", "")[:501],
        )  # fmt: skip
    except DomainError as exc:
        _fail(request, exc)
        return redirect("evaluation:evaluation-detail", pk=evaluation.pk)
    messages.success(request, "利益冲突声明已登记。")
    if not access.sits_on_panel(request.user, evaluation):
        return redirect("evaluation:evaluation-list")
    return redirect("evaluation:evaluation-score", pk=evaluation.pk)


@login_required
def evaluation_score(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for(viewer=request.user, pk=pk)
    if not access.sits_on_panel(request.user, evaluation):
        raise Http404
    indicators = list(evaluation.system.indicators.select_related("dimension"))
    if request.method == "POST":
        scores = {
            i.pk: (request.POST.get(f"s{i.pk}", "")[:12], request.POST.get(f"c{i.pk}", "")[:500])
            for i in indicators
        }
        submit = request.POST.get("action") == "submit"
        try:
            services.scores_save(
                actor=request.user, evaluation=evaluation, scores=scores, submit=submit
            )
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, "评分已提交。" if submit else "评分已暂存。")
            if submit:
                return redirect("evaluation:evaluation-detail", pk=evaluation.pk)
        return redirect("evaluation:evaluation-score", pk=evaluation.pk)
    member = evaluation.panel.select_related("expert").get(expert__user=request.user)
    mine = {s.indicator_id: s for s in member.scores.all()}
    declared = ConflictDeclaration.objects.filter(
        expert=member.expert, project=evaluation.project
    ).first()
    answers = {a.indicator_id: a for a in evaluation.answers.prefetch_related("evidence")}
    rows = [(i, mine.get(i.pk), answers.get(i.pk)) for i in indicators]
    return render(request, "evaluation/evaluation_score.html", {
        "evaluation": evaluation, "rows": rows, "member": member, "declaration": declared,
    })  # fmt: skip


@login_required
@require_POST
def site_visit(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for(viewer=request.user, pk=pk)
    form = VisitForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写踏勘日期和记录。")
        return redirect("evaluation:evaluation-detail", pk=evaluation.pk)
    try:
        services.site_visit_record(
            actor=request.user, evaluation=evaluation, visited_on=form.cleaned_data["visited_on"],
            notes=form.cleaned_data["notes"], photos=request.FILES.getlist("photos")[:20],
        )  # fmt: skip
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "现场踏勘已登记。")
    return redirect("evaluation:evaluation-detail", pk=evaluation.pk)


def _conditions(request: AuthedRequest) -> list[services.ConditionInput]:
    items = []
    texts = request.POST.getlist("condition")[: services.MAX_CONDITIONS + 1]
    days = request.POST.getlist("condition_deadline")[: services.MAX_CONDITIONS + 1]
    for text, day in zip(texts, days, strict=False):
        if not text.strip():
            continue
        try:
            deadline = dt.date.fromisoformat(day)
        except ValueError:
            deadline = dt.date.min
        items.append(services.ConditionInput(text[:600], deadline))
    return items


@login_required
@require_POST
def decision_record(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for(viewer=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择验收结论并填写文号。")
        return redirect("evaluation:evaluation-detail", pk=evaluation.pk)
    try:
        decision = services.decision_record(
            actor=request.user, evaluation=evaluation, outcome=form.cleaned_data["outcome"],
            document_number=form.cleaned_data["document_number"], remark=form.cleaned_data["remark"],
            conditions=_conditions(request),
        )  # fmt: skip
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"验收决定已作出：{decision.get_outcome_display()}。")
    return redirect("evaluation:evaluation-detail", pk=evaluation.pk)


def _export_audit(request: AuthedRequest, evaluation, kind: str, sheets: int) -> None:  # type: ignore[no-untyped-def]
    audit_record(actor=request.user, action="evaluation.sheets_export", subject=evaluation,
                 reference=evaluation.reference, region_code=evaluation.region_code,
                 changes={"format": [None, kind], "sheets": [None, sheets]})  # fmt: skip


@login_required
@require_GET
def sheets_export(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "docx"):
        raise Http404
    evaluation = selectors.evaluation_get_for(viewer=request.user, pk=pk)
    members = selectors.score_sheets_for(viewer=request.user, evaluation=evaluation)
    method = services.parameter("aggregation_method", "mean")
    result = evaluation_result(evaluation, method=method)
    _export_audit(request, evaluation, fmt, len(members))
    name = f"{evaluation.reference}-评分表"
    if fmt == "xlsx":
        content = exports.sheets_workbook(evaluation, members, result, exported_by=str(request.user),
                                          exported_at=timezone.localtime())  # fmt: skip
        return xlsx_response(content, f"{name}.xlsx")
    response = HttpResponse(exports.sheets_docx(evaluation, members, result), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.docx")
    return response


@login_required
@require_GET
def evidence_download(request: AuthedRequest, pk: int, file_pk: int) -> FileResponse:
    evaluation = selectors.evaluation_get_for(viewer=request.user, pk=pk)
    item = AnswerEvidence.objects.filter(pk=file_pk, answer__evaluation=evaluation).first()
    if item is None:
        raise Http404
    return file_download(item.file, filename=item.original_name)


@login_required
@require_GET
def photo_download(request: AuthedRequest, pk: int, file_pk: int) -> FileResponse:
    evaluation = selectors.evaluation_get_for(viewer=request.user, pk=pk)
    item = SiteVisitPhoto.objects.filter(pk=file_pk, visit__evaluation=evaluation).first()
    if item is None:
        raise Http404
    return file_download(item.file, filename=item.original_name)


# --- index systems ---------------------------------------------------------------------------


@login_required
def system_list(request: AuthedRequest) -> HttpResponse:
    if not access.can_view_systems(request.user):
        raise Http404
    return render(request, "evaluation/system_list.html", {
        "systems": selectors.system_list_for(viewer=request.user),
        "parameters": EvaluationParameter.objects.all(),
        "can_edit_parameters": access.can_manage_system(request.user, "municipal", ""),
        "can_import": access.can_manage_system(request.user, "county", getattr(request.user.organisation, "region_code", "")),
    })  # fmt: skip


@login_required
def system_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    system = selectors.system_get_for(viewer=request.user, pk=pk)
    can_edit = access.can_edit_system(request.user, system)
    form = SystemUpdateForm(request.POST or None, initial={
        "pass_score": system.pass_score, "is_active": system.is_active,
        "document_number": system.document_number, "issued_on": system.issued_on,
    })  # fmt: skip
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            imports.system_update(actor=request.user, system=system, **form.cleaned_data)
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, "指标体系已更新。")
        return redirect("evaluation:system-detail", pk=system.pk)
    editable = can_edit and not system.evaluations.exists()
    return render(request, "evaluation/system_detail.html", {
        "system": system, "data": selectors.system_as_dict(system), "form": form, "can_edit": can_edit,
        "indicators": system.indicators.select_related("dimension") if editable else [],
        "kinds": IndicatorKind.choices,
    })  # fmt: skip


@login_required
@require_GET
def system_export(request: AuthedRequest, pk: int) -> HttpResponse:
    system = selectors.system_get_for(viewer=request.user, pk=pk)
    return xlsx_response(imports.system_workbook(system), f"{system.name}.xlsx")


@login_required
def system_import(request: AuthedRequest) -> HttpResponse:
    org = request.user.organisation
    if org is None or not access.can_manage_system(request.user, "county", org.region_code):
        raise Http404
    form = SystemImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.pop("file")
        document = data.pop("document")
        try:
            system = imports.system_import(actor=request.user, meta=imports.SystemMeta(**data),
                                           content=upload.read(imports.MAX_BYTES + 1), document=document)  # fmt: skip
        except ValidationFailed as exc:
            errors = [e for values in exc.errors.values() for e in values]
        except DomainError as exc:
            errors = [exc.message]
        else:
            messages.success(request, f"已导入 {system.indicators.count()} 项指标。")
            return redirect("evaluation:system-detail", pk=system.pk)
    return render(request, "evaluation/system_import.html", {"form": form, "errors": errors,
                                                              "headers": imports.HEADERS})  # fmt: skip


# --- scenario picture ------------------------------------------------------------------------


@login_required
def scenario_overview(request: AuthedRequest) -> HttpResponse:
    prefix = region_prefix_for(request.user)
    if prefix is None:
        raise Http404
    picture = scenario_picture(prefix=prefix)
    districts = Region.objects.filter(level=RegionLevel.DISTRICT, code__startswith=prefix[:6])
    rows = [(d, picture.community_count(d.code), [picture.counts(d.code)[c] for c, _n in SCENARIOS])
            for d in districts.order_by("code")]  # fmt: skip
    communities = sorted(picture.communities.items())
    return render(request, "evaluation/scenarios.html", {
        "scenarios": SCENARIOS, "total": picture.community_count(),
        "totals": [picture.counts()[c] for c, _n in SCENARIOS], "rows": rows,
        "communities": [(code, picture.names[code], [c in built for c, _n in SCENARIOS])
                        for code, built in communities[:500]],
        "outcomes": Outcome.choices,
    })  # fmt: skip


@login_required
@require_POST
def indicator_update(request: AuthedRequest, pk: int, indicator_pk: int) -> HttpResponse:
    system = selectors.system_get_for(viewer=request.user, pk=pk)
    indicator = system.indicators.filter(pk=indicator_pk).first()
    if indicator is None:
        raise Http404
    try:
        points = Decimal(request.POST.get("points", "").strip()[:12])
    except InvalidOperation:
        points = Decimal(-1)
    try:
        imports.indicator_update(actor=request.user, indicator=indicator, points=points,
                                 is_required=request.POST.get("is_required") == "1",
                                 kind=request.POST.get("kind", "")[:16])  # fmt: skip
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"指标 {indicator.code} 已更新。")
    return redirect("evaluation:system-detail", pk=system.pk)


@login_required
def expert_list(request: AuthedRequest) -> HttpResponse:
    if not access.can_manage_system(request.user, "municipal", ""):
        raise Http404
    candidates = selectors.expert_candidates()
    if request.method == "POST":
        user = candidates.filter(pk=request.POST.get("user", "0")[:12] or 0).first()
        if user is None:
            raise Http404
        try:
            services.expert_register(
                actor=request.user, user=user, field=request.POST.get("field", "")[:61],
                work_unit=request.POST.get("work_unit", "")[:101], title=request.POST.get("title", "")[:41],
                is_active=request.POST.get("is_active", "1") == "1",
            )  # fmt: skip
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, f"专家 {user} 已登记。")
        return redirect("evaluation:expert-list")
    return render(request, "evaluation/expert_list.html", {
        "profiles": selectors.expert_profiles(), "candidates": candidates.filter(expert_profile__isnull=True),
    })  # fmt: skip


@login_required
@require_POST
def parameter_update(request: AuthedRequest, pk: int) -> HttpResponse:
    row = EvaluationParameter.objects.filter(pk=pk).first()
    if row is None or not access.can_view_systems(request.user):
        raise Http404
    try:
        services.parameter_update(actor=request.user, row=row, value=request.POST.get("value", "")[:61],
                                  source=request.POST.get("source", "")[:301])  # fmt: skip
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"参数“{row.name}”已更新。")
    return redirect("evaluation:system-list")
