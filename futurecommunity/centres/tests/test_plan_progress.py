"""Plan progress (二(四) N2/N3; issue 13 item 4): planned / started / open per year and district,
on the dashboard and in the monthly bulletin's section; demo plans never count."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from futurecommunity.centres import services
from futurecommunity.centres.bulletin import bulletin_section
from futurecommunity.centres.selectors import YearProgress, plan_progress
from futurecommunity.centres.tests import factories as f
from futurecommunity.projects.tests.factories import KEQIAO_STREET, TASHAN, YUECHENG

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(yuecheng_editor, tashan_editor):  # type: ignore[no-untyped-def]
    """越城区 adopts three sites: two in 2025 (one started, one open), one in 2026; 柯桥区 has
    a demo plan."""
    sites = [f.site(TASHAN, i=k, j=k, name=n) for k, n in ((2, "甲"), (5, "乙"), (8, "丙"))]
    plan = services.plan_adopt(actor=yuecheng_editor, scenario=f.done_scenario(YUECHENG, sites))
    first, second, _third = (i.centre for i in plan.items.order_by("year", "rank"))
    services.centre_advance(actor=tashan_editor, centre=first, status="building")
    services.centre_advance(actor=tashan_editor, centre=second, status="building")
    services.centre_advance(actor=tashan_editor, centre=second, status="open")
    demo = f.plan(KEQIAO_STREET)
    demo.is_demo = True
    demo.save(update_fields=["is_demo"])
    return plan


def test_progress_by_district_and_year_without_demo_plans(adopted) -> None:
    assert plan_progress() == [
        YearProgress(YUECHENG, 2025, 2, 2, 1),
        YearProgress(YUECHENG, 2026, 1, 0, 0),
    ]
    assert plan_progress(prefix=KEQIAO_STREET) == []
    # a superseded plan no longer counts: only the current plan of each district
    type(adopted).objects.filter(pk=adopted.pk).update(is_current=False)
    assert plan_progress() == []


def test_bulletin_section_reads_the_same_numbers(adopted) -> None:
    section = bulletin_section(dt.date(2026, 6, 1), dt.date(2026, 6, 30)).as_json()
    assert section["tables"][0]["rows"] == [
        ["越城区", "2025年", "2", "2", "1"],
        ["越城区", "2026年", "1", "0", "0"],
    ]
    assert "共规划邻里中心 3 个，已开工 2 个，已开放 1 个" in section["paragraphs"][0]
    assert "计划2026年及以前建成的 3 个中已开放 1 个" in section["paragraphs"][0]


def test_dashboard_panel_in_scope(adopted, client, city_editor, keqiao_editor) -> None:
    client.force_login(city_editor)
    page = client.get(reverse("dashboard")).content.decode()
    panel = page[page.index('id="centre-plan-panel"') :]
    assert "规划 3 个，已开工 2 个，已开放 1 个" in panel
    assert re.search(r"<th>越城区</th><td>2 / 2 / <b>1</b></td><td>1 / 0 / <b>0</b></td>", panel)
    assert "柯桥区" not in panel[: panel.index("</section>")]
    client.force_login(keqiao_editor)
    page = client.get(reverse("dashboard")).content.decode()
    assert "尚无已确定的布点规划。" in page  # its own (demo) plan does not count
