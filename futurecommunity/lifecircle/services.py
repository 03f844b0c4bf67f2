"""Every write of the life-circle app: facilities, residential points, networks, analysis runs
and configuration edits. Each checks permission (access.py), validates, writes and audits in
one transaction (house style §7)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.jobs.services import job_submit
from futurecommunity.lifecircle import access
from futurecommunity.lifecircle.catalogue import current_catalogue
from futurecommunity.lifecircle.models import (
    AnalysisParameter,
    AnalysisRun,
    Facility,
    FacilityKind,
    LifeCircleLevel,
    NetworkFormat,
    NetworkStatus,
    ResidentialPoint,
    ServiceType,
    StreetNetwork,
)
from futurecommunity.lifecircle.rules import (
    ConfigurationError,
    LevelDef,
    check_levels,
    parse_parameters,
)
from futurecommunity.regions.models import Region, RegionLevel

ANALYSIS_JOB = "lifecircle.analysis"
CITY_CODE, CITY_NAME = "3306", "绍兴市"  # a city-wide run: split into one job per district
NETWORK_IMPORT_JOB = "lifecircle.network_import"
UNDONE = "本次导入已全部撤销，未写入任何数据。"


@dataclass(frozen=True)
class FacilityInput:
    """One facility in WGS-84 (converted from the user's datum before it gets here)."""

    kind_code: str
    name: str
    lon: float
    lat: float
    region_code: str
    address: str = ""
    floor_area: Decimal | None = None
    capacity: int | None = None
    status: str = "open"
    operator: str = ""
    service_codes: tuple[str, ...] = field(default=())
    source: str = ""
    is_demo: bool = False


@dataclass(frozen=True)
class ResidentialInput:
    community_code: str
    name: str
    lon: float
    lat: float
    population: int
    source: str = ""
    is_demo: bool = False


def _region(code: str, what: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationFailed({"region_code": [f"{what}的区划代码“{code}”不存在。"]})
    return region


def _facility_build(actor: User, data: FacilityInput) -> tuple[Facility, list[ServiceType]]:
    kind = FacilityKind.objects.filter(code=data.kind_code).first()
    if kind is None:
        raise ValidationFailed({"kind": [f"设施类型“{data.kind_code}”不存在。"]})
    region = _region(data.region_code, f"设施“{data.name}”")
    if not access.can_edit_in(actor, region.code):
        raise PermissionDenied(f"您无权在“{region.name}”登记设施：只能登记本辖区内的设施。")
    services = list(ServiceType.objects.filter(code__in=data.service_codes))
    if kind.is_neighbourhood_centre and not services:
        raise ValidationFailed({"services": ["邻里中心须至少选择一项所含服务（二(四)）。"]})
    if not kind.is_neighbourhood_centre and services:
        raise ValidationFailed({"services": ["只有邻里中心可以填写所含服务。"]})
    facility = Facility(
        kind=kind, name=data.name, address=data.address, lon=data.lon, lat=data.lat,
        floor_area=data.floor_area, capacity=data.capacity, status=data.status,
        operator=data.operator, region_code=region.code, source=data.source,
        is_demo=data.is_demo, created_by=actor if actor.pk else None,
    )  # fmt: skip
    return facility, services


def facility_create(*, actor: User, data: FacilityInput) -> Facility:
    """Register one facility in the actor's territory; a centre must list its services."""
    facility, services = _facility_build(actor, data)
    with transaction.atomic():
        facility.save()
        facility.services.set(services)
        audit_record(
            actor=actor,
            action="facility.create",
            subject=facility,
            reference=facility.name,
            region_code=facility.region_code,
            changes={"kind": [None, data.kind_code], "lonlat": [None, [data.lon, data.lat]]},
        )
    return facility


def _scope_code(actor: User) -> str:
    return region_prefix_for(actor) or ""


def facility_import(*, actor: User, rows: Sequence[FacilityInput], source: str) -> list[Facility]:
    """All rows or none: any refusal rolls the whole import back."""
    if not rows:
        raise DomainError("import_empty", "没有可导入的设施。")
    created: list[Facility] = []
    with transaction.atomic():
        for position, data in enumerate(rows, start=1):
            try:
                facility, services = _facility_build(actor, data)
            except PermissionDenied as exc:
                raise PermissionDenied(
                    f"第 {position} 个设施“{data.name}”未能导入：{exc.message}{UNDONE}"
                ) from exc
            except DomainError as exc:
                raise DomainError(
                    exc.code, f"第 {position} 个设施“{data.name}”未能导入：{exc.message}{UNDONE}"
                ) from exc
            facility.save()
            facility.services.set(services)
            created.append(facility)
        audit_record(
            actor=actor,
            action="facility.import",
            subject_type="lifecircle.facility",
            region_code=_scope_code(actor),
            changes={"ids": [None, [f.pk for f in created]]},
            reason=f"从“{source}”导入 {len(created)} 个设施",
        )
    return created


def residential_point_import(
    *, actor: User, rows: Sequence[ResidentialInput], source: str
) -> list[ResidentialPoint]:
    """All rows or none; every community must be in the actor's territory."""
    if not rows:
        raise DomainError("import_empty", "没有可导入的居住点。")
    codes = {row.community_code for row in rows}
    communities = {
        r.code: r for r in Region.objects.filter(code__in=codes, level=RegionLevel.COMMUNITY)
    }
    points = []
    for position, row in enumerate(rows, start=1):
        community = communities.get(row.community_code)
        if community is None or not access.can_edit_in(actor, community.code):
            raise PermissionDenied(
                f"第 {position} 个居住点未能导入：社区“{row.community_code}”不存在或不在您的辖区内。"
                + UNDONE
            )
        points.append(
            ResidentialPoint(
                community=community, name=row.name, lon=row.lon, lat=row.lat,
                population=row.population, source=row.source or source, is_demo=row.is_demo,
            )
        )  # fmt: skip
    with transaction.atomic():
        created = ResidentialPoint.objects.bulk_create(points)
        audit_record(
            actor=actor,
            action="residential_point.import",
            subject_type="lifecircle.residentialpoint",
            region_code=_scope_code(actor),
            changes={
                "count": [None, len(created)],
                "population": [None, sum(r.population for r in rows)],
            },
            reason=f"从“{source}”导入 {len(created)} 个居住点",
        )
    return created


@dataclass(frozen=True)
class NetworkUpload:
    name: str
    region_code: str
    source_format: str
    source_name: str
    stored_path: Path  # the uploaded file, already saved under MEDIA_ROOT/networks/uploads/
    crs: str
    datum: str = "wgs84"
    source_crs: str = ""
    is_demo: bool = False


def street_network_import_submit(*, actor: User, upload: NetworkUpload) -> StreetNetwork:
    """Register the network and queue its import job (reading can take minutes for a city)."""
    region = _region(upload.region_code, "路网所属区域")
    if not access.can_edit_in(actor, region.code):
        raise PermissionDenied(f"您无权为“{region.name}”导入路网。")
    if upload.source_format not in NetworkFormat.values:
        raise ValidationFailed({"source_format": ["不支持的路网文件格式。"]})
    with transaction.atomic():
        network = StreetNetwork.objects.create(
            name=upload.name, region_code=region.code, source_format=upload.source_format,
            source_name=upload.source_name, crs=upload.crs, is_demo=upload.is_demo,
            created_by=actor if actor.pk else None,
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="street_network.import",
            subject=network,
            reference=network.name,
            region_code=region.code,
            changes={"source": [None, upload.source_name], "crs": [None, upload.crs]},
        )
        network.job = job_submit(
            actor=actor,
            kind=NETWORK_IMPORT_JOB,
            title=f"导入步行路网：{network.name}",
            params={
                "network_id": network.pk,
                "path": str(upload.stored_path),
                "datum": upload.datum,
                "source_crs": upload.source_crs,
            },  # fmt: skip
            region_code=region.code,
        )
        network.save(update_fields=["job", "updated_at"])
    return network


def analysis_run_prepare(
    *, actor: User, network: StreetNetwork, region_code: str, name: str, include_planned: bool
) -> AnalysisRun:
    """Register an analysis of the residents of ``region_code`` on ``network``, freezing the
    current configuration into the run so later edits do not change its meaning. Must run
    inside the caller's transaction (it writes the audit entry)."""
    region = (
        Region(code=CITY_CODE, name=CITY_NAME)
        if region_code == CITY_CODE
        else _region(region_code, "分析范围")
    )
    if not access.can_edit_in(actor, region.code):
        raise PermissionDenied(f"您无权对“{region.name}”发起生活圈分析。")
    if not access.can_use_network(actor, network.region_code):
        raise PermissionDenied("您无权使用该路网。")
    if network.status != NetworkStatus.READY:
        raise DomainError("network_not_ready", "该路网尚未导入成功，不能用于分析。")
    if not ResidentialPoint.objects.filter(community__code__startswith=region.code).exists():
        raise DomainError("no_residents", f"“{region.name}”还没有居住点数据，请先导入居住点。")
    try:
        catalogue = current_catalogue()
    except ConfigurationError as exc:
        raise DomainError("configuration", str(exc)) from exc
    run = AnalysisRun.objects.create(
        name=name or f"{region.name}生活圈分析",
        network=network,
        region_code=region.code,
        parameters={"catalogue": catalogue.to_json(), "include_planned": include_planned},
        is_demo=network.is_demo,
        created_by=actor if actor.pk else None,
    )
    audit_record(
        actor=actor,
        action="analysis_run.submit",
        subject=run,
        reference=run.reference,
        region_code=region.code,
        changes={"network": [None, network.pk], "include_planned": [None, include_planned]},
    )
    return run


def analysis_run_submit(
    *, actor: User, network: StreetNetwork, region_code: str, name: str, include_planned: bool
) -> AnalysisRun:
    """Register the run and queue it as a background job (progress on the job page)."""
    with transaction.atomic():
        run = analysis_run_prepare(
            actor=actor,
            network=network,
            region_code=region_code,
            name=name,
            include_planned=include_planned,
        )
        run.job = job_submit(
            actor=actor,
            kind=ANALYSIS_JOB,
            title=f"生活圈分析：{run.name}",
            params={"run_id": run.pk},
            region_code=run.region_code,
        )
        run.save(update_fields=["job", "updated_at"])
    return run


def gap_export_record(*, actor: User, run: AnalysisRun, count: int) -> None:
    """Exports are audited (house style §10)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="analysis_run.export_gaps",
            subject=run,
            reference=run.reference,
            region_code=run.region_code,
            changes={"count": [None, count]},
        )


def _configuration_edit(actor: User, row: Any, changes: dict[str, Any], reason: str) -> None:
    if not access.can_configure(actor):
        raise PermissionDenied("只有市风貌办可以修改生活圈配置。")
    if not reason.strip():
        raise ValidationFailed({"reason": ["请说明修改依据（如正式发布的导则或标准条文）。"]})
    before = {name: getattr(row, name) for name in changes}
    for name, value in changes.items():
        setattr(row, name, value)
    row.is_edited = True
    row.confidence = "local"
    row.save()
    audit_record(
        actor=actor,
        action=f"{row._meta.model_name}.update",
        subject=row,
        reference=getattr(row, "code", "") or getattr(row, "key", ""),
        changes={k: [str(before[k]), str(v)] for k, v in changes.items() if before[k] != v},
        reason=reason.strip(),
    )


def level_update(
    *, actor: User, level: LifeCircleLevel, minutes: int, max_distance_m: float, reason: str
) -> LifeCircleLevel:
    """The city office sets a level's walking time and distance; levels must stay ordered."""
    with transaction.atomic():
        levels = [
            LevelDef(lv.code, lv.name, minutes if lv.pk == level.pk else lv.minutes,
                     max_distance_m if lv.pk == level.pk else lv.max_distance_m)
            for lv in LifeCircleLevel.objects.select_for_update()
        ]  # fmt: skip
        try:
            check_levels(levels)
        except ConfigurationError as exc:
            raise ValidationFailed({"max_distance_m": [str(exc)]}) from exc
        _configuration_edit(
            actor, level, {"minutes": minutes, "max_distance_m": max_distance_m}, reason
        )
    return level


def parameter_update(
    *, actor: User, parameter: AnalysisParameter, value: str, reason: str
) -> AnalysisParameter:
    """The city office sets an analysis parameter; the whole set must still parse."""
    with transaction.atomic():
        values = dict(AnalysisParameter.objects.select_for_update().values_list("key", "value"))
        values[parameter.key] = value.strip()
        try:
            parse_parameters(values)
        except ConfigurationError as exc:
            raise ValidationFailed({"value": [str(exc)]}) from exc
        _configuration_edit(actor, parameter, {"value": value.strip()}, reason)
    return parameter


def facility_kind_update(
    *,
    actor: User,
    kind: FacilityKind,
    level: LifeCircleLevel,
    serves_lower_levels: bool,
    reason: str,
) -> FacilityKind:
    """The city office moves a facility kind to another level."""
    with transaction.atomic():
        _configuration_edit(
            actor, kind, {"level": level, "serves_lower_levels": serves_lower_levels}, reason
        )
    return kind
