"""三(一) period and consent arithmetic (pure)."""

import datetime as dt
from fractions import Fraction

import pytest

from futurecommunity.notices import rules

MONDAY = dt.date(2026, 3, 2)
POLICY = rules.NoticePolicy(
    period_days=7, calendar_days=True, publication_day_counts=False, consent_share=Fraction(1)
)


def _progress(today: dt.date, policy: rules.NoticePolicy = POLICY) -> rules.NoticeProgress:
    return rules.notice_progress(MONDAY, rules.earliest_end(MONDAY, policy), today, policy)


def test_publication_day_does_not_count_so_period_ends_on_the_seventh_day_after():
    assert rules.first_counted_day(MONDAY, POLICY) == dt.date(2026, 3, 3)
    assert rules.earliest_end(MONDAY, POLICY) == dt.date(2026, 3, 9)


def test_on_day_six_two_days_are_left():
    progress = _progress(dt.date(2026, 3, 8))  # 3-3 … 3-7 passed; today 3-8 is counted day 6
    assert (progress.served_days, progress.days_left, progress.is_finished) == (5, 2, False)


def test_on_day_seven_the_notice_is_still_running():
    progress = _progress(dt.date(2026, 3, 9))
    assert (progress.served_days, progress.days_left, progress.is_finished) == (6, 1, False)


def test_after_day_seven_has_passed_the_notice_is_finished():
    progress = _progress(dt.date(2026, 3, 10))
    assert (progress.served_days, progress.days_left, progress.is_finished) == (7, 0, True)


def test_counting_the_publication_day_finishes_one_day_earlier():
    policy = rules.NoticePolicy(7, True, True, Fraction(1))
    assert rules.earliest_end(MONDAY, policy) == dt.date(2026, 3, 8)
    assert _progress(dt.date(2026, 3, 8), policy).is_finished is False
    assert _progress(dt.date(2026, 3, 9), policy).is_finished is True


def test_working_days_skip_the_weekend():
    policy = rules.NoticePolicy(7, False, False, Fraction(1))
    # Tue 3-3 … Fri 3-6 (4), Mon 3-9 … Wed 3-11 (3)
    assert rules.earliest_end(MONDAY, policy) == dt.date(2026, 3, 11)


@pytest.mark.parametrize(
    ("share", "listed", "required"),
    [("1", 9, 9), ("2/3", 9, 6), ("2/3", 10, 7), ("0.75", 4, 3), ("0.75", 5, 4)],
)
def test_required_consents_round_up(share, listed, required):
    assert rules.required_consents(listed, rules.parse_share(share)) == required


@pytest.mark.parametrize("text", ["0", "1.5", "abc", "3/2", "-1"])
def test_bad_shares_are_refused_in_chinese(text):
    with pytest.raises(ValueError, match="同意比例"):
        rules.parse_share(text)


def _verdict(agreed: int, listed: int, share: str, today: dt.date) -> rules.GateVerdict:
    policy = rules.NoticePolicy(7, True, False, rules.parse_share(share))
    return rules.gate_verdict(
        uses_existing_land=True,
        progress=_progress(today, policy),
        consent=rules.ConsentCount(listed=listed, agreed=agreed),
        policy=policy,
    )


def test_gate_opens_exactly_at_the_consent_threshold():
    verdict = _verdict(6, 9, "2/3", dt.date(2026, 3, 10))
    assert verdict.satisfied is True
    assert verdict.reason == ""


def test_gate_stays_shut_one_consent_short_and_says_how_many():
    verdict = _verdict(5, 9, "2/3", dt.date(2026, 3, 10))
    assert verdict.satisfied is False
    assert verdict.consents_missing == 1
    assert "三(一)" in verdict.reason and "还差 1 户" in verdict.reason


def test_gate_names_days_left_and_missing_consent_together():
    verdict = _verdict(0, 3, "1", dt.date(2026, 3, 9))
    assert "还差 1 天" in verdict.reason and "还差 3 户" in verdict.reason


def test_gate_without_register_is_shut():
    assert "尚未登记利害关系人名册" in _verdict(0, 0, "1", dt.date(2026, 3, 10)).reason


def test_gate_does_not_apply_without_existing_land():
    verdict = rules.gate_verdict(
        uses_existing_land=False,
        progress=None,
        consent=rules.ConsentCount(0, 0),
        policy=POLICY,
    )
    assert (verdict.applies, verdict.satisfied) == (False, True)


@pytest.mark.parametrize(
    ("contact", "masked"),
    [("13912345678", "139****5678"), ("0575-85123456", "057****3456"), ("wx_abc", "w*****")],
)
def test_contact_is_masked(contact, masked):
    assert rules.mask_contact(contact) == masked
