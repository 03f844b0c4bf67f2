"""Create the real actors of the programme.

City, district and street offices come from the regions; departments, utility units and the
public come from ``data/accounts/organisations.csv`` (provenance in that folder).
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from futurecommunity.accounts.models import Organisation, OrganisationKind
from futurecommunity.regions.models import Region, RegionLevel

CITY_OFFICE_CODE = "sx-city-office"
ORGANISATIONS_CSV = Path(settings.BASE_DIR) / "data" / "accounts" / "organisations.csv"
_LISTED_KINDS = {OrganisationKind.DEPARTMENT, OrganisationKind.UTILITY, OrganisationKind.PUBLIC}


def load_organisations() -> int:
    """Upsert the offices from the regions and the listed actors from the CSV. Returns new rows."""
    created = 0
    with transaction.atomic():
        created += _load_listed(ORGANISATIONS_CSV)
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


def _load_listed(path: Path) -> int:
    created = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kind = OrganisationKind(row["kind"])
            if kind not in _LISTED_KINDS:
                raise ValueError(f"{path.name}: {row['code']} 的类型 {kind} 不应在此列出。")
            _obj, was = Organisation.objects.update_or_create(
                code=row["code"],
                defaults={"name": row["name"], "kind": kind, "region_code": row["region_code"]},
            )
            created += was
    return created


def _street_office_name(region: Region) -> str:
    suffix = "办事处" if region.nbs_kind == "street" else "人民政府"
    return f"{region.name}{suffix}"
