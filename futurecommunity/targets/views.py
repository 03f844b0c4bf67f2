"""Dashboard (programme position) and plan-target screens. Thin adapters over selectors/services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from futurecommunity.accounts.access import can_configure_city, region_prefix_for
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError
from futurecommunity.common.time import parse_as_of, today_local
from futurecommunity.common.xlsx import Column, list_workbook, xlsx_response
from futurecommunity.regions.selectors import community_list, street_list
from futurecommunity.targets import presenters
from futurecommunity.targets.selectors import (
    denominator_for,
    district_projects,
    forecast_for,
    plan_target_list_for,
    programme_view_for,
    urban_codes,
)
from futurecommunity.targets.services import plan_target_update
from futurecommunity.targets.street_dashboard import street_dashboard_context


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except ValueError as exc:
        messages.error(request, str(exc))
        as_of = today_local()
    street = street_dashboard_context(viewer=request.user, as_of=as_of)
    if street is not None:
        context = {"nav": "dashboard", "as_of": as_of, **street}
        return render(request, "targets/dashboard_street.html", context)
    view = programme_view_for(viewer=request.user, as_of=as_of)
    if view is None:
        return render(request, "targets/dashboard_empty.html", {"nav": "dashboard"})
    context = presenters.dashboard_context(view, district_projects(prefix=view.prefix))
    context["at_risk"] = [p for p in forecast_for(view) if p.at_risk]
    context["street_drill"] = presenters.street_drill(
        view,
        street_list().values_list("code", "name", "district_code"),
        urban_codes(prefix=view.prefix),
    )
    context["denominator"] = denominator_for(community_list(urban_only=True).count())
    return render(
        request, "targets/dashboard.html", {"nav": "dashboard", "as_of": as_of, **context}
    )


@login_required
def plan_target_list(request: AuthedRequest) -> HttpResponse:
    targets = plan_target_list_for(viewer=request.user)
    rows = presenters.target_table(targets)
    return render(
        request,
        "targets/plan_target_list.html",
        {
            "nav": "targets",
            "rows": rows,
            "total": sum(r["subtotal"] for r in rows),
            "can_edit": can_configure_city(request.user),
        },
    )


PLAN_TARGET_COLUMNS = (
    Column("区、县（市）", 14),
    Column("年度", 8),
    Column("等级", 8),
    Column("计划数", 8),
    Column("出处", 40),
    Column("可信度", 10),
)


@login_required
@require_GET
def plan_target_export(request: AuthedRequest) -> HttpResponse:
    """The plan table the viewer sees (the same scoped selector as the page), audited."""
    rows = [
        (t.district.name, t.year, t.get_level_display(), t.target, t.source,
         t.get_confidence_display())
        for target_row in presenters.target_table(plan_target_list_for(viewer=request.user))
        for t in target_row["cells"]
        if t is not None
    ]  # fmt: skip
    now = timezone.localtime()
    content = list_workbook(
        title="年度建设计划",
        columns=PLAN_TARGET_COLUMNS,
        rows=rows,
        exported_by=str(request.user),
        exported_at=now,
    )
    audit_record(
        actor=request.user,
        action="plan_target.export",
        subject_type="plan_target",
        region_code=region_prefix_for(request.user) or "",
        changes={"filters": [None, {}], "rows": [None, len(rows)]},
        reason=f"导出年度建设计划 {len(rows)} 条。",
    )
    return xlsx_response(content, f"年度建设计划-{now:%Y%m%d-%H%M}.xlsx")


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
