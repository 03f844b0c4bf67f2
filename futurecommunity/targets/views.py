"""Dashboard (programme position) and plan-target screens. Thin adapters over selectors/services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from futurecommunity.accounts.access import can_configure_city
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.common.errors import DomainError
from futurecommunity.common.time import parse_date, today_local
from futurecommunity.targets import presenters
from futurecommunity.targets.selectors import plan_target_list_for, programme_view_for
from futurecommunity.targets.services import plan_target_update


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    try:
        as_of = parse_date(request.GET["as_of"]) if request.GET.get("as_of") else today_local()
    except ValueError as exc:
        messages.error(request, str(exc))
        as_of = today_local()
    view = programme_view_for(viewer=request.user, as_of=as_of)
    if view is None:
        return render(request, "targets/dashboard_empty.html", {"nav": "dashboard"})
    context = presenters.dashboard_context(view)
    return render(
        request, "targets/dashboard.html", {"nav": "dashboard", "as_of": as_of, **context}
    )


@login_required
def plan_target_list(request: AuthedRequest) -> HttpResponse:
    targets = plan_target_list_for(viewer=request.user)
    return render(
        request,
        "targets/plan_target_list.html",
        {
            "nav": "targets",
            "rows": presenters.target_table(targets),
            "can_edit": can_configure_city(request.user),
        },
    )


@login_required
@require_POST
def plan_target_edit(request: AuthedRequest, target_id: int) -> HttpResponse:
    try:
        value = int(request.POST.get("value", ""))
    except ValueError:
        messages.error(request, "目标数须为非负整数。")
        return redirect("plan-target-list")
    try:
        plan_target_update(
            actor=request.user,
            target_id=target_id,
            value=value,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "年度建设计划已调整，调整记录已存档。")
    return redirect("plan-target-list")
