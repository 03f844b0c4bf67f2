"""Pure policy of 三(一): the notice period, the consent threshold and the gate verdict.

No ORM. Numbers come in as ``NoticePolicy`` built from the configuration rows (NoticeSetting).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from fractions import Fraction

CLAUSE = "三(一)"


@dataclass(frozen=True)
class NoticePolicy:
    period_days: int
    calendar_days: bool  # False: only Monday–Friday count
    publication_day_counts: bool
    consent_share: Fraction


def parse_share(text: str) -> Fraction:
    """'1', '2/3' or '0.75' → a fraction in (0, 1]; ValueError (Chinese) otherwise."""
    cleaned = text.strip()
    if not re.fullmatch(r"\d+(\.\d+)?(/\d+)?", cleaned):
        raise ValueError(f"同意比例“{text}”格式不正确，应为如 1、2/3、0.75 的数。")
    share = Fraction(cleaned)
    if share <= 0 or share > 1:
        raise ValueError("同意比例须大于 0 且不超过 1。")
    return share


def _counts(day: dt.date, policy: NoticePolicy) -> bool:
    return policy.calendar_days or day.weekday() < 5


def first_counted_day(start_on: dt.date, policy: NoticePolicy) -> dt.date:
    """The first day that counts towards the period (the publication day or the next one)."""
    day = start_on if policy.publication_day_counts else start_on + dt.timedelta(days=1)
    while not _counts(day, policy):
        day += dt.timedelta(days=1)
    return day


def counted_days(start_on: dt.date, through: dt.date, policy: NoticePolicy) -> int:
    """How many counting days lie from the first counted day up to and including ``through``."""
    day, total = first_counted_day(start_on, policy), 0
    while day <= through:
        total += _counts(day, policy)
        day += dt.timedelta(days=1)
    return total


def earliest_end(start_on: dt.date, policy: NoticePolicy) -> dt.date:
    """The last day of a period of exactly ``period_days`` counting days."""
    day, total = first_counted_day(start_on, policy), 0
    while True:
        total += _counts(day, policy)
        if total >= policy.period_days:
            return day
        day += dt.timedelta(days=1)


@dataclass(frozen=True)
class NoticeProgress:
    served_days: int  # counting days fully passed before ``today``
    days_left: int  # counting days still to pass (0 = period complete)
    is_finished: bool  # today is after the announced end and the period is long enough


def notice_progress(
    start_on: dt.date, end_on: dt.date, today: dt.date, policy: NoticePolicy
) -> NoticeProgress:
    """A day counts once it has fully passed: on day 7 of a 7-day notice one day is still left,
    the day after it the notice is finished (三(一) “公示7天后”)."""
    yesterday = today - dt.timedelta(days=1)
    served = counted_days(start_on, min(yesterday, end_on), policy)
    needed = max(policy.period_days, counted_days(start_on, end_on, policy))
    left = max(0, needed - served)
    return NoticeProgress(
        served_days=served, days_left=left, is_finished=today > end_on and not left
    )


def required_consents(total: int, share: Fraction) -> int:
    """Households that must agree: ⌈share × listed⌉ (a share of 1 means all of them)."""
    return math.ceil(share * total)


@dataclass(frozen=True)
class ConsentCount:
    listed: int
    agreed: int


@dataclass(frozen=True)
class GateVerdict:
    applies: bool
    satisfied: bool
    notice_days_left: int | None  # None: no notice published at all
    consents_missing: int
    reason: str


def gate_verdict(
    *,
    uses_existing_land: bool,
    progress: NoticeProgress | None,
    consent: ConsentCount,
    policy: NoticePolicy,
) -> GateVerdict:
    """三(一): works on existing land start only after a finished notice and enough consent."""
    if not uses_existing_land:
        return GateVerdict(False, True, 0, 0, "")
    needed = required_consents(consent.listed, policy.consent_share)
    missing = max(0, needed - consent.agreed) if consent.listed else 0
    problems = []
    if progress is None:
        problems.append(f"尚未发布实施方案公示（须公示{policy.period_days}天）")
    elif not progress.is_finished:
        problems.append(f"实施方案公示期未满，还差 {progress.days_left} 天")
    if not consent.listed:
        problems.append("尚未登记利害关系人名册")
    elif missing:
        problems.append(
            f"利害关系人同意 {consent.agreed}/{consent.listed} 户，还差 {missing} 户"
            f"（须达到 {needed} 户）"
        )
    satisfied = not problems
    reason = (
        ""
        if satisfied
        else f"本项目利用小区及周边存量土地，依据{CLAUSE}须实施方案公示{policy.period_days}天后"
        f"经利害关系人同意方可开工建设：{'；'.join(problems)}。"
    )
    return GateVerdict(
        True,
        satisfied,
        None if progress is None else progress.days_left,
        missing if consent.listed else 0,
        reason,
    )


def mask_contact(contact: str) -> str:
    """138****5678 for a phone number; otherwise the first character and asterisks."""
    value = contact.strip()
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7 and len(digits) == len(value.replace("-", "").replace(" ", "")):
        return f"{digits[:3]}****{digits[-4:]}"
    return value[0] + "*" * max(2, len(value) - 1)


def mask_name(name: str) -> str:
    value = name.strip()
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)
