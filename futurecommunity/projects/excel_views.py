"""Project workbooks: export of the filtered list, the import template, upload → check → confirm."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError
from futurecommunity.projects import access, excel, imports, selectors
from futurecommunity.projects.forms import FilterForm
from futurecommunity.projects.models import Status
from futurecommunity.regions.selectors import district_list, street_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "projects_import"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _scope(request: HttpRequest) -> tuple[str, list, list]:
    prefix = access.project_scope_prefix(request.user)  # type: ignore[arg-type]
    if prefix is None:
        raise Http404("您的账号没有可管理的辖区。")
    districts = list(district_list().filter(code__startswith=prefix[:6]))
    streets = [s for s in street_list() if s.code.startswith(prefix[:9])]
    return prefix, districts, streets


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
@require_GET
def project_export(request: HttpRequest) -> HttpResponse:
    """Exactly the rows the list page shows for the same query string, audited."""
    prefix, districts, streets = _scope(request)
    form = FilterForm(
        request.GET or None, districts=districts, streets=streets, statuses=list(Status.choices)
    )
    filters = selectors.ProjectFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.ProjectFilters(
            d["district"], d["street"], d["level"], d["build_type"], d["year"], d["status"],
            d["q"].strip(),
        )  # fmt: skip
    projects = list(
        selectors.project_list_for(viewer=request.user, filters=filters).prefetch_related(  # type: ignore[arg-type]
            "communities"
        )
    )
    now = timezone.localtime()
    content = excel.projects_workbook(
        projects, title="未来社区项目清单", exported_by=str(request.user), exported_at=now
    )
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="project.export",
            subject_type="project",
            region_code=prefix,
            changes={"filters": [None, request.GET.urlencode()], "count": [None, len(projects)]},
            reason=f"导出项目清单 {len(projects)} 个",
        )
    return _xlsx(content, f"projects-{now:%Y%m%d-%H%M}.xlsx")


def _importer_scope(request: HttpRequest) -> tuple[str, list, list]:
    prefix, districts, streets = _scope(request)
    if not access.can_create_project_in(request.user, prefix):  # type: ignore[arg-type]
        raise Forbidden("您没有登记项目的权限。")
    return prefix, districts, streets


@login_required
@require_GET
def project_import_template(request: HttpRequest) -> HttpResponse:
    _prefix, districts, streets = _importer_scope(request)
    content = excel.import_template_workbook(
        district_names=[d.name for d in districts],
        street_names=[s.name for s in streets],
        scope_label="、".join(d.name for d in districts) if len(districts) < 2 else "绍兴市全市",
    )
    return _xlsx(content, "project-import-template.xlsx")


@login_required
def project_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check the upload and show every row and every problem."""
    _importer_scope(request)
    context: dict[str, object] = {"nav": "projects"}
    if request.method == "POST":
        upload = request.FILES.get("file")
        request.session.pop(SESSION_KEY, None)
        if upload is None:
            context["failure"] = "请选择要上传的 .xlsx 文件。"
        elif upload.size and upload.size > MAX_UPLOAD_BYTES:
            context["failure"] = "文件超过 5 MB，请拆分后分别导入。"
        else:
            try:
                check = imports.project_import_check(actor=request.user, content=upload.read())  # type: ignore[arg-type]
            except DomainError as exc:
                context["failure"] = exc.message
            else:
                context |= {"check": check, "filename": upload.name}
                if check.ok:
                    token = secrets.token_urlsafe(16)
                    request.session[SESSION_KEY] = {
                        "token": token,
                        "rows": imports.rows_to_json(check.rows),
                    }
                    context["token"] = token
    return render(request, "projects/project_import.html", context)


@login_required
@require_POST
def project_import_confirm(request: HttpRequest) -> HttpResponse:
    _importer_scope(request)
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, "导入内容已过期或已导入，请重新上传文件。")
        return redirect("projects:project-import")
    try:
        created = imports.project_import(
            actor=request.user,  # type: ignore[arg-type]
            rows=imports.inputs_from_json(pending["rows"]),
        )
    except DomainError as exc:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, f"未导入：{exc.message}")
        return redirect("projects:project-import")
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"已导入 {len(created)} 个项目。")
    return redirect("projects:project-list")
