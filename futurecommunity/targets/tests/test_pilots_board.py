"""Compliance board with the pilots rules, the month-by-month chart and the forecast table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from futurecommunity.pilots.loaders import load_pilots
from futurecommunity.pilots.rules import urban_coverage
from futurecommunity.projects.selectors import project_facts
from futurecommunity.projects.tests.factories import HUAYUAN, TASHAN, ProjectFactory, advance
from futurecommunity.regions.selectors import community_list
from futurecommunity.targets.rules import coverage

pytestmark = pytest.mark.django_db
URL = reverse("compliance-board")


def test_board_shows_pilot_columns_chart_and_forecast(client, city_viewer) -> None:
    load_pilots()
    client.force_login(city_viewer)
    response = client.get(URL, {"as_of": "2025-06-30"})
    page = response.content.decode()
    assert "古城每年建成片区" in page and "柯桥县域全域试点" in page and "全域申报覆盖率" in page
    chart = response.context["chart"]
    assert chart["days"][0] == "2023-08" and chart["days"][-1] == "2025-06"
    assert len(chart["districts"]) == 6
    assert 'id="district-months-data"' in page and "<script>" not in page.replace(" ", "")
    assert 'id="forecast-table"' in page and "有风险" in page  # nothing created yet: all at risk


def test_district_viewer_sees_only_its_own_chart_and_forecast(client, keqiao_editor) -> None:
    client.force_login(keqiao_editor)
    response = client.get(URL, {"as_of": "2024-12-31"})
    assert [d["name"] for d in response.context["chart"]["districts"]] == ["柯桥区"]
    assert {p.district_code for p in response.context["paces"]} == {"330603"}


def test_pilots_coverage_equals_the_g3_coverage(tashan_editor, yuecheng_approver) -> None:
    project = ProjectFactory(actor=tashan_editor, community_codes=(HUAYUAN,))
    advance(
        project,
        "accepted",
        approver=yuecheng_approver,
        editor=tashan_editor,
        on=dt.date(2024, 2, 1),
    )
    facts = project_facts(prefix=TASHAN)
    urban = frozenset(community_list(urban_only=True).values_list("code", flat=True))
    day = dt.date(2024, 6, 1)
    g3 = coverage(facts, urban, day, TASHAN)
    assert urban_coverage(facts, urban, day, TASHAN) == (g3.covered, g3.total) == (1, 10)
