"""Facility and residential-point screens: lists, the facility form, and the two-step
import (upload → every row checked → confirm writes all rows or none)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.common.errors import DomainError
from futurecommunity.common.forms import add_service_errors
from futurecommunity.lifecircle import access, excel, forms, imports, selectors, services
from futurecommunity.lifecircle.models import FacilityKind
from futurecommunity.lifecircle.views import XLSX

SESSION_KEY = "lifecircle_import"


def _spec(what: str) -> dict[str, Any]:
    if what not in IMPORTS:
        raise Http404("没有这种导入。")
    return IMPORTS[what]


def _editor_scope(request: AuthedRequest) -> str:
    prefix = selectors.scope_for(request.user)
    if not access.can_edit_in(request.user, prefix):
        raise Forbidden("您没有登记设施和居住点的权限。")
    return prefix


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
@require_GET
def facility_list(request: AuthedRequest) -> HttpResponse:
    form = forms.FacilityFilterForm(request.GET or None)
    filters = selectors.FacilityFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.FacilityFilters(d["service"], d["kind"], d["status"], d["q"].strip())
    facilities = selectors.facility_list_for(viewer=request.user, filters=filters)
    page = Paginator(facilities, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "lifecircle/facility_list.html",
        {"tab": "facilities", "form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def facility_create(request: AuthedRequest) -> HttpResponse:
    _editor_scope(request)
    regions = selectors.analysis_regions_for(viewer=request.user)
    form = forms.FacilityForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            facility = services.facility_create(actor=request.user, data=form.to_input())
        except DomainError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"设施“{facility.name}”已登记。")
            return redirect("lifecircle:facility-list")
    return render(request, "lifecircle/facility_form.html", {"tab": "facilities", "form": form})


@login_required
@require_GET
def resident_list(request: AuthedRequest) -> HttpResponse:
    summary = list(selectors.residential_summary_for(viewer=request.user))
    return render(
        request,
        "lifecircle/resident_list.html",
        {
            "tab": "residents",
            "summary": summary,
            "total_points": sum(r["points"] for r in summary),
            "total_population": sum(r["population"] for r in summary),
        },
    )


IMPORTS: dict[str, dict[str, Any]] = {
    "facilities": {
        "title": "批量导入设施",
        "accept": ".xlsx,.geojson,.json",
        "check": imports.facility_import_check,
        "write": lambda actor, rows, source: services.facility_import(
            actor=actor, rows=imports.facilities_from_session(rows), source=source
        ),
        "done": "lifecircle:facility-list",
        "tab": "facilities",
    },
    "residents": {
        "title": "批量导入居住点",
        "accept": ".xlsx",
        "check": imports.residential_import_check,
        "write": lambda actor, rows, source: services.residential_point_import(
            actor=actor, rows=imports.residents_from_session(rows), source=source
        ),
        "done": "lifecircle:resident-list",
        "tab": "residents",
    },
}


@login_required
def table_import(request: AuthedRequest, what: str) -> HttpResponse:
    """GET: the upload form. POST: check the upload and show every row and every problem."""
    _editor_scope(request)
    spec = _spec(what)
    form = forms.TableUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"tab": spec["tab"], "what": what, "spec": spec, "form": form}
    if request.method == "POST" and form.is_valid():
        request.session.pop(SESSION_KEY, None)
        upload = form.cleaned_data["file"]
        check: Callable[..., imports.Checked] = spec["check"]
        try:
            result = check(
                actor=request.user, content=upload.read(), filename=upload.name,
                datum=form.cleaned_data["datum"],
            )  # fmt: skip
        except DomainError as exc:
            context["failure"] = exc.message
        else:
            context |= {"check": result, "filename": upload.name}
            if result.ok:
                token = secrets.token_urlsafe(16)
                request.session[SESSION_KEY] = {
                    "what": what, "token": token, "source": upload.name[:100],
                    "rows": imports.to_session(result.rows),
                }  # fmt: skip
                context["token"] = token
    return render(request, "lifecircle/import.html", context)


@login_required
@require_POST
def table_import_confirm(request: AuthedRequest, what: str) -> HttpResponse:
    _editor_scope(request)
    spec = _spec(what)
    pending = request.session.pop(SESSION_KEY, None)
    if (
        not pending
        or pending.get("what") != what
        or pending.get("token") != request.POST.get("token")
    ):
        messages.error(request, "导入内容已过期或已导入，请重新上传文件。")
        return redirect("lifecircle:table-import", what=what)
    try:
        created = spec["write"](request.user, pending["rows"], pending["source"])
    except DomainError as exc:
        messages.error(request, f"未导入：{exc.message}")
        return redirect("lifecircle:table-import", what=what)
    messages.success(request, f"已导入 {len(created)} 条。")
    return redirect(spec["done"])


@login_required
@require_GET
def table_import_template(request: AuthedRequest, what: str) -> HttpResponse:
    _editor_scope(request)
    _spec(what)
    if what == "facilities":
        kinds = list(FacilityKind.objects.values_list("name", flat=True))
        example = ["塔山社区卫生服务站", "社区卫生服务站", "", 120.5826, 29.9882, "塔山社区",
                   "越城区塔山街道××路1号", 150, "", "已开放", "××社区卫生服务中心"]  # fmt: skip
        return _xlsx(
            excel.facility_template(kind_names=kinds, example=example), "facility-template.xlsx"
        )
    example = ["××小区", "塔山社区", 120.5826, 29.9882, 1200, "社区网格台账"]
    return _xlsx(excel.resident_template(example=example), "resident-template.xlsx")
