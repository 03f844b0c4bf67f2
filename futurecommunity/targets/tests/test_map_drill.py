"""The dashboard map drills down from a district to its streets (issue 12 item 3). The
boundaries file has districts only, so the drill-down is a street table and bar chart."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from futurecommunity.projects.tests.factories import ProjectFactory
from futurecommunity.regions.models import Region

pytestmark = pytest.mark.django_db


def test_each_district_has_its_streets_with_project_counts(
    client, city_viewer, yuecheng_editor, tashan_editor
) -> None:
    ProjectFactory(actor=tashan_editor)
    ProjectFactory(actor=tashan_editor)
    client.force_login(city_viewer)
    response = client.get(reverse("dashboard"))
    drill = {d["code"]: d for d in response.context["street_drill"]}
    assert len(drill) == 6
    yuecheng = drill["330602"]
    assert [s["code"] for s in yuecheng["streets"]] == list(
        Region.objects.filter(level="street", district_code="330602")
        .order_by("code")
        .values_list("code", flat=True)
    )
    tashan = next(s for s in yuecheng["streets"] if s["code"] == "330602001")
    assert (tashan["name"], tashan["projects"], tashan["built"]) == ("塔山街道", 2, 0)
    assert tashan["urban"] > 0 and tashan["covered"] == 0
    assert yuecheng["projects"] == 2 and drill["330603"]["projects"] == 0
    body = response.content.decode()
    assert 'id="streets-330602" data-district="330602" data-name="越城区"' in body
    data = json.loads(
        re.search(r'<script id="street-data" type="application/json">(.*?)</script>', body, re.S)[1]
    )
    assert {d["code"] for d in data} == set(drill)
    # A district sees only its own district's streets.
    client.force_login(yuecheng_editor)
    own = client.get(reverse("dashboard")).context["street_drill"]
    assert [d["code"] for d in own] == ["330602"]
