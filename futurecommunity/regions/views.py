"""The urban-community scope screen (G3): the count in force and the city office's flag edits."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from futurecommunity.accounts.access import can_configure_city, region_prefix_for
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.audit.models import AuditEntry
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, ValidationFailed
from futurecommunity.common.http import same_site_path
from futurecommunity.common.xlsx import Column, list_workbook, xlsx_response
from futurecommunity.regions.boundaries import district_boundaries
from futurecommunity.regions.models import Region
from futurecommunity.regions.selectors import community_list, district_list
from futurecommunity.regions.services import (
    MAX_IMPORT_BYTES,
    region_import_urban_flags,
    region_set_urban_flag,
    region_set_urban_flag_by_street_kind,
)


@dataclass(frozen=True)
class CommunityQuery:
    """The list page's filters, parsed once, and the scope they narrow."""

    prefix: str
    scope: str
    district: str
    only: str
    search: str

    def filters(self) -> dict[str, str]:
        return {"district": self.district, "only": self.only, "q": self.search}


def _community_query(request: AuthedRequest) -> tuple[CommunityQuery, QuerySet[Region]]:
    """Shared by the list and its export, so that what is shown is what is exported."""
    prefix = region_prefix_for(request.user) or ""
    district = request.GET.get("district", "")
    # A district filter may only narrow the viewer's territory, never widen it.
    scope = district if district and district.startswith(prefix) else prefix
    only = request.GET.get("only", "")
    search = request.GET.get("q", "").strip()
    qs = community_list(prefix=scope)
    if only == "urban":
        qs = qs.filter(is_urban_community=True)
    elif only == "other":
        qs = qs.filter(is_urban_community=False)
    if search:
        qs = qs.filter(name__icontains=search)
    return CommunityQuery(prefix, scope, district, only, search), qs


@login_required
def community_list_view(request: AuthedRequest) -> HttpResponse:
    query, qs = _community_query(request)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "regions/community_list.html",
        {
            "nav": "regions",
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "query": params.urlencode(),
            "urban_count": community_list(prefix=query.scope, urban_only=True).count(),
            "total": community_list(prefix=query.scope).count(),
            "districts": district_list().filter(code__startswith=query.prefix[:6]),
            "district": query.district,
            "only": query.only,
            "q": query.search,
            "can_edit": can_configure_city(request.user),
        },
    )


COMMUNITY_COLUMNS = (
    Column("区划代码", 16),
    Column("名称", 24),
    Column("统计类别", 16),
    Column("计入城镇社区", 12),
)


@login_required
@require_GET
def community_export(request: AuthedRequest) -> HttpResponse:
    """Exactly the communities the list shows for the same query string (all pages), audited."""
    query, qs = _community_query(request)
    rows = [
        (c.code, c.name, c.get_nbs_kind_display(), "计入" if c.is_urban_community else "不计入")
        for c in qs
    ]
    now = timezone.localtime()
    content = list_workbook(
        title="城镇社区口径清单",
        columns=COMMUNITY_COLUMNS,
        rows=rows,
        exported_by=str(request.user),
        exported_at=now,
    )
    audit_record(
        actor=request.user,
        action="region.export",
        subject_type="region",
        region_code=query.scope,
        changes={"filters": [None, query.filters()], "rows": [None, len(rows)]},
        reason=f"导出城镇社区口径清单 {len(rows)} 条。",
    )
    return xlsx_response(content, f"城镇社区口径-{now:%Y%m%d-%H%M}.xlsx")


@login_required
@require_POST
def community_flag(request: AuthedRequest, code: str) -> HttpResponse:
    try:
        region = region_set_urban_flag(
            actor=request.user,
            code=code,
            is_urban=request.POST.get("is_urban") == "1",
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        state = "计入" if region.is_urban_community else "不计入"
        messages.success(request, f"{region.name}已调整为{state}城镇社区口径。")
    return redirect(same_site_path(request, request.POST.get("back")) or "regions:community-list")


@require_GET
def district_boundaries_view(request: HttpRequest) -> HttpResponse:
    """The simplified district boundaries (public facts, no login), cacheable: ETag and
    max-age, 304 when the browser has them."""
    body, etag = district_boundaries()
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
def community_bulk(request: AuthedRequest) -> HttpResponse:
    """The city office sets the urban flag in bulk (一、G3): by street kind, or by an .xlsx list
    (all-or-nothing, every row's error listed). Officials may read the page; out of the
    offices (residents, outsiders) it does not exist."""
    if region_prefix_for(request.user) is None:
        raise Http404
    can_edit = can_configure_city(request.user)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if not can_edit:
            return HttpResponse("只有市风貌办可以调整城镇社区口径（一、G3）。", status=403)
        action = request.POST.get("action", "")
        try:
            if action == "kind":
                changed = region_set_urban_flag_by_street_kind(
                    actor=request.user,
                    street_kind=request.POST.get("street_kind", ""),
                    is_urban=request.POST.get("is_urban") == "1",
                    district=request.POST.get("district", "")[:6],
                    reason=request.POST.get("reason", ""),
                )
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise DomainError("no_file", "请选择要导入的 .xlsx 文件。", field="file")
                if upload.size and upload.size > MAX_IMPORT_BYTES:
                    raise DomainError("file_too_large", "文件不能超过5MB。", field="file")
                changed = region_import_urban_flags(
                    actor=request.user, content=upload.read(), reason=request.POST.get("reason", "")
                )
        except ValidationFailed as exc:
            errors = [e for messages_ in exc.errors.values() for e in messages_]
            status = 400
        except DomainError as exc:
            errors = [exc.message]
            status = 400 if exc.code != "permission_denied" else 403
        else:
            messages.success(request, f"城镇社区口径已调整：{changed}个社区改变，记录已存档。")
            return redirect("regions:community-bulk")
    return render(
        request,
        "regions/community_bulk.html",
        {
            "nav": "regions",
            "can_edit": can_edit,
            "errors": errors,
            "districts": district_list(),
            "urban_count": community_list(urban_only=True).count(),
            "recent": AuditEntry.objects.filter(action="region.urban_flag_bulk").order_by("-id")[
                :20
            ],
        },
        status=status,
    )
