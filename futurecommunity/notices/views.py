"""Official pages of notices, opinions, consent and articles (thin adapters)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.audit.services import audit_record
from futurecommunity.common import time as fc_time
from futurecommunity.common.errors import DomainError, ValidationFailed
from futurecommunity.common.files import file_download
from futurecommunity.notices import access, imports, presenters, selectors, services
from futurecommunity.notices.forms import (
    AnswerForm,
    ArticleForm,
    ConsentForm,
    CorrectForm,
    NoticeForm,
    ReasonForm,
    RegisterImportForm,
    SettingForm,
)
from futurecommunity.notices.models import Article, NoticeSetting
from futurecommunity.projects.selectors import project_get_for


def apply_error(form: forms.Form, error: DomainError) -> None:
    """Show a service refusal on the form: per field where the service named one."""
    if isinstance(error, ValidationFailed):
        for field, texts in error.errors.items():
            for text in texts:
                form.add_error(field if field in form.fields else None, text)
        return
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def notice_list(request: AuthedRequest) -> HttpResponse:
    notices = selectors.notice_list_for(viewer=request.user)
    return render(
        request,
        "notices/notice_list.html",
        {"notices": notices, "nav": "notices", "today": fc_time.today_local()},
    )


def _notice_input(form: forms.Form, request: AuthedRequest) -> services.NoticeInput:
    data = form.cleaned_data
    project = (
        project_get_for(viewer=request.user, reference=data["project"].strip())
        if data["project"].strip()
        else None
    )
    codes = tuple(c.strip() for c in data["communities"].replace("，", ",").split(",") if c.strip())
    if project is not None and not codes:
        codes = tuple(project.communities.values_list("code", flat=True))
    return services.NoticeInput(
        kind=data["kind"],
        title=data["title"],
        body=data["body"],
        start_on=data["start_on"],
        end_on=data["end_on"],
        contact_office=data["contact_office"],
        project=project,
        community_codes=codes[:50],
        internal_remark=data["internal_remark"],
    )


@login_required
def notice_create(request: AuthedRequest) -> HttpResponse:
    initial = {"project": request.GET.get("project", "")[:32], "start_on": fc_time.today_local()}
    form = NoticeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_publish(
                actor=request.user,
                data=_notice_input(form, request),
                documents=form.cleaned_data["documents"],
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, f"公示 {notice.reference} 已发布。")
            return redirect("notices:notice-detail", pk=notice.pk)
    return render(request, "notices/notice_form.html", {"form": form, "nav": "notices"})


@login_required
@require_GET
def notice_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get_for(viewer=request.user, pk=pk)
    return render(
        request,
        "notices/notice_detail.html",
        presenters.notice_detail_context(request.user, notice, fc_time.today_local()),
    )


@login_required
@require_POST
def notice_correct(request: AuthedRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get_for(viewer=request.user, pk=pk)
    form = CorrectForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.notice_correct(
                actor=request.user,
                notice=notice,
                data=services.NoticeInput(
                    kind=notice.kind,
                    title=data["title"],
                    body=data["body"],
                    start_on=data["start_on"],
                    end_on=data["end_on"],
                    contact_office=notice.contact_office,
                    community_codes=tuple(notice.communities.values_list("code", flat=True)),
                ),
                reason=data["reason"],
                documents=data["documents"],
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, "公示已更正，公示期自新的开始日期重新计算（三(一)）。")
            return redirect("notices:notice-detail", pk=pk)
    context = presenters.notice_detail_context(request.user, notice, fc_time.today_local())
    context["correct_form"] = form
    return render(request, "notices/notice_detail.html", context, status=400)


@login_required
@require_POST
def notice_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get_for(viewer=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.notice_withdraw(
                actor=request.user, notice=notice, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, "公示已撤回。")
            return redirect("notices:notice-detail", pk=pk)
    context = presenters.notice_detail_context(request.user, notice, fc_time.today_local())
    context["withdraw_form"] = form
    return render(request, "notices/notice_detail.html", context, status=400)


@login_required
@require_POST
def opinion_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    opinion = selectors.opinion_get_for(viewer=request.user, pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.opinion_answer(actor=request.user, opinion=opinion, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已答复意见 {opinion.receipt}，答复已公开。")
    else:
        messages.error(request, "请填写答复内容（不超过 4000 字）。")
    return redirect("notices:notice-detail", pk=opinion.notice_id)


@login_required
@require_GET
def opinion_photo(request: AuthedRequest, pk: int) -> FileResponse:
    opinion = selectors.opinion_get_for(viewer=request.user, pk=pk)
    if not access.can_see_contact(request.user, opinion.notice):
        raise Http404("未找到该文件。")
    response = file_download(opinion.photo)
    # Reading a resident's photo is access to personal information (PIPL 第五十一条): audited.
    audit_record(
        actor=request.user,
        action="opinion.photo_download",
        subject=opinion,
        reference=opinion.receipt,
        region_code=opinion.notice.region_code,
    )
    return response


@login_required
@require_GET
def document_download(request: AuthedRequest, pk: int) -> FileResponse:
    document = selectors.notice_document_get_for(viewer=request.user, pk=pk)
    return file_download(document.file, filename=document.original_name)


@login_required
@require_GET
def consent_detail(request: AuthedRequest, reference: str) -> HttpResponse:
    view = selectors.consent_view_for(
        viewer=request.user, reference=reference, today=fc_time.today_local()
    )
    return render(request, "notices/consent_detail.html", _consent_context(request, view))


def _consent_context(request: AuthedRequest, view: selectors.ConsentView) -> dict[str, object]:
    return {
        "view": view,
        "nav": "notices",
        "can_record": access.can_record_consent(request.user, view.project),
        "import_form": RegisterImportForm(),
        "consent_form": ConsentForm(initial={"answered_on": fc_time.today_local()}),
        "share": presenters.setting_row("consent_required_share"),
        "period": presenters.setting_row("notice_period_days"),
        "import_errors": [],
    }


@login_required
@require_POST
def consent_import(request: AuthedRequest, reference: str) -> HttpResponse:
    project = project_get_for(viewer=request.user, reference=reference)
    form = RegisterImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if not form.is_valid():
        errors = ["请选择要导入的 .xlsx 文件。"]
    else:
        read = imports.read_register(form.cleaned_data["file"], project)
        errors = read.errors
        if not errors:
            try:
                count = services.stakeholders_import(
                    actor=request.user, project=project, rows=read.rows
                )
            except DomainError as error:
                errors = [error.message]
            else:
                messages.success(request, f"已导入 {count} 户利害关系人。")
                return redirect("notices:consent-detail", reference=reference)
    view = selectors.consent_view_for(
        viewer=request.user, reference=reference, today=fc_time.today_local()
    )
    context = _consent_context(request, view)
    context["import_errors"] = errors
    return render(request, "notices/consent_detail.html", context, status=400)


@login_required
@require_POST
def consent_record(request: AuthedRequest, pk: int) -> HttpResponse:
    row = selectors.stakeholder_get_for(viewer=request.user, pk=pk)
    form = ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.consent_record(actor=request.user, stakeholder=row, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, f"{row}：{error.message}")
        else:
            messages.success(request, f"已登记 {row} 的意见。")
    else:
        messages.error(request, "请完整填写意见、确认方式和确认日期。")
    return redirect("notices:consent-detail", reference=row.project.reference)


@login_required
@require_GET
def consent_form_download(request: AuthedRequest, pk: int) -> FileResponse:
    row = selectors.stakeholder_get_for(viewer=request.user, pk=pk)
    return file_download(row.form, filename=row.form_name)


@login_required
def article_list(request: AuthedRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_publish(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, "宣传文章已发布到公众页面。")
            return redirect("notices:article-list")
    return render(
        request,
        "notices/article_list.html",
        {
            "form": form,
            "articles": Article.objects.all()[:100],
            "can_write": access.can_write_articles(request.user),
            "nav": "notices",
        },
    )


@login_required
def setting_list(request: AuthedRequest) -> HttpResponse:
    form = SettingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_setting_update(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "参数已修改。")
        return redirect("notices:setting-list")
    return render(
        request,
        "notices/setting_list.html",
        {
            "rows": NoticeSetting.objects.all(),
            "can_edit": access.can_configure_notices(request.user),
            "nav": "notices",
        },
    )
