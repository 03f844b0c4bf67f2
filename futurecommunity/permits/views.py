"""Permits screens: the route wizard and per-project approval checklists. Thin adapters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from futurecommunity.accounts.access import is_reviewing_unit
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.accounts.models import Organisation
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.files import file_download
from futurecommunity.common.time import today_local
from futurecommunity.permits import selectors, services
from futurecommunity.permits.access import (
    can_answer_review,
    can_assign_reviewers,
    can_correct_opinion,
    can_edit_permit_configuration,
    can_record_meeting,
    construction_department_codes,
    is_convener_for,
)
from futurecommunity.permits.assignment_plan import route_assignment_plan
from futurecommunity.permits.catalogue import current_configuration
from futurecommunity.permits.config_words import (
    parse_value,
    threshold_name,
    unit_label,
    value_words,
)
from futurecommunity.permits.docx import render_route_docx
from futurecommunity.permits.forms import (
    FLAG_NAMES,
    AssignForm,
    ChecklistFactsForm,
    CorrectionForm,
    DepartmentForm,
    MeetingForm,
    OpinionForm,
    RouteFactsForm,
    StepForm,
    ThresholdForm,
    initial_from_facts,
)
from futurecommunity.permits.navigator import approval_route
from futurecommunity.permits.prefill import (
    checklist_prefill,
    missing_route_facts,
    project_facts_shown,
)
from futurecommunity.permits.route_text import facts_summary
from futurecommunity.projects.access import can_edit_project
from futurecommunity.projects.assignments import project_assign_department

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
        **(_create_context(project) if checklist is None else {"facts_form": None}),
        "meeting_form": (
            _meeting_form(None, project=project)
            if checklist and can_record_meeting(request.user, project)
            else None
        ),
        **_reviewers_context(request, project, checklist),
    }
    return render(request, "permits/checklist_detail.html", context)


@login_required
def step_attachment_download(request: AuthedRequest, reference: str, pk: int) -> FileResponse:
    attachment = selectors.step_attachment_get_for(viewer=request.user, reference=reference, pk=pk)
    response = file_download(attachment.file, filename=attachment.original_name)
    _audit_download(request, reference, attachment, attachment.original_name)
    return response


@login_required
def meeting_minutes_download(request: AuthedRequest, reference: str, pk: int) -> FileResponse:
    meeting = selectors.meeting_get_for(viewer=request.user, reference=reference, pk=pk)
    response = file_download(meeting.minutes, filename=meeting.minutes_name)
    _audit_download(request, reference, meeting, meeting.minutes_name)
    return response


@login_required
def opinion_attachment_download(request: AuthedRequest, reference: str, pk: int) -> FileResponse:
    opinion = selectors.department_opinion_get_for(viewer=request.user, reference=reference, pk=pk)
    response = file_download(opinion.attachment, filename=opinion.attachment_name)
    _audit_download(request, reference, opinion, opinion.attachment_name)
    return response


def _audit_download(request: AuthedRequest, reference: str, subject: object, name: str) -> None:
    """Downloads of approval documents are recorded like the other apps' (house style §10)."""
    audit_record(
        actor=request.user,
        action="permits.attachment_download",
        subject=subject,
        reference=reference,
        reason=f"下载附件 {name}",
    )


def _reviewers_context(request: AuthedRequest, project, checklist, assign_form=None):  # type: ignore[no-untyped-def]
    can_assign = can_assign_reviewers(request.user, project)
    return {
        "review_answers": selectors.review_answers(project, checklist),
        "assign_form": (assign_form or AssignForm()) if can_assign else None,
        "can_correct_answers": is_convener_for(request.user, project),
    }


def _create_context(project, form: ChecklistFactsForm | None = None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The checklist questions, pre-filled from the project, and what the project still lacks."""
    prefill = checklist_prefill(project)
    if form is None:
        form = ChecklistFactsForm(
            initial={name: "yes" if p.value else "no" for name, p in prefill.items()}
        )
    return {
        "facts_form": form,
        "flag_fields": [form[name] for name in FLAG_NAMES],
        "prefill": prefill,
        "missing": missing_route_facts(project),
        "project_facts": project_facts_shown(project),
    }


def _step_forms(checklist) -> dict[str, StepForm]:  # type: ignore[no-untyped-def]
    fields = ("status", "responsible_department", "planned_on", "started_on", "done_on")
    return {
        s.code: StepForm(
            prefix=s.code,
            initial={name: getattr(s, name) for name in (*fields, "document_number", "note")},
        )
        for s in checklist.steps.all()
    }


def _meeting_form(data, files=None, project=None) -> MeetingForm:  # type: ignore[no-untyped-def]
    _thresholds, roster = current_configuration()
    departments = [(d.code, d.name) for d in (roster.convener, *roster.reviewers)]
    conveners = (
        list(
            Organisation.objects.filter(
                code__in=construction_department_codes(project)
            ).values_list("code", "name")
        )
        if project is not None
        else []
    )
    return MeetingForm(data, files, departments=departments, conveners=conveners)


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
        "can_edit": True,
        **_create_context(project, form),
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
        "prefill": checklist_prefill(project),
        "missing": missing_route_facts(project),
        "project_facts": project_facts_shown(project),
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
    form = _meeting_form(request.POST, request.FILES, project=_project)
    if checklist is None or not form.is_valid():
        problems = "；".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"会议记录未保存：{problems or '请填写会议日期和参会单位。'}")
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


# --- reviewing departments (三(四)1) -------------------------------------------------------


@login_required
@require_POST
def review_assign(request: AuthedRequest, reference: str) -> HttpResponse:
    """The office assigns a department or utility unit to the project's joint review."""
    project, checklist = selectors.approval_checklist_get_for(
        viewer=request.user, reference=reference
    )
    if not can_assign_reviewers(request.user, project):
        raise Forbidden("只有市风貌办或项目所在区、县（市）风貌办可以指派审查部门。")
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            assignment = project_assign_department(
                actor=request.user,
                project=project,
                organisation=form.cleaned_data["organisation"],
                purpose=form.cleaned_data["purpose"],
            )
        except DomainError as exc:
            form.add_error("organisation", exc.message)
        else:
            messages.success(
                request,
                f"已指派{assignment.organisation.name}参加{assignment.get_purpose_display()}。",
            )
            return redirect(f"{reverse('permits:checklist-detail', args=[reference])}#reviewers")
    messages.error(request, "指派未保存，请检查所选部门。")
    today = today_local()
    overdue = selectors.overdue_steps(checklist, today=today) if checklist else []
    context = {
        "nav": "projects",
        "project": project,
        "checklist": checklist,
        "can_edit": can_edit_project(request.user, project),
        "today": today,
        "overdue": overdue,
        "rows": [
            {"step": s, "form": None, "is_overdue": s in overdue}
            for s in (checklist.steps.all() if checklist else [])
        ],
        "facts_form": None,
        "meeting_form": None,
        **_reviewers_context(request, project, checklist, assign_form=form),
    }
    return render(request, "permits/checklist_detail.html", context, status=400)


@login_required
def review_assign_route(request: AuthedRequest, reference: str) -> HttpResponse:
    """Assign every department the route needs in one step: the list first, then confirm."""
    project, checklist = selectors.approval_checklist_get_for(
        viewer=request.user, reference=reference
    )
    if not can_assign_reviewers(request.user, project):
        raise Forbidden("只有市风貌办或项目所在区、县（市）风貌办可以指派审查部门。")
    if checklist is None:
        messages.error(request, "请先生成审批清单，再按审批路径指派部门（三(四)1）。")
        return redirect("permits:checklist-detail", reference=reference)
    if request.method == "POST":
        try:
            assignments = services.review_assign_route(actor=request.user, project=project)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            names = "、".join(a.organisation.name for a in assignments)
            messages.success(request, f"已按审批路径指派{len(assignments)}个部门或单位：{names}。")
        return redirect(f"{reverse('permits:checklist-detail', args=[reference])}#reviewers")
    context = {
        "nav": "projects",
        "project": project,
        "plan": route_assignment_plan(project, checklist),
    }
    return render(request, "permits/assign_route.html", context)


@login_required
def review_task_list(request: AuthedRequest) -> HttpResponse:
    """我的审查任务: the projects assigned to the viewer's department with an open review."""
    if not is_reviewing_unit(request.user):
        raise Forbidden("审查任务只对职能部门和公用事业单位开放。")
    context = {"nav": "permits", "tasks": selectors.review_task_list_for(viewer=request.user)}
    return render(request, "permits/review_task_list.html", context)


@login_required
def review_task_detail(request: AuthedRequest, reference: str) -> HttpResponse:
    """One assigned review: the route, the latest meeting and the department's answer."""
    task = selectors.review_task_get_for(viewer=request.user, reference=reference)
    can_answer = task.is_open and task.meeting is not None
    can_answer = can_answer and can_answer_review(request.user, task.project)
    can_answer = can_answer and task.opinion is None  # an answer is final once submitted
    initial = (
        {"stance": task.opinion.stance, "opinion": task.opinion.opinion} if task.opinion else {}
    )
    form = OpinionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        if not can_answer or task.meeting is None:
            raise Forbidden("该审查任务当前不能填写意见。")
        if form.is_valid():
            try:
                services.department_opinion_record(
                    actor=request.user,
                    meeting=task.meeting,
                    data=form.to_input(),
                    attachment=form.cleaned_data["attachment"],
                )
            except ValidationFailed as exc:
                _add_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "审查意见已提交。")
                return redirect("permits:review-task-detail", reference=reference)
        status = 400
    context = {
        "nav": "permits",
        "task": task,
        "steps": [
            s
            for s in task.checklist.steps.all()
            if s.code in ("joint_review", "joint_consultation")
        ],
        "form": form if can_answer else None,
        "can_correct": task.is_open
        and task.opinion is not None
        and can_correct_opinion(request.user, task.opinion),
        "documents": [a for t in task.project.transitions.all() for a in t.attachments.all()],
    }
    return render(request, "permits/review_task_detail.html", context, status=status)


@login_required
def opinion_correct(request: AuthedRequest, reference: str, pk: int) -> HttpResponse:
    """Correct a submitted department answer: a new version with a reason (三(四)1)."""
    opinion = selectors.department_opinion_get_for(viewer=request.user, reference=reference, pk=pk)
    if not can_correct_opinion(request.user, opinion):
        raise Forbidden("只有答复部门或召集联合审查的建设部门可以更正审查意见（三(四)1）。")
    own = request.user.organisation_id == opinion.organisation_id
    back = (
        reverse("permits:review-task-detail", args=[reference])
        if own
        else f"{reverse('permits:checklist-detail', args=[reference])}#reviewers"
    )
    if not opinion.is_current:
        messages.error(request, "该意见已被更正过，请在当前有效的最新版本上更正（三(四)1）。")
        return redirect(back)
    posted = request.method == "POST"
    form = CorrectionForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"stance": opinion.stance, "opinion": opinion.opinion},
    )
    status = 200
    if posted:
        if form.is_valid():
            try:
                services.department_opinion_correct(
                    actor=request.user,
                    opinion=opinion,
                    data=form.to_input(),
                    reason=form.cleaned_data["reason"],
                    attachment=form.cleaned_data["attachment"],
                )
            except ValidationFailed as exc:
                _add_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "更正意见已提交，原意见保留在记录中。")
                return redirect(back)
        status = 400
    context = {"nav": "permits", "opinion": opinion, "form": form, "back": back,
               "reference": reference}  # fmt: skip
    return render(request, "permits/opinion_correct.html", context, status=status)


# --- thresholds and roster (city office) -----------------------------------------------------


@login_required
def configuration(request: AuthedRequest) -> HttpResponse:
    context = {
        "nav": "permits",
        "thresholds": selectors.route_threshold_list(),
        "departments": selectors.review_department_list(),
        "recent_edits": selectors.recent_configuration_edits(),
        "can_edit": can_edit_permit_configuration(request.user),
    }
    return render(request, "permits/configuration.html", context)


@login_required
def threshold_edit(request: AuthedRequest, key: str) -> HttpResponse:
    threshold = selectors.route_threshold_get(key)
    shown = value_words(threshold.value, "bool") if threshold.unit == "bool" else threshold.value
    form = ThresholdForm(request.POST or None, initial={"value": shown})
    if threshold.unit == "bool":
        form.fields["value"].help_text = "填写“是”或“否”。"
    else:
        form.fields["value"].help_text = f"单位：{unit_label(threshold.unit)}。"
    return _configuration_edit(
        request,
        row=threshold,
        kind="threshold",
        form=form,
        save=lambda data: services.route_threshold_update(
            actor=request.user,
            threshold=threshold,
            value=parse_value(data["value"], threshold.unit),
            reason=data["reason"],
        ),
        saved=f"“{threshold_name(threshold.key)}”已修改。",
        refused="只有市风貌办可以修改审批路径阈值。",
        history_reference=threshold.key,
    )


@login_required
def department_edit(request: AuthedRequest, code: str) -> HttpResponse:
    department = selectors.review_department_get(code)
    initial = {"name": department.name, "role": department.role, "note": department.note}
    form = DepartmentForm(request.POST or None, initial=initial)
    return _configuration_edit(
        request,
        row=department,
        kind="department",
        form=form,
        save=lambda data: services.review_department_update(
            actor=request.user, department=department, **data
        ),
        saved=f"“{department.code}”已修改。",
        refused="只有市风貌办可以修改联合审查部门名单。",
        history_reference=services.review_department_reference(department.code),
    )


def _configuration_edit(
    request: AuthedRequest,
    *,
    row: object,
    kind: str,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    saved: str,
    refused: str,
    history_reference: str,
) -> HttpResponse:
    """One configuration row's page: everyone reads it, the city office edits it (三(四))."""
    can_edit = can_edit_permit_configuration(request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except PermissionDenied as exc:
                raise Forbidden(exc.message) from exc
            except ValidationFailed as exc:
                _add_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, saved)
                return redirect("permits:configuration")
        elif not can_edit:
            raise Forbidden(refused)
        status = 400
    context = {
        "nav": "permits",
        "row": row,
        "kind": kind,
        "form": form if can_edit else None,
        "history": selectors.configuration_history(history_reference),
    }
    return render(request, "permits/configuration_edit.html", context, status=status)
