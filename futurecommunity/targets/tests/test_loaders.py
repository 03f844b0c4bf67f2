"""The plan-table loader against data/targets (附件, G2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum

from futurecommunity.targets.loaders import PLAN_SOURCE, _read, load_targets
from futurecommunity.targets.models import Baseline, PlanTarget, RuleParameter
from futurecommunity.targets.selectors import baseline_rows, target_rows
from futurecommunity.targets.services import plan_target_update

pytestmark = pytest.mark.django_db


def test_plan_table_has_72_cells_six_districts_four_years_three_levels() -> None:
    assert PlanTarget.objects.count() == 72
    cells = set(PlanTarget.objects.values_list("district_id", "year", "level"))
    assert len(cells) == 72
    assert {d for d, _y, _l in cells} == {
        "330602",
        "330603",
        "330604",
        "330624",
        "330681",
        "330683",
    }
    assert {y for _d, y, _l in cells} == {2023, 2024, 2025, 2026}
    assert {lv for _d, _y, lv in cells} == {"provincial", "municipal", "county"}
    assert PlanTarget.objects.exclude(source=PLAN_SOURCE).count() == 0


def test_plan_totals_are_127_provincial_57_municipal_57_county() -> None:
    totals = dict(
        PlanTarget.objects.values("level")
        .annotate(total=Sum("target"))
        .values_list("level", "total")
    )
    assert totals == {"provincial": 127, "municipal": 57, "county": 57}


def test_baseline_of_62_provincial_brings_the_plan_to_303() -> None:
    baseline = Baseline.objects.get()
    assert (baseline.level, baseline.count, baseline.as_of) == (
        "provincial",
        62,
        dt.date(2022, 12, 31),
    )
    assert sum(t.target for t in target_rows()) + sum(b.count for b in baseline_rows()) == 303


def test_rule_parameters_carry_the_g1_goals() -> None:
    values = dict(RuleParameter.objects.values_list("key", "value"))
    assert values["g1_min_communities_2026"] == "300"
    assert values["g1_min_coverage_2026"] == "0.88"
    assert RuleParameter.objects.count() == len(_read("rule_parameters.csv"))


def test_loading_the_targets_again_creates_nothing() -> None:
    assert load_targets() == {"plan_targets": 0, "baseline": 0, "rule_parameters": 0}
    assert PlanTarget.objects.count() == 72


def test_a_fresh_load_creates_72_cells_one_baseline_and_every_parameter() -> None:
    PlanTarget.objects.all().delete()
    Baseline.objects.all().delete()
    RuleParameter.objects.all().delete()
    parameters = len(_read("rule_parameters.csv"))
    assert parameters >= 5
    assert load_targets() == {"plan_targets": 72, "baseline": 1, "rule_parameters": parameters}


def test_a_city_edit_of_a_plan_cell_survives_a_reload(city_editor) -> None:
    cell = PlanTarget.objects.get(district_id="330602", year=2024, level="municipal")
    plan_target_update(
        actor=city_editor, target_id=cell.pk, value=cell.target + 2, reason="绍风貌〔2024〕5号"
    )
    load_targets()
    assert PlanTarget.objects.get(pk=cell.pk).target == cell.target + 2


def test_a_locally_edited_rule_parameter_survives_a_reload() -> None:
    RuleParameter.objects.filter(key="g1_min_coverage_2026").update(value="0.9", confidence="local")
    load_targets()
    assert RuleParameter.objects.get(key="g1_min_coverage_2026").value == "0.9"


def test_a_drifted_sourced_rule_parameter_is_restored_by_a_reload() -> None:
    RuleParameter.objects.filter(key="g1_min_coverage_2026").update(value="0.5")
    load_targets()
    assert RuleParameter.objects.get(key="g1_min_coverage_2026").value == "0.88"


def test_a_key_dropped_from_the_file_is_removed_unless_the_city_set_it() -> None:
    fields = {"name": "旧改类建设期限", "value": "365", "clause": "二(一) T4", "source": "旧版"}
    RuleParameter.objects.create(key="t4_construction_days", confidence="sourced", **fields)
    RuleParameter.objects.create(key="city_own_row", confidence="local", **fields)
    load_targets()
    assert not RuleParameter.objects.filter(key="t4_construction_days").exists()
    assert RuleParameter.objects.filter(key="city_own_row").exists()
    assert RuleParameter.objects.get(key="t4_construction_years").value == "1"
