"""Every read that applies the viewer's scope. Out-of-scope objects are Http404 (house style §8)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.lifecircle import access
from futurecommunity.lifecircle.models import (
    AnalysisRun,
    Facility,
    NetworkStatus,
    ResidentialPoint,
    StreetNetwork,
)
from futurecommunity.regions.models import Region, RegionLevel

NOT_FOUND = "未找到该记录，或它不在您的辖区内。"


def scope_for(viewer: User) -> str:
    """The viewer's region-code prefix; a user without territory gets 404 on every page."""
    prefix = region_prefix_for(viewer)
    if prefix is None:
        raise Http404("您的账号没有可管理的辖区。")
    return prefix


@dataclass(frozen=True)
class FacilityFilters:
    service: str = ""
    kind: str = ""
    status: str = ""
    q: str = ""


def facility_list_for(*, viewer: User, filters: FacilityFilters) -> QuerySet[Facility]:
    qs = Facility.objects.filter(region_code__startswith=scope_for(viewer))
    if filters.service:
        qs = qs.filter(Q(kind__service__code=filters.service) | Q(services__code=filters.service))
    if filters.kind:
        qs = qs.filter(kind__code=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q:
        qs = qs.filter(Q(name__contains=filters.q) | Q(address__contains=filters.q))
    return (
        qs.select_related("kind", "kind__service", "kind__level")
        .prefetch_related("services")
        .distinct()
    )


def residential_summary_for(*, viewer: User) -> QuerySet:
    """Residential points and population per community in scope."""
    return (
        ResidentialPoint.objects.filter(community__code__startswith=scope_for(viewer))
        .values("community__code", "community__name", "community__parent_code")
        .annotate(points=Count("id"), population=Sum("population"))
        .order_by("community__code")
    )


def _usable_networks(prefix: str) -> Q:
    covering = [prefix[:n] for n in (4, 6, 9) if n <= len(prefix)]
    return Q(region_code__startswith=prefix) | Q(region_code__in=covering)


def network_list_for(*, viewer: User, ready_only: bool = False) -> QuerySet[StreetNetwork]:
    qs = StreetNetwork.objects.filter(_usable_networks(scope_for(viewer)))
    if ready_only:
        qs = qs.filter(status=NetworkStatus.READY)
    return qs.select_related("created_by")


def network_get_for(*, viewer: User, network_id: int) -> StreetNetwork:
    network = StreetNetwork.objects.filter(pk=network_id).first()
    if network is None or not access.can_use_network(viewer, network.region_code):
        raise Http404(NOT_FOUND)
    return network


def run_list_for(*, viewer: User) -> QuerySet[AnalysisRun]:
    return AnalysisRun.objects.filter(region_code__startswith=scope_for(viewer)).select_related(
        "network", "created_by"
    )


def run_get_for(*, viewer: User, run_id: int) -> AnalysisRun:
    run = AnalysisRun.objects.filter(pk=run_id).select_related("network").first()
    if run is None or not access.can_view_in(viewer, run.region_code):
        raise Http404(NOT_FOUND)
    return run


def analysis_regions_for(*, viewer: User) -> list[Region]:
    """Districts and streets the viewer may analyse (their own territory and below)."""
    prefix = scope_for(viewer)
    return list(
        Region.objects.filter(
            code__startswith=prefix, level__in=[RegionLevel.DISTRICT, RegionLevel.STREET]
        ).order_by("code")
    )


def comparable_runs_for(*, viewer: User, run: AnalysisRun) -> QuerySet[AnalysisRun]:
    """Other finished runs of the same area (before/after a new centre)."""
    return (
        run_list_for(viewer=viewer)
        .filter(region_code=run.region_code, status="succeeded")
        .exclude(pk=run.pk)
    )
