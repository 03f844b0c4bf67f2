import numpy as np
import pytest

from futurecommunity.lifecircle.engine.accessibility import AccessibilityResult
from futurecommunity.lifecircle.engine.coverage import (
    Gap,
    LevelRule,
    LifeCircleParameters,
    aggregate,
    gap_list,
)
from futurecommunity.lifecircle.engine.errors import EngineError

# Made-up thresholds for the test only; real ones come from configuration.
PARAMETERS = LifeCircleParameters(
    levels=(
        LevelRule("5min", ("childcare", "elderly"), max_walk_minutes=5),
        LevelRule("15min", ("health",), max_distance_m=1000),
    )
)


def _result() -> AccessibilityResult:
    # Four origins x three types; walking speed 100 m/min so minutes = metres / 100.
    nearest = np.array(
        [
            [200.0, 600.0, 900.0],
            [450.0, 100.0, 1200.0],
            [500.0, 500.0, np.inf],
            [np.inf, 50.0, 1000.0],
        ]
    )
    return AccessibilityResult(
        service_types=("childcare", "elderly", "health"),
        radii_m=np.array([300.0]),
        walking_speed_m_per_min=100.0,
        nearest_distance_m=nearest,
        nearest_facility=np.zeros((4, 3), dtype=np.int32),
        counts=np.zeros((4, 3, 1), dtype=np.int32),
    )


def test_aggregate_weights_coverage_by_population() -> None:
    table = aggregate(_result(), [100, 50, 30, 20], ["b", "a", "b", "a"], PARAMETERS)
    assert table.group_ids.tolist() == ["a", "b"]
    assert table.population.tolist() == [70, 130]
    five = table.level("5min")
    # group a: origin 1 (450 m, 100 m) both covered; origin 3 childcare missing.
    # group b: origin 0 elderly 600 m > 500 m; origin 2 exactly 500 m counts.
    assert five.covered_population.tolist() == [[50, 70], [130, 30]]
    assert five.all_covered_population.tolist() == [50, 30]
    fifteen = table.level("15min")
    assert fifteen.covered_population.tolist() == [[20], [100]]
    assert table.share(fifteen.covered_population)[:, 0].tolist() == pytest.approx(
        [20 / 70, 100 / 130]
    )


def test_gap_list_names_missing_services_and_affected_residents() -> None:
    table = aggregate(_result(), [100, 50, 30, 20], ["b", "a", "b", "a"], PARAMETERS)
    gaps = gap_list(table, PARAMETERS)
    assert gaps == [
        Gap("a", "5min", "childcare", 20.0, 50 / 70),
        Gap("a", "15min", "health", 50.0, 20 / 70),
        Gap("b", "5min", "elderly", 100.0, 30 / 130),
        Gap("b", "15min", "health", 30.0, 100 / 130),
    ]


def test_gap_threshold_comes_from_parameters() -> None:
    lenient = LifeCircleParameters(levels=PARAMETERS.levels, min_covered_share=0.5)
    table = aggregate(_result(), [100, 50, 30, 20], ["b", "a", "b", "a"], lenient)
    assert [(g.group_id, g.service_type) for g in gap_list(table, lenient)] == [
        ("a", "health"),
        ("b", "elderly"),
    ]


def test_empty_group_has_no_gaps() -> None:
    table = aggregate(_result(), [0, 0, 0, 0], [1, 1, 2, 2], PARAMETERS)
    assert gap_list(table, PARAMETERS) == []
    assert np.isnan(table.share(table.level("5min").covered_population)).all()


def test_level_needs_exactly_one_threshold() -> None:
    with pytest.raises(EngineError, match="either minutes or metres"):
        LevelRule("x", ("a",))
    with pytest.raises(EngineError, match="either minutes or metres"):
        LevelRule("x", ("a",), max_walk_minutes=5, max_distance_m=300)


def test_unknown_service_type_is_an_error() -> None:
    parameters = LifeCircleParameters(levels=(LevelRule("x", ("pool",), max_walk_minutes=5),))
    with pytest.raises(EngineError, match="unknown service type"):
        aggregate(_result(), [1, 1, 1, 1], [1, 1, 1, 1], parameters)


def test_weights_must_match_origins() -> None:
    with pytest.raises(EngineError, match="one value per origin"):
        aggregate(_result(), [1, 1], [1, 1], PARAMETERS)
