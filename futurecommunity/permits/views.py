"""Permits screens: the route wizard and per-project approval checklists. Thin adapters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.common.errors import DomainError, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.permits import selectors, services
from futurecommunity.permits.catalogue import current_configuration
from futurecommunity.permits.docx import render_route_docx
from futurecommunity.permits.forms import (
    FLAG_NAMES,
    ChecklistFactsForm,
    MeetingForm,
    RouteFactsForm,
    StepForm,
    initial_from_facts,
)
from futurecommunity.permits.navigator import approval_route
from futurecommunity.permits.route_text import facts_summary
from futurecommunity.projects.access import can_edit_project

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _route_from(form: RouteFactsForm):  # type: ignore[no-untyped-def]
    thresholds, roster = current_configuration()
    return approval_route(form.to_facts(), thresholds, roster=roster)


@login_required
def route_wizard(request: AuthedRequest) -> HttpResponse:
    submitted = "build_type" in request.GET
    form = RouteFactsForm(request.GET if submitted else None)
    route = _route_from(form) if submitted and form.is_valid() else None
    context = {
        "nav": "permits",
        "form": form,
        "flag_fields": [form[name] for name in FLAG_NAMES],
        "route": route,
        "facts": facts_summary(route.facts) if route else (),
        "query": request.GET.urlencode(),
    }
    return render(request, "permits/route_wizard.html", context)


@login_required
def route_docx(request: AuthedRequest) -> HttpResponse:
    form = RouteFactsForm(request.GET)
    if not form.is_valid():
        messages.error(request, "填报内容有误，请先修改后再下载审批路线单。")
        return redirect(f"{reverse('permits:route-wizard')}?{request.GET.urlencode()}")
    content = render_route_docx(_route_from(form), generated_on=today_local())
    disposition = content_disposition_header(True, "审批路线单.docx")
    return HttpResponse(
        content, content_type=DOCX_TYPE, headers={"Content-Disposition": disposition}
    )


def _add_errors(form, exc: ValidationFailed) -> None:  # type: ignore[no-untyped-def]
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@login_required
def checklist_detail(request: AuthedRequest, reference: str) -> HttpResponse:
    project, checklist = selectors.approval_checklist_get_for(
        viewer=request.user,
        reference=reference,
    )
    today = today_local()
    can_edit = can_edit_project(request.user, project)
    overdue = selectors.overdue_steps(checklist, today=today) if checklist else []
    forms = _step_forms(checklist) if checklist and can_edit else {}
    context = {
        "nav": "projects",
        "project": project,
        "checklist": checklist,
        "can_edit": can_edit,
        "today": today,
        "overdue": overdue,
        "rows": [
            {"step": s, "form": forms.get(s.code), "is_overdue": s in overdue}
            for s in (checklist.steps.all() if checklist else [])
        ],
        "facts_form": ChecklistFactsForm() if checklist is None else None,
        "meeting_form": _meeting_form(None) if checklist and can_edit else None,
    }
    return render(request, "permits/checklist_detail.html", context)


def _step_forms(checklist) -> dict[str, StepForm]:  # type: ignore[no-untyped-def]
    fields = ("status", "responsible_department", "planned_on", "started_on", "done_on")
    return {
        s.code: StepForm(
            prefix=s.code,
            initial={name: getattr(s, name) for name in (*fields, "document_number", "note")},
        )
        for s in checklist.steps.all()
    }


def _meeting_form(data, files=None) -> MeetingForm:  # type: ignore[no-untyped-def]
    _thresholds, roster = current_configuration()
    departments = [(d.code, d.name) for d in (roster.convener, *roster.reviewers)]
    return MeetingForm(data, files, departments=departments)


@login_required
@require_POST
def checklist_create(request: AuthedRequest, reference: str) -> HttpResponse:
    project, _checklist = selectors.approval_checklist_get_for(
        viewer=request.user,
        reference=reference,
    )
    form = ChecklistFactsForm(request.POST)
    if form.is_valid():
        try:
            services.approval_checklist_create(
                actor=request.user,
                project=project,
                facts=form.to_facts(),
            )
        except ValidationFailed as exc:
            _add_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "审批清单已生成。")
            return redirect("permits:checklist-detail", reference=reference)
    context = {
        "nav": "projects",
        "project": project,
        "checklist": None,
        "facts_form": form,
        "can_edit": True,
    }
    return render(request, "permits/checklist_detail.html", context, status=400)


@login_required
def checklist_facts(request: AuthedRequest, reference: str) -> HttpResponse:
    """Edit the yes/no facts; a changed route is shown for confirmation before saving."""
    project, checklist = selectors.approval_checklist_get_for(
        viewer=request.user,
        reference=reference,
    )
    if checklist is None:
        return redirect("permits:checklist-detail", reference=reference)
    initial = initial_from_facts(services.checklist_facts_of(checklist))
    form = ChecklistFactsForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if "confirm" in request.POST:
                services.approval_checklist_recompute(
                    actor=request.user,
                    checklist=checklist,
                    facts=form.to_facts(),
                )
                messages.success(request, "项目情况已保存，审批路径已重新计算。")
                return redirect("permits:checklist-detail", reference=reference)
            preview = services.approval_checklist_preview(
                checklist=checklist, facts=form.to_facts()
            )
        except ValidationFailed as exc:
            _add_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
    context = {
        "nav": "projects",
        "project": project,
        "form": form,
        "flag_fields": [form[name] for name in FLAG_NAMES],
        "preview": preview,
    }
    return render(request, "permits/checklist_facts.html", context)


@login_required
@require_POST
def step_update(request: AuthedRequest, reference: str, code: str) -> HttpResponse:
    step = selectors.approval_step_get_for(viewer=request.user, reference=reference, code=code)
    form = StepForm(request.POST, prefix=code)
    if not form.is_valid():
        messages.error(request, f"“{step.get_code_display()}”未保存：请检查日期格式和办理状态。")
        return redirect("permits:checklist-detail", reference=reference)
    try:
        services.approval_step_update(
            actor=request.user,
            step=step,
            update=form.to_update(),
            attachments=request.FILES.getlist(f"{code}-attachments"),
        )
    except ValidationFailed as exc:
        detail = "；".join(e.rstrip("。") for errors in exc.errors.values() for e in errors)
        messages.error(request, f"“{step.get_code_display()}”未保存：{detail}。")
    except DomainError as exc:
        messages.error(request, f"“{step.get_code_display()}”未保存：{exc.message}")
    else:
        messages.success(request, f"“{step.get_code_display()}”已更新。")
    return redirect(f"{reverse('permits:checklist-detail', args=[reference])}#step-{code}")


@login_required
@require_POST
def meeting_record(request: AuthedRequest, reference: str) -> HttpResponse:
    _project, checklist = selectors.approval_checklist_get_for(
        viewer=request.user,
        reference=reference,
    )
    form = _meeting_form(request.POST, request.FILES)
    if checklist is None or not form.is_valid():
        messages.error(request, "会议记录未保存：请填写会议日期和参会单位。")
        return redirect("permits:checklist-detail", reference=reference)
    try:
        services.joint_review_meeting_record(
            actor=request.user,
            checklist=checklist,
            data=form.to_input(),
            minutes=form.cleaned_data["minutes"],
        )
    except DomainError as exc:
        messages.error(request, f"会议记录未保存：{exc.message}")
    else:
        messages.success(request, "联合审查会议已记录。")
    return redirect("permits:checklist-detail", reference=reference)
