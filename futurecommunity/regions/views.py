"""The urban-community scope screen (G3): the count in force and the city office's flag edits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from futurecommunity.accounts.access import can_configure_city, region_prefix_for
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.common.errors import DomainError
from futurecommunity.regions.selectors import community_list, district_list
from futurecommunity.regions.services import region_set_urban_flag


@login_required
def community_list_view(request: AuthedRequest) -> HttpResponse:
    prefix = region_prefix_for(request.user) or ""
    district = request.GET.get("district", "")
    scope = district if district.startswith(prefix[:6]) and district else prefix
    only = request.GET.get("only", "")
    qs = community_list(prefix=scope)
    if only == "urban":
        qs = qs.filter(is_urban_community=True)
    elif only == "other":
        qs = qs.filter(is_urban_community=False)
    search = request.GET.get("q", "").strip()
    if search:
        qs = qs.filter(name__icontains=search)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "regions/community_list.html",
        {
            "nav": "regions",
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "urban_count": community_list(prefix=scope, urban_only=True).count(),
            "total": community_list(prefix=scope).count(),
            "districts": district_list().filter(code__startswith=prefix[:6]),
            "district": district,
            "only": only,
            "q": search,
            "can_edit": can_configure_city(request.user),
        },
    )


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
    return redirect(request.POST.get("back") or "regions:community-list")
