"""A scenario end to end on a real (small) street network: residents, an existing centre,
candidate sites; the answer is checked by hand and by the command line."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from futurecommunity.centres import services
from futurecommunity.centres.models import ScenarioStatus
from futurecommunity.centres.tests import factories as f
from futurecommunity.common.errors import DomainError
from futurecommunity.lifecircle.tests.factories import HUAYUAN, SHENYUAN, make_network, seed_tashan
from futurecommunity.projects.tests.factories import LUOBEI, TASHAN, YUECHENG

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(city_editor):
    make_network()
    seed_tashan(city_editor)  # residents 1000 @(1,1), 500 @(2,2), 800 @(8,8), 300 @(9,2)
    return {
        "a": f.site(TASHAN, i=8, j=7, community=SHENYUAN, name="甲", cost="100"),
        "b": f.site(TASHAN, i=9, j=3, community=SHENYUAN, name="乙", cost="100"),
        "c": f.site(TASHAN, i=5, j=5, community=HUAYUAN, name="丙", cost="100"),
    }


def _scenario(actor, sites, centres, one_per_community=True, fill=False):
    data = services.ScenarioInput(
        district_code=YUECHENG, name="测试", services=("centre",), radius_m=300, mode="mclp",
        centres=centres, target_share=None, one_per_community=one_per_community,
        site_ids=tuple(s.pk for s in sites), budget_per_year=Decimal(500), count_per_year=3,
        first_year=2025, fill_every_community=fill,
    )  # fmt: skip
    scenario = services.scenario_submit(actor=actor, data=data, queue=False)
    return services.scenario_execute(scenario)


def test_scenario_covers_what_the_existing_centre_misses(world, yuecheng_editor):
    # the existing centre at (2,1) already serves the 1,500 residents of (1,1) and (2,2)
    one = _scenario(yuecheng_editor, list(world.values()), 1)
    assert one.status == ScenarioStatus.DONE
    assert [c["name"] for c in one.result["chosen"]] == ["甲"]
    assert one.result["newly_covered"] == 800 and one.result["baseline_covered"] == 1500
    assert one.result["gap"] == 0
    # the before/after map: who was covered before, and which chosen site newly covers whom
    points = {p[2]: (p[3], p[4]) for p in one.result["points"]}
    assert points == {1000: (1, []), 500: (1, []), 800: (0, [world["a"].pk]), 300: (0, [])}
    # two sites, but 甲 and 乙 are both in 沈园社区: one centre per community (二(四))
    two = _scenario(yuecheng_editor, list(world.values()), 2)
    assert two.result["newly_covered"] == 800
    free = _scenario(yuecheng_editor, list(world.values()), 2, one_per_community=False)
    assert free.result["newly_covered"] == 1100
    assert {c["name"] for c in free.result["chosen"]} == {"甲", "乙"}


def test_scenario_submit_queues_a_job(world, yuecheng_editor):
    from futurecommunity.jobs.models import Job

    data = services.ScenarioInput(
        district_code=YUECHENG, name="排队", services=("health",), radius_m=300, mode="cover",
        centres=None, target_share=Decimal("0.5"), one_per_community=False,
        site_ids=(world["a"].pk,), budget_per_year=Decimal(500), count_per_year=3, first_year=2025,
    )  # fmt: skip
    scenario = services.scenario_submit(actor=yuecheng_editor, data=data)
    assert Job.objects.get(pk=scenario.job_id).kind == "centres.siting"


def test_no_network_is_a_clear_refusal(yuecheng_editor):
    scenario = services.scenario_submit(
        actor=yuecheng_editor,
        data=services.ScenarioInput(
            district_code=YUECHENG,
            name="无路网",
            services=("centre",),
            radius_m=300,
            mode="mclp",
            centres=1,
            target_share=None,
            one_per_community=True,
            site_ids=(f.site(TASHAN).pk,),
            budget_per_year=Decimal(500),
            count_per_year=3,
            first_year=2025,
        ),  # fmt: skip
        queue=False,
    )
    with pytest.raises(DomainError, match="步行路网"):
        services.scenario_execute(scenario)
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.FAILED


def test_siting_run_command_prints_sites_population_and_gap(world):
    out = StringIO()
    call_command("siting_run", "--district", YUECHENG, "--centres", "2", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["population_newly_covered"] == 800
    assert payload["gap"] == 0 and payload["proven_optimal"] is True
    assert [c["name"] for c in payload["chosen"]] == ["甲"]
    with pytest.raises(CommandError):
        call_command("siting_run", "--district", "33", "--centres", "2")


def test_every_community_without_a_centre_gets_one(world, yuecheng_editor):
    # 罗北社区 has no centre and its only site covers nobody; 花园社区 already has a centre
    luobei = f.site(TASHAN, i=0, j=10, community=LUOBEI, name="丁")
    sites = [world["a"], world["c"], luobei]
    plain = _scenario(yuecheng_editor, sites, 2)
    assert {c["name"] for c in plain.result["chosen"]} == {"甲"}
    filled = _scenario(yuecheng_editor, sites, 2, fill=True)
    assert {c["name"] for c in filled.result["chosen"]} == {"甲", "丁"}  # not 丙 (花园 is served)
    assert filled.result["newly_covered"] == 800 and filled.result["gap"] == 0
    with pytest.raises(DomainError, match="二\\(四\\)"):
        _scenario(yuecheng_editor, sites, 1, fill=True)  # two communities need one, p = 1
