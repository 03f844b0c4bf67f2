"""The actors loader: offices from the regions, departments/utilities/public from the CSV."""

from __future__ import annotations

import pytest

from futurecommunity.accounts.loaders import load_organisations
from futurecommunity.accounts.models import Organisation

pytestmark = pytest.mark.django_db


def test_offices_are_one_city_six_districts_and_103_streets() -> None:
    counts = {
        kind: Organisation.objects.filter(kind=kind).count()
        for kind in ("city_office", "district_office", "street_office")
    }
    assert counts == {"city_office": 1, "district_office": 6, "street_office": 103}


def test_offices_are_named_after_their_region() -> None:
    names = dict(
        Organisation.objects.filter(
            code__in=["sx-city-office", "sx-330602", "sx-330602001", "sx-330603105"]
        ).values_list("code", "name")
    )
    assert names == {
        "sx-city-office": "绍兴市风貌办",
        "sx-330602": "越城区风貌办",
        "sx-330602001": "塔山街道办事处",
        "sx-330603105": "平水镇人民政府",
    }


def test_loading_the_offices_again_creates_nothing() -> None:
    assert load_organisations() == 0
    assert Organisation.objects.count() == 110 + 14 + 6 + 7 + 1


def test_departments_utilities_and_the_public_come_from_the_listed_csv() -> None:
    counts = {
        kind: Organisation.objects.filter(kind=kind).count()
        for kind in ("department", "utility", "public")
    }
    # 14 city departments and one construction department per district (三(四)1 “各地建设部门”)
    assert counts == {"department": 20, "utility": 7, "public": 1}
    districts = Organisation.objects.filter(code__endswith="-dept-construction").exclude(
        code="sx-dept-construction"
    )
    assert sorted(districts.values_list("region_code", flat=True)) == [
        "330602",
        "330603",
        "330604",
        "330624",
        "330681",
        "330683",
    ]
    names = set(Organisation.objects.filter(kind="department").values_list("name", flat=True))
    assert {"绍兴市建设局", "绍兴市消防救援支队", "中共绍兴市委组织部"} <= names


def test_every_listed_organisation_cites_its_source() -> None:
    import csv

    from futurecommunity.accounts.loaders import ORGANISATIONS_CSV

    with ORGANISATIONS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row["source"] for row in rows)
    assert {row["source"] for row in rows} >= {"绍政办发〔2023〕21号 三(四)1", "issue #3"}
