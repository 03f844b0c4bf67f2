"""Project screens: list, detail with timeline, create/edit, lifecycle moves. Thin adapters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from futurecommunity.accounts.access import is_reviewing_unit, region_prefix_for
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.audit.selectors import audit_entries_for_reference
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, ValidationFailed
from futurecommunity.common.files import file_download
from futurecommunity.common.time import today_local
from futurecommunity.projects import rules, selectors, services, todos
from futurecommunity.projects.access import can_edit_project
from futurecommunity.projects.forms import FilterForm, ProjectForm, TransitionForm, initial_from
from futurecommunity.projects.models import Status
from futurecommunity.projects.rules import ACCEPTED_OR_LATER, t1_level_warning
from futurecommunity.regions.selectors import community_list, district_list, street_list

UPGRADE_ORDER = ["county", "municipal", "provincial"]
# Column sorting and page sizes of the project list (tables like Excel, issue 12).
SORTABLE = (
    "reference",
    "name",
    "district",
    "street",
    "level",
    "build_type",
    "creation_year",
    "status",
)
PAGE_SIZES = ("25", "50", "100")


def _places(request: AuthedRequest) -> dict[str, list]:
    prefix = region_prefix_for(request.user)
    if prefix is None and is_reviewing_unit(request.user):
        return {"districts": [], "streets": [], "communities": []}
    if prefix is None:
        raise Http404("您的账号没有可管理的辖区。")
    district = prefix[:6]
    return {
        "districts": list(district_list().filter(code__startswith=district)),
        "streets": [s for s in street_list() if s.code.startswith(prefix[:9])],
        "communities": list(community_list(prefix=district)),
    }


@login_required
def project_list(request: AuthedRequest) -> HttpResponse:
    places = _places(request)
    form = FilterForm(
        request.GET or None,
        districts=places["districts"],
        streets=places["streets"],
        statuses=list(Status.choices),
    )
    filters = selectors.ProjectFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.ProjectFilters(
            d["district"],
            d["street"],
            d["level"],
            d["build_type"],
            d["year"],
            d["status"],
            d["q"].strip(),
        )
    projects = selectors.project_list_for(viewer=request.user, filters=filters)
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") in SORTABLE:
        projects = projects.order_by(sort, "reference")
    size = int(request.GET["size"]) if request.GET.get("size") in PAGE_SIZES else 25
    page = Paginator(projects, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    unsorted = query.copy()
    unsorted.pop("sort", None)
    unsized = query.copy()
    unsized.pop("size", None)
    return render(
        request,
        "projects/project_list.html",
        {
            "nav": "projects",
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "unsorted_query": unsorted.urlencode(),
            "unsized_query": unsized.urlencode(),
            "sort": sort,
            "size": size,
            "page_sizes": [int(s) for s in PAGE_SIZES],
            "total": page.paginator.count,
        },
    )


@login_required
def project_detail(request: AuthedRequest, reference: str) -> HttpResponse:
    project = selectors.project_get_for(viewer=request.user, reference=reference)
    moves = services.project_moves_for(actor=request.user, project=project)
    return render(
        request,
        "projects/project_detail.html",
        {
            "nav": "projects",
            "project": project,
            "moves": moves,
            "today": today_local(),
            "can_edit": can_edit_project(request.user, project),
            "can_upgrade": can_edit_project(request.user, project)
            and project.status in ACCEPTED_OR_LATER
            and project.level != "provincial",
            "upgrade_levels": [
                lvl for lvl in UPGRADE_ORDER[UPGRADE_ORDER.index(project.level) + 1 :]
            ],
            "years": range(today_local().year, today_local().year + 3),
            "transition_form": TransitionForm(initial={"occurred_on": today_local()}),
            "audit_history": audit_entries_for_reference(project.reference),
            "who_acts_next": todos.who_acts_next(project),
            "declare_missing": rules.missing_for_declaration(
                {n.field: getattr(project, n.field) for n in rules.DECLARE_NEEDS}
            )
            if project.status == "planned"
            else [],
            "may_remind": todos.may_remind(request.user, project),
        },
    )


@login_required
@require_POST
def project_remind(request: AuthedRequest, reference: str) -> HttpResponse:
    project = selectors.project_get_for(viewer=request.user, reference=reference)
    try:
        count = todos.project_remind(actor=request.user, project=project)
    except DomainError as exc:
        messages.error(request, f"未催办：{exc.message}")
    else:
        messages.success(request, f"已催办：已向 {count} 名办理人员发送提醒。")
    return redirect("projects:project-detail", reference=reference)


@login_required
def attachment_download(request: AuthedRequest, reference: str, pk: int) -> FileResponse:
    project, attachment = selectors.transition_attachment_get_for(
        viewer=request.user, reference=reference, pk=pk
    )
    response = file_download(attachment.file, filename=attachment.original_name)
    audit_record(
        actor=request.user,
        action="project.attachment_download",
        subject=attachment,
        reference=project.reference,
        region_code=project.region_code,
        reason=f"下载附件 {attachment.original_name}",
    )
    return response


def _form_errors_from(form: ProjectForm, exc: ValidationFailed) -> None:
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@login_required
def project_create(request: AuthedRequest) -> HttpResponse:
    places = _places(request)
    form = ProjectForm(request.POST or None, **places)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, data=form.to_input())
        except ValidationFailed as exc:
            _form_errors_from(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"项目 {project.reference} 已登记。")
            warning = t1_level_warning(
                build_type=project.build_type,
                is_key_area=project.is_key_area,
                level=project.level,
            )
            if warning:
                messages.warning(request, warning)
            return redirect("projects:project-detail", reference=project.reference)
    return render(
        request, "projects/project_form.html", {"nav": "projects", "form": form, "is_create": True}
    )


@login_required
def project_edit(request: AuthedRequest, reference: str) -> HttpResponse:
    project = selectors.project_get_for(viewer=request.user, reference=reference)
    places = _places(request)
    form = ProjectForm(request.POST or None, initial=initial_from(project), **places)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=request.user,
                project=project,
                data=form.to_input(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as exc:
            _form_errors_from(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "项目信息已保存。")
            return redirect("projects:project-detail", reference=project.reference)
    return render(
        request, "projects/project_form.html", {"nav": "projects", "form": form, "project": project}
    )


@login_required
@require_POST
def project_transition(request: AuthedRequest, reference: str) -> HttpResponse:
    project = selectors.project_get_for(viewer=request.user, reference=reference)
    form = TransitionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请填写正确的发生日期（YYYY-MM-DD）。")
        return redirect("projects:project-detail", reference=reference)
    d = form.cleaned_data
    try:
        services.project_transition(
            actor=request.user,
            project=project,
            target=d["target"],
            occurred_on=d["occurred_on"],
            document_number=d["document_number"],
            remark=d["remark"],
            attachments=request.FILES.getlist("attachments"),
        )
    except DomainError as exc:
        messages.error(request, f"未办理：{exc.message}")
    else:
        messages.success(request, f"已办理：项目状态变更为“{Status(d['target']).label}”。")
    return redirect("projects:project-detail", reference=reference)


@login_required
@require_POST
def project_upgrade(request: AuthedRequest, reference: str) -> HttpResponse:
    """梯度创建、迭代升级 (二(一)): register the higher-level project linked to this one."""
    project = selectors.project_get_for(viewer=request.user, reference=reference)
    try:
        year = int(request.POST.get("creation_year", ""))
        upgraded = services.project_upgrade(
            actor=request.user,
            project=project,
            level=request.POST.get("level", ""),
            creation_year=year,
        )
    except ValueError:
        messages.error(request, "请选择正确的创建年度。")
    except DomainError as exc:
        messages.error(request, f"未办理：{exc.message}")
    else:
        messages.success(request, f"已登记升级创建项目 {upgraded.reference}。")
        return redirect("projects:project-detail", reference=upgraded.reference)
    return redirect("projects:project-detail", reference=reference)
