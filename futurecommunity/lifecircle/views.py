"""Life-circle screens: analyses (list, new, detail with map, comparison, gap export),
street networks and the configuration catalogue. Thin adapters: parse → selector/service."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.common.errors import DomainError, ValidationFailed
from futurecommunity.lifecircle import access, excel, forms, presenters, selectors, services
from futurecommunity.lifecircle.models import (
    AnalysisParameter,
    FacilityKind,
    LifeCircleLevel,
    RunStatus,
    ServiceType,
)
from futurecommunity.lifecircle.networks import format_for
from futurecommunity.regions.models import RegionLevel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    selectors.scope_for(request.user)
    return redirect("lifecircle:run-list")


@login_required
@require_GET
def run_list(request: AuthedRequest) -> HttpResponse:
    runs = selectors.run_list_for(viewer=request.user)
    return render(request, "lifecircle/run_list.html", {"tab": "runs", "runs": runs})


@login_required
def run_create(request: AuthedRequest) -> HttpResponse:
    viewer = request.user
    form = forms.RunForm(
        request.POST or None,
        regions=selectors.analysis_regions_for(viewer=viewer),
        networks=selectors.network_list_for(viewer=viewer, ready_only=True),
        city=(services.CITY_CODE, services.CITY_NAME)
        if selectors.scope_for(viewer) == ""
        else None,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = services.analysis_run_submit(
                actor=viewer, network=d["network"], region_code=d["region"],
                name=d["name"].strip(), include_planned=d["include_planned"],
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("jobs:job-detail", job_id=run.job_id)
    return render(request, "lifecircle/run_form.html", {"tab": "runs", "form": form})


@login_required
@require_GET
def run_detail(request: AuthedRequest, run_id: int) -> HttpResponse:
    viewer = request.user
    run = selectors.run_get_for(viewer=viewer, run_id=run_id)
    context: dict[str, object] = {"tab": "runs", "run": run}
    if run.status != RunStatus.SUCCEEDED:
        context["parts"] = presenters.part_rows(run)
    if run.status == RunStatus.SUCCEEDED:
        catalogue = presenters.catalogue_of(run)
        context |= {
            "columns": presenters.level_columns(catalogue),
            "rows": presenters.result_rows(run),
            "streets": presenters.result_rows(run, RegionLevel.STREET),
            "map_data": presenters.map_data(run),
            "others": selectors.comparable_runs_for(viewer=viewer, run=run),
            "catalogue": catalogue,
        }
    return render(request, "lifecircle/run_detail.html", context)


@login_required
@require_GET
def run_compare(request: AuthedRequest, run_id: int) -> HttpResponse:
    """?other=<id>: this run is "before", the other one "after"."""
    viewer = request.user
    other = request.GET.get("other", "")
    before = selectors.run_get_for(viewer=viewer, run_id=run_id)
    after = selectors.run_get_for(viewer=viewer, run_id=int(other) if other.isdecimal() else 0)
    if before.status != RunStatus.SUCCEEDED or after.status != RunStatus.SUCCEEDED:
        messages.error(request, "只能对比两次已完成的分析。")
        return redirect("lifecircle:run-detail", run_id=run_id)
    return render(
        request,
        "lifecircle/run_compare.html",
        {
            "tab": "runs",
            "before": before,
            "after": after,
            "columns": presenters.level_columns(presenters.catalogue_of(after)),
            "rows": presenters.comparison_rows(before, after),
        },
    )


@login_required
@require_GET
def run_export_gaps(request: AuthedRequest, run_id: int) -> HttpResponse:
    viewer = request.user
    run = selectors.run_get_for(viewer=viewer, run_id=run_id)
    if run.status != RunStatus.SUCCEEDED:
        messages.error(request, "分析尚未完成，不能导出缺项清单。")
        return redirect("lifecircle:run-detail", run_id=run_id)
    gaps, header, coverage = presenters.gap_export_rows(run)
    catalogue = presenters.catalogue_of(run)
    now = timezone.localtime()
    content = excel.gaps_workbook(
        title=f"社区生活圈缺项清单：{run.name}（{run.reference}）",
        parameter_lines=[
            "各层级步行距离："
            + "、".join(f"{lv.name}{lv.max_distance_m:g}米" for lv in catalogue.levels),
            f"缺项判定：覆盖人口比例低于 {catalogue.min_covered_share:.0%} 即列入；"
            f"{'包括' if run.parameters.get('include_planned') else '不包括'}规划和在建设施。",
            f"路网：{run.network.name}；依据《绍兴市全域未来社区建设实施方案》二(四)“缺什么补什么”。",
        ],
        rows=gaps,
        coverage_headers=header,
        coverage_rows=coverage,
        exported_by=str(viewer),
        exported_at=now,
    )
    services.gap_export_record(actor=viewer, run=run, count=len(gaps))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''lifecircle-gaps-{run.pk}-{now:%Y%m%d-%H%M}.xlsx"
    )
    return response


@login_required
@require_GET
def network_list(request: AuthedRequest) -> HttpResponse:
    networks = selectors.network_list_for(viewer=request.user)
    return render(
        request, "lifecircle/network_list.html", {"tab": "networks", "networks": networks}
    )


def _store_upload(upload) -> Path:  # type: ignore[no-untyped-def]
    """Save an uploaded network file under MEDIA_ROOT/networks/uploads/ for the import job."""
    suffix = ".osm.pbf" if upload.name.lower().endswith(".osm.pbf") else Path(upload.name).suffix
    folder = Path(settings.MEDIA_ROOT) / "networks" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix.lower()}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


@login_required
def network_import(request: AuthedRequest) -> HttpResponse:
    viewer = request.user
    form = forms.NetworkImportForm(
        request.POST or None,
        request.FILES or None,
        regions=selectors.analysis_regions_for(viewer=viewer),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        path = _store_upload(d["file"])
        upload = services.NetworkUpload(
            name=d["name"], region_code=d["region"], source_format=format_for(d["file"].name) or "",
            source_name=d["file"].name[:200], stored_path=path, crs=d["crs"], datum=d["datum"],
            source_crs=d["source_crs"].strip(),
        )  # fmt: skip
        try:
            network = services.street_network_import_submit(actor=viewer, upload=upload)
        except DomainError as exc:
            path.unlink(missing_ok=True)
            form.add_error(None, exc.message)
        else:
            return redirect("jobs:job-detail", job_id=network.job_id)
    return render(request, "lifecircle/network_form.html", {"tab": "networks", "form": form})


@login_required
@require_GET
def network_detail(request: AuthedRequest, network_id: int) -> HttpResponse:
    network = selectors.network_get_for(viewer=request.user, network_id=network_id)
    return render(
        request, "lifecircle/network_detail.html", {"tab": "networks", "network": network}
    )


@login_required
@require_GET
def catalogue(request: AuthedRequest) -> HttpResponse:
    selectors.scope_for(request.user)
    return render(
        request,
        "lifecircle/catalogue.html",
        {
            "tab": "catalogue",
            "services": ServiceType.objects.all(),
            "levels": LifeCircleLevel.objects.all(),
            "kinds": FacilityKind.objects.select_related("service", "level"),
            "parameters": AnalysisParameter.objects.all(),
            "can_configure": access.can_configure(request.user),
        },
    )


def _config_edit(request: AuthedRequest, form, save) -> HttpResponse:  # type: ignore[no-untyped-def]
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationFailed as exc:
            messages.error(request, "；".join(m for ms in exc.errors.values() for m in ms))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "配置已保存；新发起的分析将使用新值。")
    else:
        messages.error(request, "；".join(e for es in form.errors.values() for e in es))
    return redirect("lifecircle:catalogue")


@login_required
@require_POST
def level_edit(request: AuthedRequest, code: str) -> HttpResponse:
    level = get_object_or_404(LifeCircleLevel, code=code)
    return _config_edit(
        request,
        forms.LevelForm(request.POST),
        lambda d: services.level_update(
            actor=request.user,
            level=level,
            minutes=d["minutes"],
            max_distance_m=d["max_distance_m"],
            reason=d["reason"],
        ),  # fmt: skip
    )


@login_required
@require_POST
def parameter_edit(request: AuthedRequest, key: str) -> HttpResponse:
    parameter = get_object_or_404(AnalysisParameter, key=key)
    return _config_edit(
        request,
        forms.ParameterForm(request.POST),
        lambda d: services.parameter_update(
            actor=request.user, parameter=parameter, value=d["value"], reason=d["reason"]
        ),
    )


@login_required
@require_POST
def kind_edit(request: AuthedRequest, code: str) -> HttpResponse:
    kind = get_object_or_404(FacilityKind, code=code)
    return _config_edit(
        request,
        forms.KindForm(request.POST),
        lambda d: services.facility_kind_update(
            actor=request.user,
            kind=kind,
            level=d["level"],
            serves_lower_levels=d["serves_lower_levels"],
            reason=d["reason"],
        ),  # fmt: skip
    )
