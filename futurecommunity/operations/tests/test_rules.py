"""Pure rules: credit codes, effective operation at its thresholds, funding, reconciliation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from futurecommunity.operations import rules

P = rules.Parameters(
    min_services_open=3,
    min_satisfaction_percent=Decimal("80"),
    min_hours_kept_percent=Decimal("90"),
    quarters_required=2,
    report_due_days=15,
)
AS_OF = dt.date(2026, 10, 20)  # last completed quarters: 2026Q3 and 2026Q2


def q(year, quarter, *, confirmed=True, open_=3, responses=100, satisfied=80, hours="90"):  # type: ignore[no-untyped-def]
    return rules.QuarterFacts(year, quarter, confirmed, open_, responses, satisfied, Decimal(hours))


def test_credit_code_check_digit_is_verified() -> None:
    code = rules.credit_code_with_check("91330602MA2D4XY70")
    assert rules.credit_code_problem(code) is None
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    assert "校验位" in (rules.credit_code_problem(wrong) or "")
    assert "18位" in (rules.credit_code_problem(code[:17]) or "")
    assert "不允许的字符" in (rules.credit_code_problem("I" + code[1:]) or "")


def test_exactly_at_every_threshold_is_effective() -> None:
    verdict = rules.judge_effective([q(2026, 2), q(2026, 3)], as_of=AS_OF, params=P)
    assert verdict.effective and verdict.reasons == ()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"open_": 2}, "正常开放服务 2 项，少于 3 项"),
        ({"satisfied": 79}, "居民满意度 79.0%，低于 80%"),
        ({"hours": "89.9"}, "开放时间履约率 89.9%，低于 90%"),
        ({"confirmed": False}, "尚未经区、县（市）确认"),
        ({"responses": 0, "satisfied": 0}, "没有居民满意度调查样本"),
    ],
)
def test_just_below_one_threshold_is_not_effective_and_says_why(change, words) -> None:  # type: ignore[no-untyped-def]
    verdict = rules.judge_effective([q(2026, 2), q(2026, 3, **change)], as_of=AS_OF, params=P)
    assert not verdict.effective
    assert (
        len(verdict.reasons) == 1 and words in verdict.reasons[0] and "三(三)" in verdict.reasons[0]
    )


def test_a_missing_quarter_and_an_old_good_quarter_do_not_count() -> None:
    verdict = rules.judge_effective([q(2026, 1), q(2026, 3)], as_of=AS_OF, params=P)
    assert not verdict.effective
    assert verdict.reasons == ("2026年第2季度未报送运营指标（三(三)）。",)


def test_required_quarters_come_from_the_parameter_across_a_year_end() -> None:
    params = rules.Parameters(3, Decimal(80), Decimal(90), 3, 15)
    facts = [q(2025, 4), q(2026, 1)]
    verdict = rules.judge_effective(facts, as_of=dt.date(2026, 4, 2), params=params)
    assert verdict.reasons == ("2025年第3季度未报送运营指标（三(三)）。",)


def test_report_due_and_late_at_the_boundary() -> None:
    assert rules.report_due(2026, 3, P) == dt.date(2026, 10, 15)
    assert not rules.is_late(2026, 3, dt.date(2026, 10, 15), P)
    assert rules.is_late(2026, 3, dt.date(2026, 10, 16), P)
    assert rules.quarter_end(2024, 1) == dt.date(2024, 3, 31)


def test_funding_totals_and_social_capital_share() -> None:
    totals = rules.funding_totals(
        [
            rules.SourceAmount("district", Decimal("100.00"), Decimal("60.00")),
            rules.SourceAmount("social_capital", Decimal("50.00"), Decimal("30.00")),
            rules.SourceAmount("developer", Decimal("10.00"), Decimal("10.00")),
        ]
    )
    assert totals.planned == Decimal("160.00") and totals.received == Decimal("100.00")
    assert totals.social_capital_share == Decimal("40.0")
    assert rules.funding_totals([]).social_capital_share is None


def test_reconciliation_shows_the_difference() -> None:
    assert rules.reconcile(Decimal(100), Decimal(100)).difference == 0
    short = rules.reconcile(Decimal(100), Decimal(150))
    assert (
        short.difference == Decimal(-50)
        and "多 50.00 元" in short.sentence
        and "三(二)" in short.sentence
    )
    assert rules.reconcile(Decimal(100), None).difference is None


def test_the_pooled_fund_cannot_be_overdrawn() -> None:
    balance = rules.StreetFundBalance(Decimal(100), Decimal(30), Decimal(20))
    assert rules.may_spend(balance, Decimal(50)) is None
    assert "不足以支出" in (rules.may_spend(balance, Decimal("50.01")) or "")
