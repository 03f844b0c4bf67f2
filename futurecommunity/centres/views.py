"""Thin views: parse → selector/service → render. Out of scope = 404 (selectors); a viewer
in scope who may not write gets 403; a refusal shows the service's Chinese sentence."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.centres import access, documents, forms, rules, selectors, services
from futurecommunity.centres.models import (
    CentreStatus,
    ModuleState,
    PlanItem,
    ScenarioMode,
    SizeRule,
)
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.forms import add_service_errors
from futurecommunity.common.xlsx import xlsx_response
from futurecommunity.regions.models import Region

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _call(form: Any, fn: Callable[[], Any]) -> Any:
    """Run a service; a permission refusal is 403, any other refusal goes onto the form."""
    try:
        return fn()
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except DomainError as exc:
        add_service_errors(form, exc)
    return None


def _ctx(tab: str, **extra: Any) -> dict[str, Any]:
    return {"nav": "centres", "tab": tab, **extra}


# --------------------------------------------------------------------------- centres


@login_required
@require_GET
def centre_list(request: AuthedRequest) -> HttpResponse:
    centres = list(selectors.centre_list_for(viewer=request.user))
    prefix = selectors.scope_for(request.user)
    counts: dict[str, int] = {}
    for c in centres:
        for community in c.communities.all():
            counts[community.code] = counts.get(community.code, 0) + 1
    urban = Region.objects.filter(
        level="community", is_urban_community=True, code__startswith=prefix
    ).values_list("code", "name")
    names = dict(urban)
    flags = rules.community_flags({code: counts.get(code, 0) for code in names} | counts)
    flagged = [
        (names.get(code, code), text)
        for code, text in sorted(flags.items())
        if code in names or code in counts
    ]
    return render(
        request, "centres/centre_list.html",
        _ctx("centres", centres=centres, flagged=flagged[:200], flagged_count=len(flagged),
             can_edit=access.can_edit_in(request.user, prefix)),
    )  # fmt: skip


def _centre_input(d: dict[str, Any], is_demo: bool = False) -> services.CentreInput:
    modules = tuple(
        services.ModuleInput(
            code, d[f"m_{code}_state"], d[f"m_{code}_area"] or Decimal(0), d[f"m_{code}_operator"]
        )
        for code in rules.SEVEN
    )
    codes = tuple(
        c.strip() for c in d["community_codes"].replace("，", ",").split(",") if c.strip()
    )
    return services.CentreInput(
        name=d["name"], street_code=d["street_code"], community_codes=codes[:20],
        host_building=d["host_building"], merged_with_party_centre=d["merged_with_party_centre"],
        total_area=d["total_area"], activity_area=d["activity_area"], households=d["households"],
        lon=d["lon"], lat=d["lat"], planned_year=d["planned_year"], modules=modules,
        is_demo=is_demo,
    )  # fmt: skip


@login_required
def centre_create(request: AuthedRequest) -> HttpResponse:
    prefix = selectors.scope_for(request.user)
    if not access.can_edit_in(request.user, prefix):
        raise Forbidden("您没有登记邻里中心的权限。")
    form = forms.CentreForm(request.POST or None, prefix_code=prefix)
    if request.method == "POST" and form.is_valid():
        centre = _call(
            form,
            lambda: services.centre_create(
                actor=request.user, data=_centre_input(form.cleaned_data)
            ),
        )
        if centre:
            messages.success(request, "邻里中心已登记。")
            return redirect("centres:centre-detail", centre_id=centre.pk)
    return render(request, "centres/form.html", _ctx("centres", form=form, title="登记邻里中心"))


@login_required
def centre_edit(request: AuthedRequest, centre_id: int) -> HttpResponse:
    centre = selectors.centre_get_for(viewer=request.user, centre_id=centre_id)
    if not access.can_edit_in(request.user, centre.region_code):
        raise Forbidden("您没有修改该邻里中心的权限。")
    initial: dict[str, Any] = {
        "name": centre.name, "street_code": centre.region_code,
        "community_codes": ",".join(c.code for c in centre.communities.all()),
        "host_building": centre.host_building, "merged_with_party_centre": centre.merged_with_party_centre,
        "total_area": centre.total_area, "activity_area": centre.activity_area,
        "households": centre.households, "lon": centre.lon, "lat": centre.lat,
        "planned_year": centre.planned_year,
    }  # fmt: skip
    for m in centre.modules.select_related("service"):
        initial |= {f"m_{m.service.code}_state": m.state, f"m_{m.service.code}_area": m.area,
                    f"m_{m.service.code}_operator": m.operator}  # fmt: skip
    form = forms.CentreForm(request.POST or None, initial=initial, prefix_code=centre.region_code)
    if request.method == "POST" and form.is_valid():
        done = _call(form, lambda: services.centre_update(
            actor=request.user, centre=centre, data=_centre_input(form.cleaned_data, centre.is_demo)))  # fmt: skip
        if done:
            messages.success(request, "邻里中心已保存。")
            return redirect("centres:centre-detail", centre_id=centre.pk)
    return render(
        request, "centres/form.html", _ctx("centres", form=form, title=f"修改：{centre.name}")
    )


@login_required
@require_GET
def centre_detail(request: AuthedRequest, centre_id: int) -> HttpResponse:
    centre = selectors.centre_get_for(viewer=request.user, centre_id=centre_id)
    order = list(CentreStatus.values)
    following = (
        order[order.index(centre.status) + 1] if centre.status != CentreStatus.OPEN else None
    )
    return render(
        request, "centres/centre_detail.html",
        _ctx("centres", centre=centre, findings=selectors.centre_findings(centre),
             modules=centre.modules.select_related("service", "facility"),
             following=following, following_label=dict(CentreStatus.choices).get(following or "", ""),
             can_edit=access.can_edit_in(request.user, centre.region_code)),
    )  # fmt: skip


@login_required
@require_POST
def centre_advance(request: AuthedRequest, centre_id: int) -> HttpResponse:
    centre = selectors.centre_get_for(viewer=request.user, centre_id=centre_id)
    try:
        services.centre_advance(
            actor=request.user, centre=centre, status=request.POST.get("status", "")
        )
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"状态已变更为“{centre.get_status_display()}”。")
    return redirect("centres:centre-detail", centre_id=centre.pk)


# --------------------------------------------------------------------------- sites


@login_required
@require_GET
def site_list(request: AuthedRequest) -> HttpResponse:
    sites = list(selectors.site_list_for(viewer=request.user).select_related("agreement")[:1000])
    rows = [(s, selectors.site_refusal(s), selectors.land_state(s)) for s in sites]
    prefix = region_prefix_for(request.user)
    return render(
        request, "centres/site_list.html",
        _ctx("sites", rows=rows, can_edit=prefix is not None and access.can_edit_in(request.user, prefix)),
    )  # fmt: skip


def _site_input(d: dict[str, Any]) -> services.SiteInput:
    return services.SiteInput(
        kind=d["kind"], name=d["name"], street_code=d["street_code"], address=d["address"],
        lon=d["lon"], lat=d["lat"], area=d["area"], cost=d["cost"],
        community_code=d["community_code"].strip(), owner_code=d["owner_code"],
        current_use=d["current_use"], idle_since=d["idle_since"], condition=d["condition"],
        land_type=d["land_type"], project_reference=d["project_reference"].strip(),
    )  # fmt: skip


@login_required
def site_create(request: AuthedRequest) -> HttpResponse:
    prefix = selectors.scope_for(request.user)
    if not access.can_edit_in(request.user, prefix):
        raise Forbidden("您没有登记候选点位的权限。")
    form = forms.SiteForm(request.POST or None, prefix_code=prefix)
    if request.method == "POST" and form.is_valid():
        site = _call(
            form,
            lambda: services.site_create(actor=request.user, data=_site_input(form.cleaned_data)),
        )
        if site:
            messages.success(request, "候选点位已登记；闲置用房已通知产权单位确认。")
            return redirect("centres:site-detail", site_id=site.pk)
    return render(request, "centres/form.html", _ctx("sites", form=form, title="登记候选点位"))


@login_required
def site_import(request: AuthedRequest) -> HttpResponse:
    prefix = selectors.scope_for(request.user)
    if not access.can_edit_in(request.user, prefix):
        raise Forbidden("您没有导入候选点位的权限。")
    if request.GET.get("template"):
        return xlsx_response(documents.template_workbook(), "候选点位导入模板.xlsx")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    created = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            form.add_error("file", "文件不能超过5MB。")
        else:
            created = _call(form, lambda: services.site_import(
                actor=request.user, rows=documents.parse_sites(upload.read())))  # fmt: skip
        if created:
            messages.success(request, f"已导入 {len(created)} 个候选点位。")
            return redirect("centres:site-list")
    errors: list[str] = [str(e) for e in form.errors.get("rows", [])] if form.errors else []
    return render(request, "centres/site_import.html", _ctx("sites", form=form, row_errors=errors))


@login_required
@require_GET
def site_detail(request: AuthedRequest, site_id: int) -> HttpResponse:
    site = selectors.site_get_for(viewer=request.user, site_id=site_id)
    agreement = getattr(site, "agreement", None)
    return render(
        request, "centres/site_detail.html",
        _ctx("sites", site=site, agreement=agreement, refusal=selectors.site_refusal(site),
             can_edit=access.can_edit_in(request.user, site.region_code),
             can_confirm=access.can_confirm_as_owner(request.user, site.owner_id) and site.owner_confirmed_at is None,
             land=selectors.land_state(site),
             consent_form=forms.LandProjectForm(
                 initial={"project_reference": site.project.reference if site.project else ""})),
    )  # fmt: skip


@login_required
@require_POST
def site_confirm(request: AuthedRequest, site_id: int) -> HttpResponse:
    site = selectors.site_get_for(viewer=request.user, site_id=site_id)
    try:
        services.site_confirm(actor=request.user, site=site)
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已确认该闲置用房，已通知所在街道签订借用协议。")
    return redirect("centres:site-detail", site_id=site.pk)


@login_required
@require_POST
def site_consent(request: AuthedRequest, site_id: int) -> HttpResponse:
    site = selectors.site_get_for(viewer=request.user, site_id=site_id)
    form = forms.LandProjectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写所属未来社区项目编号。")
    else:
        try:
            services.land_project_link(
                actor=request.user, site=site,
                project_reference=form.cleaned_data["project_reference"],
            )  # fmt: skip
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ValidationFailed as exc:
            messages.error(request, "；".join(m for ms in exc.errors.values() for m in ms))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已关联所属项目；公示与利害关系人同意情况以该项目为准。")
    return redirect("centres:site-detail", site_id=site.pk)


@login_required
def site_agreement(request: AuthedRequest, site_id: int) -> HttpResponse:
    site = selectors.site_get_for(viewer=request.user, site_id=site_id)
    if not access.can_edit_in(request.user, site.region_code):
        raise Forbidden("只有点位所在街道或上级风貌办可以上传借用协议。")
    form = forms.AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.AgreementInput(
            d["parties"], d["term_start"], d["term_end"], d["use"], d["signed_on"]
        )
        done = _call(
            form,
            lambda: services.agreement_attach(
                actor=request.user, site=site, data=data, upload=d["file"]
            ),
        )
        if done:
            messages.success(request, "借用协议已登记。")
            return redirect("centres:site-detail", site_id=site.pk)
    return render(
        request,
        "centres/form.html",
        _ctx("sites", form=form, title=f"借用协议：{site.name}", multipart=True),
    )


@login_required
@require_GET
def agreement_download(request: AuthedRequest, site_id: int) -> HttpResponseBase:
    site = selectors.site_get_for(viewer=request.user, site_id=site_id)
    agreement = getattr(site, "agreement", None)
    if agreement is None:
        raise Http404("该点位没有借用协议。")
    from django.http import FileResponse

    return FileResponse(agreement.file.open("rb"), as_attachment=True, filename=agreement.file_name)


# --------------------------------------------------------------------------- scenarios


def _district_for(request: AuthedRequest) -> str:
    prefix = selectors.scope_for(request.user)
    district = request.GET.get("district", "") or request.POST.get("district", "")
    if len(prefix) == 6:
        return prefix
    if prefix == "" and len(district) == 6 and district.isdigit():
        return district
    if prefix == "":
        return "330602"
    return prefix[:6]


def _district_label(code: str) -> str:
    region = Region.objects.filter(code=code).first()
    return region.name if region else code


@login_required
@require_GET
def scenario_list(request: AuthedRequest) -> HttpResponse:
    scenarios = list(selectors.scenario_list_for(viewer=request.user)[:200])
    names = dict(Region.objects.filter(level="district").values_list("code", "name"))
    for s in scenarios:
        s.district_name = names.get(s.district_code, s.district_code)  # type: ignore[attr-defined]
    compare = [s for s in scenarios if str(s.pk) in request.GET.getlist("compare")]
    prefix = selectors.scope_for(request.user)
    return render(
        request, "centres/scenario_list.html",
        _ctx("scenarios", scenarios=scenarios, compare=compare,
             can_plan=len(prefix) <= 6 and access.can_plan(request.user, _district_for(request)),
             districts=Region.objects.filter(level="district").order_by("code") if prefix == "" else None),
    )  # fmt: skip


@login_required
def scenario_create(request: AuthedRequest) -> HttpResponse:
    district = _district_for(request)
    if not access.can_plan(request.user, district):
        raise Forbidden("布点测算由区、县（市）风貌办或市风貌办开展（方案二(四)）。")
    sites = selectors.site_list_for(viewer=request.user).filter(region_code__startswith=district)
    form = forms.ScenarioForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.ScenarioInput(
            district_code=district, name=d["name"], services=tuple(d["services"]), radius_m=d["radius_m"],
            mode=d["mode"], centres=d["centres"] if d["mode"] == ScenarioMode.MCLP else None,
            target_share=(d["target_share"] / 100) if d["mode"] == ScenarioMode.COVER and d["target_share"] else None,
            one_per_community=d["one_per_community"], site_ids=tuple(s.pk for s in d["sites"]),
            fill_every_community=d["fill_every_community"],
            budget_per_year=d["budget_per_year"], count_per_year=d["count_per_year"],
            first_year=d["first_year"],
        )  # fmt: skip
        scenario = _call(form, lambda: services.scenario_submit(actor=request.user, data=data))
        if scenario:
            return redirect("centres:scenario-detail", scenario_id=scenario.pk)
    return render(
        request,
        "centres/form.html",
        _ctx("scenarios", form=form, title=f"新建布点测算方案（{_district_label(district)}）"),
    )


@login_required
@require_GET
def scenario_detail(request: AuthedRequest, scenario_id: int) -> HttpResponse:
    scenario = selectors.scenario_get_for(viewer=request.user, scenario_id=scenario_id)
    sites = {s.pk: s for s in scenario.candidates.all()}
    chosen = []
    for c in scenario.result.get("chosen", []):
        site = sites.get(c["site_id"])
        chosen.append((c, site, selectors.site_refusal(site) if site else None))
    map_data = {
        "points": scenario.result.get("points", []),
        "sites": [{"id": c["site_id"], "name": c["name"], "lon": c["lon"], "lat": c["lat"], "year": None}
                  for c in scenario.result.get("chosen", [])],
    }  # fmt: skip
    return render(
        request, "centres/scenario_detail.html",
        _ctx("scenarios", scenario=scenario, chosen=chosen, result=scenario.result, map_data=map_data,
             can_plan=access.can_plan(request.user, scenario.district_code)),
    )  # fmt: skip


@login_required
@require_POST
def scenario_adopt(request: AuthedRequest, scenario_id: int) -> HttpResponse:
    scenario = selectors.scenario_get_for(viewer=request.user, scenario_id=scenario_id)
    try:
        plan = services.plan_adopt(actor=request.user, scenario=scenario)
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("centres:scenario-detail", scenario_id=scenario.pk)
    messages.success(request, "已确定为布点规划，并生成三年建设计划和规划中的邻里中心。")
    return redirect("centres:plan-detail", plan_id=plan.pk)


# --------------------------------------------------------------------------- plans


@login_required
@require_GET
def plan_list(request: AuthedRequest) -> HttpResponse:
    plans = list(selectors.plan_list_for(viewer=request.user).filter(is_current=True))
    names = dict(Region.objects.filter(level="district").values_list("code", "name"))
    rows = []
    for plan in plans:
        items = list(plan.items.select_related("centre"))
        years: dict[int, dict[str, int]] = {}
        for item in items:
            y = years.setdefault(item.year, {"planned": 0, "building": 0, "open": 0})
            y[item.centre.status if item.centre else "planned"] += 1
        rows.append({"plan": plan, "district": names.get(plan.district_code, plan.district_code),
                     "count": len(items), "gain": round(sum(i.newly_covered for i in items)),
                     "years": sorted(years.items())})  # fmt: skip
    return render(request, "centres/plan_list.html", _ctx("plans", rows=rows))


@login_required
@require_GET
def plan_detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get_for(viewer=request.user, plan_id=plan_id)
    items = list(
        plan.items.select_related("site", "site__community", "centre").order_by("year", "rank")
    )
    by_year: dict[int, dict[str, Any]] = {}
    for item in items:
        y = by_year.setdefault(item.year, {"count": 0, "cost": Decimal(0), "gain": 0.0})
        y["count"] += 1
        y["cost"] += item.cost
        y["gain"] += item.newly_covered
    cumulative, running = [], plan.baseline_population
    for year, y in sorted(by_year.items()):
        running += y["gain"]
        cumulative.append((year, y["count"], y["cost"], round(y["gain"]), round(running)))
    map_data = {
        "points": plan.scenario.result.get("points", []),
        "sites": [{"id": i.site_id, "name": i.site.name, "lon": i.site.lon, "lat": i.site.lat, "year": i.year}
                  for i in items],
    }  # fmt: skip
    return render(
        request, "centres/plan_detail.html",
        _ctx("plans", plan=plan, items=items, cumulative=cumulative, map_data=map_data,
             years=list(range(plan.first_year, plan.first_year + 4)),
             can_plan=access.can_plan(request.user, plan.district_code), result=plan.scenario.result),
    )  # fmt: skip


@login_required
@require_POST
def plan_item_move(request: AuthedRequest, plan_id: int, item_id: int) -> HttpResponse:
    plan = selectors.plan_get_for(viewer=request.user, plan_id=plan_id)
    item = get_object_or_404(PlanItem, pk=item_id, plan=plan)
    try:
        year = int(request.POST.get("year", "0"))
    except ValueError:
        year = 0
    try:
        services.plan_item_move(actor=request.user, item=item, year=year)
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except ValidationFailed as exc:
        messages.error(request, "；".join(m for ms in exc.errors.values() for m in ms))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"“{item.site.name}”已调整到 {year} 年。")
    return redirect("centres:plan-detail", plan_id=plan.pk)


@login_required
@require_GET
def plan_export(request: AuthedRequest, plan_id: int, fmt: str) -> HttpResponse:
    plan = selectors.plan_get_for(viewer=request.user, plan_id=plan_id)
    from futurecommunity.audit.services import audit_record

    audit_record(actor=request.user, action=f"layout_plan.export_{fmt}", subject=plan,
                 reference=plan.name, region_code=plan.district_code)  # fmt: skip
    if fmt == "xlsx":
        content = documents.plan_workbook(
            plan, exported_by=request.user.get_full_name() or request.user.username,
            exported_at=timezone.localtime(),
        )  # fmt: skip
        return xlsx_response(content, f"{plan.name}.xlsx")
    if fmt == "docx":
        response = HttpResponse(
            documents.plan_docx(plan, result=plan.scenario.result), content_type=DOCX
        )
        from django.utils.http import content_disposition_header

        response["Content-Disposition"] = content_disposition_header(True, f"{plan.name}.docx")
        return response
    raise Http404("没有这种导出格式。")


# --------------------------------------------------------------------------- size rules


@login_required
@require_GET
def rule_list(request: AuthedRequest) -> HttpResponse:
    selectors.scope_for(request.user)
    rules_ = SizeRule.objects.prefetch_related("changes__changed_by")
    return render(
        request, "centres/rule_list.html",
        _ctx("rules", rules=rules_, can_configure=access.can_configure(request.user)),
    )  # fmt: skip


@login_required
def rule_edit(request: AuthedRequest, key: str) -> HttpResponse:
    selectors.scope_for(request.user)
    rule = get_object_or_404(SizeRule, key=key)
    if not access.can_configure(request.user):
        raise Forbidden("邻里中心规模参数由市风貌办统一设置。")
    form = forms.RuleForm(
        request.POST or None,
        initial={"value": rule.value, "confidence": rule.confidence, "source": rule.source},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _call(form, lambda: services.size_rule_update(
            actor=request.user, rule=rule, value=d["value"], confidence=d["confidence"], source=d["source"]))  # fmt: skip
        if done:
            messages.success(request, f"“{rule.name}”已修改，修改记录已保存。")
            return redirect("centres:rule-list")
    return render(
        request, "centres/form.html", _ctx("rules", form=form, title=f"修改参数：{rule.name}")
    )


__all__ = ["ModuleState"]
