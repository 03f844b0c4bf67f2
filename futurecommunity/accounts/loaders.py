"""Create the real offices of the programme from the regions: city, district and street offices."""

from __future__ import annotations

from django.db import transaction

from futurecommunity.accounts.models import Organisation, OrganisationKind
from futurecommunity.regions.models import Region, RegionLevel

CITY_OFFICE_CODE = "sx-city-office"


def load_organisations() -> int:
    """Upsert the city office, six district offices and one office per street/town/township."""
    created = 0
    with transaction.atomic():
        _obj, was = Organisation.objects.update_or_create(
            code=CITY_OFFICE_CODE,
            defaults={
                "name": "绍兴市风貌办",
                "kind": OrganisationKind.CITY_OFFICE,
                "region_code": "3306",
            },
        )
        created += was
        for region in Region.objects.filter(level__in=[RegionLevel.DISTRICT, RegionLevel.STREET]):
            is_district = region.level == RegionLevel.DISTRICT
            _obj, was = Organisation.objects.update_or_create(
                code=f"sx-{region.code}",
                defaults={
                    "name": f"{region.name}风貌办" if is_district else _street_office_name(region),
                    "kind": OrganisationKind.DISTRICT_OFFICE
                    if is_district
                    else OrganisationKind.STREET_OFFICE,
                    "region_code": region.code,
                },
            )
            created += was
    return created


def _street_office_name(region: Region) -> str:
    suffix = "办事处" if region.nbs_kind == "street" else "人民政府"
    return f"{region.name}{suffix}"
