"""Every write of the centres app: permission → validate → write + audit, one transaction.

Refusals raise ``DomainError`` with a Chinese sentence citing the clause; nothing is written.
Hand-offs notify whoever acts next (an owner organisation asked to confirm its building; the
streets whose sites enter an adopted plan).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from futurecommunity.accounts.models import Organisation, Role, User
from futurecommunity.audit.services import audit_record
from futurecommunity.centres import access, rules, selectors
from futurecommunity.centres.models import (
    CandidateSite,
    CentreModule,
    CentreStatus,
    Confidence,
    LandType,
    LayoutPlan,
    LendingAgreement,
    ModuleState,
    NeighbourhoodCentre,
    PlanItem,
    ScenarioMode,
    ScenarioStatus,
    SiteKind,
    SitingScenario,
    SizeRule,
    SizeRuleChange,
)
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.uploads import upload_check
from futurecommunity.lifecircle.models import Facility, FacilityKind, FacilityStatus, ServiceType
from futurecommunity.notifications.services import notify_on_commit
from futurecommunity.projects.models import Project
from futurecommunity.regions.models import Region, RegionLevel

UNDONE = "本次导入已全部撤销，未写入任何数据。"
MAX_IMPORT_ROWS = 2000
SERVICES_ALL = rules.SEVEN


# --------------------------------------------------------------------------- candidate sites


@dataclass(frozen=True)
class SiteInput:
    kind: str
    name: str
    street_code: str
    address: str
    lon: float
    lat: float
    area: Decimal
    cost: Decimal
    community_code: str = ""
    owner_code: str = ""  # organisation code (buildings)
    current_use: str = ""
    idle_since: dt.date | None = None
    condition: str = ""
    land_type: str = ""
    project_reference: str = ""  # stock land: the project whose plan notice decides (三(一))
    is_demo: bool = False


def _site_build(actor: User, data: SiteInput) -> CandidateSite:
    errors: dict[str, list[str]] = {}
    if data.kind not in SiteKind.values:
        errors["kind"] = ["类型应为闲置（低效）用房或存量用地。"]
    if not data.name.strip() or len(data.name) > 100:
        errors["name"] = ["请填写名称（不超过100字）。"]
    if not data.address.strip() or len(data.address) > 200:
        errors["address"] = ["请填写地址（不超过200字）。"]
    if not (118 <= data.lon <= 123 and 28 <= data.lat <= 31):
        errors["lon"] = ["经纬度不在绍兴市范围内，请核对（WGS-84）。"]
    if not Decimal(0) < data.area <= Decimal(1_000_000):
        errors["area"] = ["面积应大于0且不超过1000000平方米。"]
    if not Decimal(0) <= data.cost <= Decimal(1_000_000):
        errors["cost"] = ["预计费用应在0—1000000万元之间。"]
    street = Region.objects.filter(code=data.street_code, level=RegionLevel.STREET).first()
    if street is None:
        errors["street_code"] = [f"街道代码“{data.street_code}”不存在。"]
    community = None
    if data.community_code:
        community = Region.objects.filter(
            code=data.community_code, level=RegionLevel.COMMUNITY
        ).first()
        if community is None or not data.community_code.startswith(data.street_code):
            errors["community_code"] = [f"社区代码“{data.community_code}”不属于所填街道。"]
    owner = None
    if data.kind == SiteKind.BUILDING:
        owner = (
            Organisation.objects.filter(code=data.owner_code).first() if data.owner_code else None
        )
        if owner is None:
            errors["owner_code"] = [
                "闲置用房须填写产权单位（方案三(一)：机关事业单位、国有企业闲置用房）。"
            ]
    elif data.kind == SiteKind.LAND:
        if data.land_type not in LandType.values:
            errors["land_type"] = ["用地类型应为小区内空地、绿地或拆除违建腾出用地（方案三(一)）。"]
    project = None
    if data.project_reference:
        project = _land_project(data.project_reference, data.street_code, errors)
    if errors:
        raise ValidationFailed(errors)
    if not access.can_edit_in(actor, data.street_code):
        raise PermissionDenied("只能在本辖区登记候选点位。")
    return CandidateSite(
        kind=data.kind, name=data.name.strip(), region_code=data.street_code, community=community,
        address=data.address.strip(), lon=data.lon, lat=data.lat, area=data.area, cost=data.cost,
        owner=owner, current_use=data.current_use[:100], idle_since=data.idle_since,
        condition=data.condition[:100], land_type=data.land_type if data.kind == "land" else "",
        project=project if data.kind == SiteKind.LAND else None,
        is_demo=data.is_demo, created_by=actor if actor.pk else None,
    )  # fmt: skip


def _land_project(reference: str, street_code: str, errors: dict[str, list[str]]) -> Project | None:
    """The project stock land belongs to: a project of the same street (三(一))."""
    project = Project.objects.filter(reference=reference.strip()).first()
    if project is None or project.street_id != street_code:
        errors["project_reference"] = [
            f"项目编号“{reference}”不是本街道的未来社区项目（存量用地须关联所在街道的项目，"
            "以其实施方案公示和利害关系人同意为准，方案三(一)）。"
        ]
        return None
    return project


def _ask_owner(site: CandidateSite) -> None:
    if site.owner is None:
        return
    people = User.objects.filter(organisation=site.owner, is_active=True)
    notify_on_commit(
        recipients=[u for u in people if u.has_role_at_least(Role.EDITOR)],
        kind="centres.site_confirm",
        title=f"请确认闲置用房：{site.name}",
        body=(
            f"{site.address} 的闲置用房已登记为邻里中心候选点位，请核对并确认"
            "（方案三(一)：闲置用房由产权单位与街道签订协议后借用）。"
        ),
        link=reverse("centres:site-detail", args=[site.pk]),
    )


def site_create(*, actor: User, data: SiteInput) -> CandidateSite:
    site = _site_build(actor, data)
    with transaction.atomic():
        site.save()
        audit_record(
            actor=actor, action="candidate_site.create", subject=site, reference=site.name,
            region_code=site.region_code, changes={"kind": [None, site.kind]},
        )  # fmt: skip
        _ask_owner(site)
    return site


def site_import(*, actor: User, rows: Sequence[SiteInput]) -> list[CandidateSite]:
    """All rows or none; the error lists every refused row."""
    if not rows:
        raise DomainError("import_empty", "没有可导入的候选点位。")
    if len(rows) > MAX_IMPORT_ROWS:
        raise DomainError("import_too_many", f"一次最多导入 {MAX_IMPORT_ROWS} 行。")
    built, problems = [], []
    for position, data in enumerate(rows, start=2):
        try:
            built.append(_site_build(actor, data))
        except ValidationFailed as exc:
            text = "；".join(m for ms in exc.errors.values() for m in ms)
            problems.append(f"第 {position} 行“{data.name}”：{text}")
        except DomainError as exc:
            problems.append(f"第 {position} 行“{data.name}”：{exc.message}")
    if problems:
        raise ValidationFailed({"rows": problems + [UNDONE]})
    with transaction.atomic():
        for site in built:
            site.save()
            _ask_owner(site)
        audit_record(
            actor=actor, action="candidate_site.import", subject_type="centres.CandidateSite",
            reference=f"{len(built)} 个候选点位", region_code=built[0].region_code,
            changes={"count": [None, len(built)]},
        )  # fmt: skip
    return built


def site_confirm(*, actor: User, site: CandidateSite) -> CandidateSite:
    """The owner organisation confirms its own building (三(一) P2)."""
    if site.kind != SiteKind.BUILDING:
        raise DomainError("not_building", "只有闲置用房需要产权单位确认。")
    if not access.can_confirm_as_owner(actor, site.owner_id):
        raise PermissionDenied(
            "只有该用房的产权单位（经办或领导）可以确认（方案三(一)：由产权单位与街道签订协议）。"
        )
    with transaction.atomic():
        site.owner_confirmed_at = timezone.now()
        site.owner_confirmed_by = actor
        site.save(update_fields=["owner_confirmed_at", "owner_confirmed_by", "updated_at"])
        audit_record(
            actor=actor, action="candidate_site.owner_confirm", subject=site, reference=site.name,
            region_code=site.region_code, changes={"owner_confirmed": [False, True]},
        )  # fmt: skip
        street_users = User.objects.filter(
            organisation__region_code=site.region_code, is_active=True
        )
        notify_on_commit(
            recipients=list(street_users),
            kind="centres.site_confirmed",
            title=f"产权单位已确认闲置用房：{site.name}",
            body="请与产权单位签订借用协议并上传扫描件（方案三(一)）。",
            link=reverse("centres:site-detail", args=[site.pk]),
        )
    return site


@dataclass(frozen=True)
class AgreementInput:
    parties: str
    term_start: dt.date
    term_end: dt.date
    use: str
    signed_on: dt.date


def agreement_attach(
    *, actor: User, site: CandidateSite, data: AgreementInput, upload: UploadedFile
) -> LendingAgreement:
    if not access.can_edit_in(actor, site.region_code):
        raise PermissionDenied("只有点位所在街道或上级风貌办可以上传借用协议。")
    if site.kind != SiteKind.BUILDING:
        raise DomainError("not_building", "借用协议只适用于闲置用房（方案三(一)）。")
    if site.owner_confirmed_at is None:
        raise DomainError(
            "owner_unconfirmed", "产权单位尚未确认该用房，暂不能登记借用协议（方案三(一)）。"
        )
    errors: dict[str, list[str]] = {}
    if not data.parties.strip() or len(data.parties) > 200:
        errors["parties"] = ["请填写协议双方（不超过200字）。"]
    if not data.use.strip() or len(data.use) > 100:
        errors["use"] = ["请填写约定用途（不超过100字）。"]
    if data.term_end <= data.term_start:
        errors["term_end"] = ["终止日期应晚于起始日期。"]
    if errors:
        raise ValidationFailed(errors)
    name = upload_check(upload)
    with transaction.atomic():
        LendingAgreement.objects.filter(site=site).delete()
        agreement = LendingAgreement(
            site=site, parties=data.parties.strip(), term_start=data.term_start,
            term_end=data.term_end, use=data.use.strip(), signed_on=data.signed_on, file_name=name,
        )  # fmt: skip
        agreement.file.save(name, upload, save=False)
        agreement.save()
        audit_record(
            actor=actor, action="candidate_site.agreement", subject=site, reference=site.name,
            region_code=site.region_code, changes={"agreement": [None, name]},
        )  # fmt: skip
    return agreement


def land_project_link(*, actor: User, site: CandidateSite, project_reference: str) -> CandidateSite:
    """Link stock land to the project whose implementation-plan notice and stakeholder consent
    decide whether it may be used (三(一)); the state itself stays in the notices app."""
    if not access.can_edit_in(actor, site.region_code):
        raise PermissionDenied("只有点位所在街道或上级风貌办可以关联所属项目。")
    if site.kind != SiteKind.LAND:
        raise DomainError("not_land", "公示与利害关系人同意只适用于存量用地（方案三(一)）。")
    errors: dict[str, list[str]] = {}
    project = _land_project(project_reference, site.region_code, errors)
    if project is None:
        raise ValidationFailed(errors)
    before = site.project.reference if site.project else None
    with transaction.atomic():
        site.project = project
        site.save(update_fields=["project", "updated_at"])
        audit_record(
            actor=actor, action="candidate_site.project", subject=site, reference=site.name,
            region_code=site.region_code, changes={"project": [before, project.reference]},
        )  # fmt: skip
    return site


# --------------------------------------------------------------------------- size rules


def size_rule_update(
    *, actor: User, rule: SizeRule, value: Decimal, confidence: str, source: str
) -> SizeRule:
    if not access.can_configure(actor):
        raise PermissionDenied(
            "邻里中心规模参数由市风貌办统一设置（方案二(四)：市级出台建设导则）。"
        )
    if not Decimal(0) <= value <= Decimal(100_000):
        raise ValidationFailed({"value": ["取值应在0—100000之间。"]})
    if confidence not in Confidence.values:
        raise ValidationFailed({"confidence": ["可信度无效。"]})
    if not source.strip() or len(source) > 500:
        raise ValidationFailed({"source": ["请填写依据（文件名称、文号，不超过500字）。"]})
    with transaction.atomic():
        SizeRuleChange.objects.create(
            rule=rule, old_value=rule.value, new_value=value, old_confidence=rule.confidence,
            new_confidence=confidence, source=source.strip(), changed_by=actor,
        )  # fmt: skip
        audit_record(
            actor=actor, action="centre_size_rule.update", subject=rule, reference=rule.name,
            changes={"value": [str(rule.value), str(value)], "confidence": [rule.confidence, confidence]},
            reason=source.strip(),
        )  # fmt: skip
        rule.value, rule.confidence, rule.source = value, confidence, source.strip()
        rule.save(update_fields=["value", "confidence", "source", "updated_at"])
    return rule


# --------------------------------------------------------------------------- centres


@dataclass(frozen=True)
class ModuleInput:
    service: str
    state: str
    area: Decimal = Decimal(0)
    operator: str = ""


@dataclass(frozen=True)
class CentreInput:
    name: str
    street_code: str
    community_codes: tuple[str, ...]
    host_building: str
    merged_with_party_centre: bool
    total_area: Decimal
    activity_area: Decimal
    households: int
    lon: float
    lat: float
    planned_year: int | None
    modules: tuple[ModuleInput, ...] = field(default=())
    is_demo: bool = False


def _validate_centre(data: CentreInput) -> list[Region]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip() or len(data.name) > 100:
        errors["name"] = ["请填写名称（不超过100字）。"]
    if not Decimal(0) < data.total_area <= Decimal(100_000):
        errors["total_area"] = ["总建筑面积应大于0且不超过100000平方米。"]
    if not Decimal(0) <= data.activity_area <= data.total_area:
        errors["activity_area"] = ["居民活动用房面积应在0与总建筑面积之间。"]
    if not 0 <= data.households <= 200_000:
        errors["households"] = ["服务户数应在0—200000之间。"]
    if not (118 <= data.lon <= 123 and 28 <= data.lat <= 31):
        errors["lon"] = ["经纬度不在绍兴市范围内，请核对（WGS-84）。"]
    if data.planned_year is not None and not 2023 <= data.planned_year <= 2035:
        errors["planned_year"] = ["计划年度应在2023—2035年之间。"]
    communities = list(
        Region.objects.filter(code__in=data.community_codes, level=RegionLevel.COMMUNITY)
    )
    if not communities:
        errors["community_codes"] = ["请至少选择一个服务社区。"]
    elif any(not c.code.startswith(data.street_code) for c in communities):
        errors["community_codes"] = ["服务社区应属于中心所在街道。"]
    for m in data.modules:
        if m.service not in SERVICES_ALL or m.state not in ModuleState.values:
            errors["modules"] = ["功能模块无效。"]
        elif not Decimal(0) <= m.area <= data.total_area:
            errors["modules"] = ["模块面积应在0与总建筑面积之间。"]
    if errors:
        raise ValidationFailed(errors)
    return communities


def _save_modules(centre: NeighbourhoodCentre, modules: Sequence[ModuleInput]) -> None:
    services = {s.code: s for s in ServiceType.objects.filter(code__in=SERVICES_ALL)}
    given = {m.service: m for m in modules}
    for code in SERVICES_ALL:
        m = given.get(code, ModuleInput(code, ModuleState.MISSING))
        CentreModule.objects.update_or_create(
            centre=centre, service=services[code],
            defaults={"state": m.state, "area": m.area, "operator": m.operator[:100]},
        )  # fmt: skip


def centre_create(*, actor: User, data: CentreInput) -> NeighbourhoodCentre:
    if not access.can_edit_in(actor, data.street_code):
        raise PermissionDenied("只能在本辖区登记邻里中心。")
    communities = _validate_centre(data)
    with transaction.atomic():
        centre = NeighbourhoodCentre.objects.create(
            name=data.name.strip(), region_code=data.street_code, host_building=data.host_building[:200],
            merged_with_party_centre=data.merged_with_party_centre, total_area=data.total_area,
            activity_area=data.activity_area, households=data.households, lon=data.lon,
            lat=data.lat, planned_year=data.planned_year, is_demo=data.is_demo,
        )  # fmt: skip
        centre.communities.set(communities)
        _save_modules(centre, data.modules)
        audit_record(
            actor=actor, action="centre.create", subject=centre, reference=centre.name,
            region_code=centre.region_code,
        )  # fmt: skip
    return centre


def centre_update(
    *, actor: User, centre: NeighbourhoodCentre, data: CentreInput
) -> NeighbourhoodCentre:
    if not access.can_edit_in(actor, centre.region_code) or data.street_code != centre.region_code:
        raise PermissionDenied("只能修改本辖区的邻里中心。")
    communities = _validate_centre(data)
    with transaction.atomic():
        for name in ("host_building", "merged_with_party_centre", "total_area", "activity_area",
                     "households", "lon", "lat", "planned_year"):  # fmt: skip
            setattr(centre, name, getattr(data, name))
        centre.name = data.name.strip()
        centre.save()
        centre.communities.set(communities)
        _save_modules(centre, data.modules)
        audit_record(
            actor=actor, action="centre.update", subject=centre, reference=centre.name,
            region_code=centre.region_code,
        )  # fmt: skip
    return centre


def centre_advance(*, actor: User, centre: NeighbourhoodCentre, status: str) -> NeighbourhoodCentre:
    """planned → under construction → open. An open centre registers one life-circle facility
    per module it provides, so every analysis sees it (二(四) N1)."""
    if not access.can_edit_in(actor, centre.region_code):
        raise PermissionDenied("只能变更本辖区邻里中心的状态。")
    if status not in CentreStatus.values or not rules.status_step_allowed(centre.status, status):
        raise DomainError("bad_status", "邻里中心状态只能按“规划→在建→已开放”逐步推进。")
    with transaction.atomic():
        before = centre.status
        centre.status = status
        centre.save(update_fields=["status", "updated_at"])
        if status == CentreStatus.OPEN and before != CentreStatus.OPEN:
            kinds = {
                k.code: k for k in FacilityKind.objects.filter(code__in=rules.MODULE_KIND.values())
            }
            for module in centre.modules.select_related("service"):
                if module.state != ModuleState.PROVIDED or module.facility_id:
                    continue
                facility = Facility.objects.create(
                    kind=kinds[rules.MODULE_KIND[module.service.code]],
                    name=f"{centre.name}·{module.service.name}", lon=centre.lon, lat=centre.lat,
                    floor_area=module.area or None, status=FacilityStatus.OPEN,
                    operator=module.operator, region_code=centre.region_code,
                    source=f"邻里中心 {centre.pk}", is_demo=centre.is_demo,
                    created_by=actor if actor.pk else None,
                )  # fmt: skip
                module.facility = facility
                module.save(update_fields=["facility", "updated_at"])
        audit_record(
            actor=actor, action="centre.status", subject=centre, reference=centre.name,
            region_code=centre.region_code, changes={"status": [before, status]},
        )  # fmt: skip
    return centre


# --------------------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class ScenarioInput:
    district_code: str
    name: str
    services: tuple[str, ...]
    radius_m: int
    mode: str
    centres: int | None
    target_share: Decimal | None
    one_per_community: bool
    site_ids: tuple[int, ...]
    budget_per_year: Decimal
    count_per_year: int
    first_year: int
    is_demo: bool = False
    fill_every_community: bool = False


def _validate_scenario(actor: User, data: ScenarioInput) -> list[CandidateSite]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip() or len(data.name) > 100:
        errors["name"] = ["请填写方案名称（不超过100字）。"]
    allowed = set(SERVICES_ALL) | {"centre"}
    if not data.services or any(s not in allowed for s in data.services):
        errors["services"] = ["请选择至少一项服务（或邻里中心整体）。"]
    if not 100 <= data.radius_m <= 2000:
        errors["radius_m"] = ["服务半径应在100—2000米之间。"]
    if data.mode == ScenarioMode.MCLP and not (data.centres and 1 <= data.centres <= 200):
        errors["centres"] = ["新建中心数应在1—200之间。"]
    if data.mode == ScenarioMode.COVER and not (
        data.target_share is not None and Decimal("0.1") <= data.target_share <= 1
    ):
        errors["target_share"] = ["目标覆盖比例应在10%—100%之间。"]
    if data.mode not in ScenarioMode.values:
        errors["mode"] = ["求解目标无效。"]
    if not Decimal(0) < data.budget_per_year <= Decimal(10_000_000):
        errors["budget_per_year"] = ["年度预算应大于0。"]
    if not 1 <= data.count_per_year <= 200:
        errors["count_per_year"] = ["每年建设个数应在1—200之间。"]
    if not 2023 <= data.first_year <= 2035:
        errors["first_year"] = ["计划首年应在2023—2035年之间。"]
    sites = list(
        CandidateSite.objects.filter(
            pk__in=data.site_ids, region_code__startswith=data.district_code
        ).order_by("pk")
    )
    if not sites:
        errors["site_ids"] = ["请至少选择一个本区县的候选点位。"]
    elif len(sites) > 5000:
        errors["site_ids"] = ["候选点位不能超过5000个。"]
    if errors:
        raise ValidationFailed(errors)
    return sites


def scenario_submit(*, actor: User, data: ScenarioInput, queue: bool = True) -> SitingScenario:
    """Queue a siting run (a background job); the district or the city office draws it.
    ``queue=False`` (demo seed, command line) leaves the run to the caller."""
    if len(data.district_code) != 6 or not access.can_plan(actor, data.district_code):
        raise PermissionDenied("布点测算由区、县（市）风貌办或市风貌办开展（方案二(四)）。")
    sites = _validate_scenario(actor, data)
    from futurecommunity.jobs.services import job_submit

    with transaction.atomic():
        scenario = SitingScenario.objects.create(
            district_code=data.district_code, name=data.name.strip(), services=list(data.services),
            radius_m=data.radius_m, mode=data.mode, centres=data.centres,
            target_share=data.target_share, one_per_community=data.one_per_community,
            fill_every_community=data.fill_every_community,
            budget_per_year=data.budget_per_year, count_per_year=data.count_per_year,
            first_year=data.first_year, is_demo=data.is_demo, created_by=actor if actor.pk else None,
        )  # fmt: skip
        scenario.candidates.set(sites)
        audit_record(
            actor=actor, action="siting_scenario.submit", subject=scenario,
            reference=scenario.name, region_code=scenario.district_code,
            changes={"sites": [None, len(sites)], "mode": [None, data.mode]},
        )  # fmt: skip
        if not queue:
            return scenario
        job = job_submit(
            actor=actor, kind="centres.siting", title=f"邻里中心布点测算：{scenario.name}",
            params={"scenario_id": scenario.pk}, region_code=scenario.district_code,
        )  # fmt: skip
        scenario.job = job
        scenario.save(update_fields=["job", "updated_at"])
    return scenario


def scenario_execute(scenario: SitingScenario, progress: Any = None) -> SitingScenario:
    """Run the optimiser and store the result (called by the job; the submit was audited)."""
    from futurecommunity.centres import optimise

    SitingScenario.objects.filter(pk=scenario.pk).update(status=ScenarioStatus.RUNNING)
    try:
        result = optimise.run_scenario(scenario, progress or optimise._quiet)
    except DomainError as exc:
        SitingScenario.objects.filter(pk=scenario.pk).update(
            status=ScenarioStatus.FAILED, error=exc.message
        )
        scenario.refresh_from_db()
        raise
    scenario.result = result
    scenario.status = ScenarioStatus.DONE
    scenario.error = ""
    scenario.save(update_fields=["result", "status", "error", "updated_at"])
    return scenario


# --------------------------------------------------------------------------- plans


def plan_adopt(*, actor: User, scenario: SitingScenario, name: str = "") -> LayoutPlan:
    """Adopt a finished scenario as the district's layout plan; order its sites into the
    three-year plan and create the planned centres (二(四) N2). Refused, naming the site and
    the clause, when any site is not yet usable (三(一))."""
    if not access.can_plan(actor, scenario.district_code):
        raise PermissionDenied("布点规划由区、县（市）风貌办或市风貌办确定（方案二(四)）。")
    if scenario.status != ScenarioStatus.DONE:
        raise DomainError("scenario_not_done", "测算尚未完成，不能确定为布点规划。")
    chosen = scenario.result.get("chosen", [])
    if not chosen:
        raise DomainError("scenario_empty", "该方案没有选中任何点位，不能确定为布点规划。")
    sites = {
        s.pk: s
        for s in CandidateSite.objects.select_related("community").filter(
            pk__in=[c["site_id"] for c in chosen]
        )
    }
    refusals = [
        r for r in (selectors.site_refusal(sites[c["site_id"]]) for c in chosen) if r is not None
    ]
    if refusals:
        raise DomainError("site_not_usable", " ".join(refusals))
    order = rules.schedule(
        [rules.ScheduleInput(c["site_id"], float(c["gain"]), Decimal(str(c["cost"]))) for c in chosen],
        first_year=scenario.first_year, budget_per_year=scenario.budget_per_year,
        count_per_year=scenario.count_per_year,
    )  # fmt: skip
    gains = {c["site_id"]: c["gain"] for c in chosen}
    with transaction.atomic():
        LayoutPlan.objects.filter(district_code=scenario.district_code, is_current=True).update(
            is_current=False
        )
        plan = LayoutPlan.objects.create(
            district_code=scenario.district_code,
            name=(name.strip() or f"{_district_name(scenario.district_code)}邻里中心布点规划")[:100],
            scenario=scenario, first_year=scenario.first_year,
            baseline_population=scenario.result.get("baseline_covered", 0),
            total_population=scenario.result.get("total", 0), is_demo=scenario.is_demo,
            adopted_by=actor if actor.pk else None,
        )  # fmt: skip
        for rank, (site_id, year) in enumerate(order, start=1):
            site = sites[site_id]
            centre = NeighbourhoodCentre.objects.create(
                name=f"{site.community.name if site.community else site.name}邻里中心（规划）",
                region_code=site.region_code, host_building=site.name,
                total_area=site.area, activity_area=(site.area * Decimal("0.6")).quantize(Decimal("0.1")),
                lon=site.lon, lat=site.lat, planned_year=year, site=site, plan=plan,
                is_demo=scenario.is_demo,
            )  # fmt: skip
            if site.community:
                centre.communities.set([site.community])
            _save_modules(centre, [])
            PlanItem.objects.create(
                plan=plan, site=site, year=year, rank=rank, newly_covered=gains[site_id],
                cost=site.cost, centre=centre,
            )  # fmt: skip
        audit_record(
            actor=actor, action="layout_plan.adopt", subject=plan, reference=plan.name,
            region_code=plan.district_code,
            changes={"scenario": [None, scenario.pk], "sites": [None, len(order)]},
        )  # fmt: skip
        streets = sorted({s.region_code for s in sites.values()})
        notify_on_commit(
            recipients=list(
                User.objects.filter(organisation__region_code__in=streets, is_active=True)
            ),
            kind="centres.plan_adopted",
            title=f"邻里中心布点规划已确定：{plan.name}",
            body="本街道有点位纳入三年建设计划，请按年度推进邻里中心建设（方案二(四)）。",
            link=reverse("centres:plan-detail", args=[plan.pk]),
        )
    return plan


def _district_name(code: str) -> str:
    region = Region.objects.filter(code=code).first()
    return region.name if region else code


def plan_item_move(*, actor: User, item: PlanItem, year: int) -> PlanItem:
    """The office moves a site to another year of its three-year plan (二(四) N2)."""
    plan = item.plan
    if not access.can_plan(actor, plan.district_code):
        raise PermissionDenied("三年建设计划由区、县（市）风貌办或市风貌办调整（方案二(四)）。")
    if not plan.first_year <= year <= plan.first_year + 3:
        raise ValidationFailed(
            {
                "year": [
                    f"年度应在{plan.first_year}—{plan.first_year + 3}年之间（三年建设计划及以后）。"
                ]
            }
        )
    with transaction.atomic():
        before = item.year
        item.year = year
        item.edited = True
        item.save(update_fields=["year", "edited", "updated_at"])
        if item.centre_id:
            NeighbourhoodCentre.objects.filter(pk=item.centre_id).update(planned_year=year)
        audit_record(
            actor=actor, action="layout_plan.item_year", subject=plan, reference=plan.name,
            region_code=plan.district_code, changes={item.site.name: [before, year]},
        )  # fmt: skip
    return item
