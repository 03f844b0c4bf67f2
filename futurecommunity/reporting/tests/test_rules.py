"""Pure rules: lateness, ranks with ties, weighted scores recomputed by hand, incentives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from futurecommunity.reporting import rules


def test_due_date_and_lateness():
    assert rules.due_date(dt.date(2026, 2, 1), 30) == dt.date(2026, 2, 28)
    assert rules.is_late(dt.date(2026, 6, 25), dt.date(2026, 6, 1), 25) is False
    assert rules.is_late(dt.date(2026, 6, 26), dt.date(2026, 6, 1), 25) is True


def test_equal_scores_share_a_rank_and_the_next_is_skipped():
    ranks = rules.rank_with_ties(
        {"A": D("90"), "B": D("85.5"), "C": D("90"), "D": D("70"), "E": D("85.5")}
    )
    assert ranks == {"A": 1, "C": 1, "B": 3, "E": 3, "D": 5}


def test_movement_arrows():
    assert [
        rules.movement(3, 1),
        rules.movement(1, 2),
        rules.movement(2, 2),
        rules.movement(None, 1),
    ] == [
        "↑2",
        "↓1",
        "→",
        "新",
    ]


def test_weighted_score_by_hand():
    specs = [
        rules.IndicatorSpec("a", "甲", D(60)),
        rules.IndicatorSpec("b", "乙", D(30)),
        rules.IndicatorSpec("c", "丙", D(10)),
    ]
    # a: 3/4 → 45.00; b: 1/3 → 10.00; c: no denominator → drops out, total = 55/90 × 100 = 61.11
    result = rules.score(
        "X", specs, {"a": rules.Ratio(3, 4), "b": rules.Ratio(1, 3), "c": rules.Ratio(0, None)}
    )
    assert [line.points for line in result.lines] == [D("45.00"), D("10.00"), D("0")]
    assert result.total == D("61.11")
    # empty denominator counts as full marks (no failures), capped at 100 %
    full = rules.score(
        "Y", specs, {"a": rules.Ratio(5, 4), "b": rules.Ratio(0, 0), "c": rules.Ratio(1, 1)}
    )
    assert full.total == D("100.00")


def test_incentive_takes_top_n_with_ties_above_the_floor():
    picks = rules.incentive_candidates(
        {"1": [D(90), D(80)], "2": [D(85), D(85)], "3": [D(85), D(85)], "4": [D(70), D(75)]},
        {"1": "越城区", "2": "柯桥区", "3": "上虞区", "4": "诸暨市"},
        top_n=1,
        min_score=D(80),
    )
    assert [p.region_code for p in picks] == ["1", "2", "3"]  # all tied at 85.00, rank 1
    assert "四 S5" in picks[0].reason


@pytest.mark.parametrize("text", ["2026-13", "26-01", "x"])
def test_bad_month_is_refused_in_chinese(text):
    with pytest.raises(ValueError, match="格式不正确"):
        rules.parse_month(text)
