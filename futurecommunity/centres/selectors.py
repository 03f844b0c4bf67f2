"""Every scoped read of the centres app; out of scope = Http404 (house style §8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.centres import access, rules
from futurecommunity.centres.models import (
    CandidateSite,
    CentreModule,
    CentreStatus,
    LayoutPlan,
    ModuleState,
    NeighbourhoodCentre,
    PlanItem,
    SiteKind,
    SitingScenario,
    SizeRule,
)
from futurecommunity.common.demo_filter import counted
from futurecommunity.lifecircle.models import Facility, FacilityStatus
from futurecommunity.notices import config
from futurecommunity.notices.gate import LandUseState, land_use_state

NOT_FOUND = "未找到该记录，或它不在您的辖区内。"


def scope_for(viewer: User) -> str:
    prefix = region_prefix_for(viewer)
    if prefix is None:
        raise Http404("您的账号没有可管理的辖区。")
    return prefix


def params() -> dict[str, rules.Param]:
    return {
        r.key: rules.Param(r.value, r.get_confidence_display(), r.source, r.severity)
        for r in SizeRule.objects.all()
    }


def notice_period_days() -> int:
    """The notice period is the notices app's configuration row (三(一), 7 days)."""
    return config.notice_policy().period_days


def centre_list_for(*, viewer: User) -> QuerySet[NeighbourhoodCentre]:
    prefix = scope_for(viewer)
    return NeighbourhoodCentre.objects.filter(region_code__startswith=prefix).prefetch_related(
        "communities", "modules__service"
    )


def centre_get_for(*, viewer: User, centre_id: int) -> NeighbourhoodCentre:
    centre = NeighbourhoodCentre.objects.filter(pk=centre_id).first()
    if centre is None or not access.can_view_in(viewer, centre.region_code):
        raise Http404(NOT_FOUND)
    return centre


def site_list_for(*, viewer: User) -> QuerySet[CandidateSite]:
    prefix = region_prefix_for(viewer)
    org = getattr(viewer, "organisation", None)
    if prefix is None:
        if org is None or viewer.admin_role:
            raise Http404("您的账号没有可管理的辖区。")
        return CandidateSite.objects.filter(owner=org).select_related(
            "owner", "community", "project"
        )
    return CandidateSite.objects.filter(region_code__startswith=prefix).select_related(
        "owner", "community", "project"
    )


def site_get_for(*, viewer: User, site_id: int) -> CandidateSite:
    site = (
        CandidateSite.objects.select_related("owner", "community", "project")
        .filter(pk=site_id)
        .first()
    )
    if site is None or not (
        access.can_view_in(viewer, site.region_code) or access.is_owner(viewer, site.owner_id)
    ):
        raise Http404(NOT_FOUND)
    return site


def scenario_list_for(*, viewer: User) -> QuerySet[SitingScenario]:
    prefix = scope_for(viewer)
    return SitingScenario.objects.filter(district_code__startswith=prefix[:6])


def scenario_get_for(*, viewer: User, scenario_id: int) -> SitingScenario:
    scenario = SitingScenario.objects.filter(pk=scenario_id).first()
    if scenario is None or not _sees_district(viewer, scenario.district_code):
        raise Http404(NOT_FOUND)
    return scenario


def _sees_district(viewer: User, district_code: str) -> bool:
    """District-level records: the city, the district and (read-only) its streets."""
    prefix = region_prefix_for(viewer)
    if prefix is None:
        return False
    return district_code.startswith(prefix) or prefix.startswith(district_code)


def plan_list_for(*, viewer: User) -> QuerySet[LayoutPlan]:
    prefix = scope_for(viewer)
    return LayoutPlan.objects.filter(district_code__startswith=prefix[:6])


def plan_get_for(*, viewer: User, plan_id: int) -> LayoutPlan:
    plan = LayoutPlan.objects.filter(pk=plan_id).first()
    if plan is None or not _sees_district(viewer, plan.district_code):
        raise Http404(NOT_FOUND)
    return plan


def land_state(site: CandidateSite, today: dt.date | None = None) -> LandUseState | None:
    """三(一) state of a stock-land site: the notices app's implementation-plan notice and
    stakeholder consent of the project the land belongs to (None: a building, or no project)."""
    if site.kind != SiteKind.LAND or site.project_id is None:
        return None
    assert site.project is not None
    return land_use_state(site.project, today or timezone.localdate())


def site_refusal(site: CandidateSite, today: dt.date | None = None) -> str | None:
    state = land_state(site, today)
    return rules.site_refusal(
        kind=site.kind,
        name=site.name,
        owner_confirmed=site.owner_confirmed_at is not None,
        land_project=f"所属项目“{site.project.name}”" if site.project_id and site.project else "",
        land_missing=state.missing if state else "",
        period_days=state.period_days if state else notice_period_days(),
    )


def centre_findings(centre: NeighbourhoodCentre) -> list[rules.Finding]:
    modules = [
        rules.Module(m.service.code, m.state, m.area or Decimal(0))
        for m in centre.modules.select_related("service")
    ]
    facts = rules.CentreFacts(
        total_area=centre.total_area,
        activity_area=centre.activity_area,
        households=centre.households,
        merged_with_party_centre=centre.merged_with_party_centre,
        modules=modules,
        community_count=centre.communities.count(),
    )
    return rules.size_findings(facts, params())


# --------------------------------------------------------------------------- plan progress


@dataclass(frozen=True)
class YearProgress:
    """One year of a district's current three-year plan: centres planned, started, open."""

    district_code: str
    year: int
    planned: int
    started: int
    opened: int


def plan_progress(*, prefix: str = "") -> list[YearProgress]:
    """Progress of the current layout plans (二(四) N2/N3) under ``prefix``, by district and
    year, for the bulletin and the dashboard. A centre counts as started once under
    construction and as open once open; demo plans never count in a real instance."""
    items = counted(
        PlanItem.objects.filter(plan__is_current=True, site__region_code__startswith=prefix),
        "plan__is_demo",
    ).values_list("plan__district_code", "year", "centre__status")
    cells: dict[tuple[str, int], list[int]] = {}
    for district, year, status in items:
        cell = cells.setdefault((district, year), [0, 0, 0])
        cell[0] += 1
        cell[1] += status in (CentreStatus.BUILDING, CentreStatus.OPEN)
        cell[2] += status == CentreStatus.OPEN
    return [YearProgress(d, y, *cells[(d, y)]) for d, y in sorted(cells)]


# --- the public page of a named community ---------------------------------------------------


@dataclass(frozen=True)
class PublicFacility:
    name: str
    kind: str


PUBLIC_FACILITY_LIMIT = 60


def facilities_public(*, community_codes: Sequence[str]) -> list[PublicFacility]:
    """What has been built for residents in these communities: open neighbourhood centres
    serving them (with the modules they provide) and open facilities of the registry located in
    them. Name and kind only (no operator, floor area, coordinates or source)."""
    codes = list(community_codes)
    centres = (
        counted(
            NeighbourhoodCentre.objects.filter(
                status=CentreStatus.OPEN, communities__code__in=codes
            )
        )
        .distinct()
        .order_by("name")
    )
    rows: list[PublicFacility] = []
    for centre in centres.prefetch_related("modules__service"):
        provided = [m.service.name for m in centre.modules.all() if m.state == ModuleState.PROVIDED]
        kind = "邻里中心" + (f"（{'、'.join(provided)}）" if provided else "")
        rows.append(PublicFacility(centre.name, kind))
    centre_facilities = CentreModule.objects.filter(facility__isnull=False).values("facility_id")
    facilities = (
        counted(Facility.objects.filter(status=FacilityStatus.OPEN, region_code__in=codes))
        .exclude(pk__in=centre_facilities)
        .select_related("kind")
        .order_by("kind__order", "name")
    )
    rows += [PublicFacility(f.name, f.kind.name) for f in facilities[:PUBLIC_FACILITY_LIMIT]]
    return rows
