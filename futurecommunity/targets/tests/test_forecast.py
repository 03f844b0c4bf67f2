"""Forecast arithmetic on hand-computed histories (pure, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.targets.compliance.forecast import (
    best_window,
    count_in_window,
    forecast,
    months_before,
    months_left,
)
from futurecommunity.targets.rules import TargetRow

D = dt.date
YUECHENG, KEQIAO = "330602", "330603"
NAMES = {YUECHENG: "越城区", KEQIAO: "柯桥区"}
DEADLINE = D(2026, 12, 31)


def fact(n: int, listed_on: dt.date, *, district=YUECHENG, level="county", year=2024, then=None):
    history = [(listed_on - dt.timedelta(days=10), "declared"), (listed_on, "listed")]
    if then:
        history.append(then)
    return ProjectFact(
        reference=f"FC-{n}",
        name=f"测试{n}",
        district_code=district,
        street_code=district + "001",
        community_codes=(),
        level=level,
        build_type="renovation",
        creation_year=year,
        is_key_area=False,
        is_linked_renovation=False,
        history=tuple(history),
    )


def test_months_left_counts_the_current_and_the_deadline_month() -> None:
    assert months_left(D(2026, 12, 5), DEADLINE) == 1
    assert months_left(D(2025, 1, 15), DEADLINE) == 24
    assert months_left(D(2027, 1, 1), DEADLINE) == 0


def test_months_before_clamps_to_a_shorter_month() -> None:
    assert months_before(D(2024, 8, 31), 6) == D(2024, 2, 29)
    assert months_before(D(2024, 3, 15), 12) == D(2023, 3, 15)


def test_window_excludes_its_start_and_includes_its_end() -> None:
    dates = [D(2024, 1, 31), D(2024, 2, 1), D(2024, 7, 31)]
    assert count_in_window(dates, D(2024, 7, 31), 6) == 2  # (01-31, 07-31]


def test_best_window_slides_over_month_ends() -> None:
    # 3 in Jan–Mar 2024, then 1 in Dec 2024: best 6 months = 3.
    dates = [D(2024, 1, 10), D(2024, 2, 10), D(2024, 3, 10), D(2024, 12, 10)]
    assert best_window(dates, D(2025, 6, 30), 6) == 3
    assert best_window([], D(2025, 6, 30), 6) == 0


def test_forecast_needed_recent_and_best_pace_by_hand() -> None:
    """越城 county: plan 2024 10 + 2025 14 = 24; created 6 on 2025-07-01, Jul 2025–Dec 2026 left."""
    targets = [
        TargetRow(YUECHENG, 2024, "county", 10),
        TargetRow(YUECHENG, 2025, "county", 14),
    ]
    listed = [
        D(2024, 3, 1),
        D(2024, 4, 1),
        D(2024, 5, 1),  # 3 within Dec 2023–May 2024: the best 6-month window
        D(2024, 11, 1),
        D(2025, 2, 1),
        D(2025, 5, 1),
    ]
    facts = [fact(i, day) for i, day in enumerate(listed)]
    facts.append(fact(99, D(2025, 3, 1), then=(D(2025, 4, 1), "withdrawn")))  # not counted
    [pace] = forecast(
        facts=facts, targets=targets, district_names=NAMES, as_of=D(2025, 7, 1), deadline=DEADLINE
    )
    assert (pace.planned, pace.created, pace.remaining, pace.months_left) == (24, 6, 18, 18)
    assert pace.needed == Decimal("1.00")  # 18 ÷ 18
    assert pace.recent_short == Decimal("0.33")  # 2025-02-01 and 05-01 in (01-01, 07-01]: 2 ÷ 6
    assert pace.recent_long == Decimal("0.25")  # 2024-11-01, 2025-02-01, 05-01: 3 ÷ 12
    assert pace.best == Decimal("0.50")  # 3 ÷ 6
    assert pace.at_risk is True  # 1.00 a month needed, never more than 0.50 achieved


def test_not_at_risk_when_the_needed_pace_equals_the_best() -> None:
    """Needed 3 ÷ 6 months = 0.5 a month, best window 3 in 6 months = 0.5: not above → no risk."""
    targets = [TargetRow(KEQIAO, 2026, "provincial", 6)]
    facts = [
        fact(i, day, district=KEQIAO, level="provincial", year=2026)
        for i, day in enumerate([D(2026, 1, 5), D(2026, 2, 5), D(2026, 3, 5)])
    ]
    [pace] = forecast(
        facts=facts, targets=targets, district_names=NAMES, as_of=D(2026, 7, 1), deadline=DEADLINE
    )
    assert (pace.remaining, pace.months_left, pace.needed, pace.best) == (
        3,
        6,
        Decimal("0.50"),
        Decimal("0.50"),
    )
    assert pace.at_risk is False


def test_plan_met_is_never_at_risk_and_past_deadline_with_a_gap_is() -> None:
    targets = [TargetRow(YUECHENG, 2024, "municipal", 1), TargetRow(KEQIAO, 2024, "county", 1)]
    facts = [fact(1, D(2024, 5, 1), level="municipal")]
    paces = forecast(
        facts=facts, targets=targets, district_names=NAMES, as_of=D(2027, 1, 5), deadline=DEADLINE
    )
    by_key = {(p.district_code, p.level): p for p in paces}
    assert by_key[(YUECHENG, "municipal")].at_risk is False
    late = by_key[(KEQIAO, "county")]
    assert (late.months_left, late.needed, late.at_risk) == (0, Decimal(1), True)
