"""The offices loader: one city office, six district offices, one office per street/town."""

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
    assert Organisation.objects.count() == 110
