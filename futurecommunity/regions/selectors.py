"""Reads of regions."""

from __future__ import annotations

from django.db.models import QuerySet

from futurecommunity.regions.models import Region, RegionLevel


def district_list(*, with_boundary: bool = False) -> QuerySet[Region]:
    """Districts in code order; the boundary geometry (large JSON) only when a map needs it."""
    qs = Region.objects.filter(level=RegionLevel.DISTRICT).order_by("code")
    return qs if with_boundary else qs.defer("boundary_geojson")


def street_list(*, district_code: str | None = None) -> QuerySet[Region]:
    qs = Region.objects.filter(level=RegionLevel.STREET)
    if district_code:
        qs = qs.filter(district_code=district_code)
    return qs.order_by("code")


def community_list(*, prefix: str = "", urban_only: bool = False) -> QuerySet[Region]:
    qs = Region.objects.filter(level=RegionLevel.COMMUNITY, code__startswith=prefix)
    if urban_only:
        qs = qs.filter(is_urban_community=True)
    return qs.order_by("code")


def urban_community_counts() -> dict[str, int]:
    """Urban communities in force per district code (the G3 denominator)."""
    counts: dict[str, int] = {}
    for code in community_list(urban_only=True).values_list("district_code", flat=True):
        counts[code] = counts.get(code, 0) + 1
    return counts
