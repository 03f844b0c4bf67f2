"""Pure rules of reporting: months and quarters, lateness, scores, ranks with ties, incentives.

No ORM here. Policy numbers (due day, weights, incentive quota) arrive as parameters loaded from
``ReportingParameter`` / ``Indicator`` rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from futurecommunity.common.time import month_end

# Projects that owe a monthly report at a month end: listed and not yet accepted (四 S1).
REPORTING_STATUSES = frozenset(
    {"listed", "under_construction", "acceptance_requested", "acceptance_failed"}
)
TWO = Decimal("0.01")


def parse_month(text: str) -> dt.date:
    """'2025-06' → 2025-06-01; a Chinese ValueError otherwise."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"月份“{text}”格式不正确，应为 YYYY-MM。")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def month_last_day(month: dt.date) -> dt.date:
    return month_end(month.year, month.month)


def parse_quarter(text: str) -> tuple[int, int]:
    """'2025Q2' → (2025, 2)."""
    match = re.fullmatch(r"(\d{4})Q([1-4])", text.strip().upper())
    if not match:
        raise ValueError(f"季度“{text}”格式不正确，应为 YYYYQn，例如 2025Q2。")
    return int(match.group(1)), int(match.group(2))


def quarter_months(year: int, quarter: int) -> list[dt.date]:
    return [dt.date(year, 3 * (quarter - 1) + i, 1) for i in (1, 2, 3)]


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    months = quarter_months(year, quarter)
    return months[0], month_last_day(months[-1])


def due_date(month: dt.date, due_day: int) -> dt.date:
    """The report for ``month`` is due on ``due_day`` of that month (四 S1); the month is
    frozen at its end."""
    return month.replace(day=min(due_day, month_last_day(month).day))


def is_late(submitted_on: dt.date, month: dt.date, due_day: int) -> bool:
    return submitted_on > due_date(month, due_day)


def rank_with_ties(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Competition ranking: equal scores share a rank, the next rank is skipped (1, 1, 3)."""
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    ranks: dict[str, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (code, score) in enumerate(ordered, start=1):
        if score != previous:
            rank = position
            previous = score
        ranks[code] = rank
    return ranks


def movement(previous: int | None, current: int) -> str:
    """↑ better than last quarter, ↓ worse, → same, 新 no previous rank."""
    if previous is None:
        return "新"
    if current < previous:
        return f"↑{previous - current}"
    if current > previous:
        return f"↓{current - previous}"
    return "→"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    weight: Decimal


@dataclass(frozen=True)
class Ratio:
    """Numerator and denominator behind one indicator; ``None`` denominator = not applicable."""

    numerator: int
    denominator: int | None
    note: str = ""
    full_when_empty: bool = True

    @property
    def rate(self) -> Decimal | None:
        if self.denominator is None:
            return None
        if self.denominator == 0:
            return Decimal(1) if self.full_when_empty else Decimal(0)
        return min(Decimal(self.numerator) / Decimal(self.denominator), Decimal(1))


@dataclass(frozen=True)
class ScoreLine:
    code: str
    name: str
    weight: Decimal
    numerator: int
    denominator: int | None
    rate: Decimal | None
    points: Decimal
    note: str


@dataclass(frozen=True)
class Score:
    region_code: str
    total: Decimal
    lines: tuple[ScoreLine, ...] = field(default_factory=tuple)


def score(region_code: str, specs: Sequence[IndicatorSpec], ratios: Mapping[str, Ratio]) -> Score:
    """Weighted score out of 100: points = weight × rate; indicators not applicable to the
    region (no denominator) drop out and the rest are rescaled to 100 (四 S2)."""
    lines = []
    applicable = Decimal(0)
    earned = Decimal(0)
    for spec in specs:
        ratio = ratios.get(spec.code, Ratio(0, None, "无数据"))
        rate = ratio.rate
        points = Decimal(0) if rate is None else (spec.weight * rate).quantize(TWO, ROUND_HALF_UP)
        if rate is not None:
            applicable += spec.weight
            earned += points
        lines.append(
            ScoreLine(
                spec.code,
                spec.name,
                spec.weight,
                ratio.numerator,
                ratio.denominator,
                rate,
                points,
                ratio.note,
            )
        )
    total = (earned * 100 / applicable).quantize(TWO, ROUND_HALF_UP) if applicable else Decimal(0)
    return Score(region_code, total, tuple(lines))


@dataclass(frozen=True)
class Recommendation:
    region_code: str
    average: Decimal
    quarters: int
    reason: str


def incentive_candidates(
    yearly: Mapping[str, Sequence[Decimal]],
    names: Mapping[str, str],
    *,
    top_n: int,
    min_score: Decimal,
) -> list[Recommendation]:
    """Districts with the best average quarterly score of the year, at most ``top_n`` (ties at
    the cut-off all go in) and at least ``min_score`` on average (四 S5)."""
    averages = {
        code: (sum(values, Decimal(0)) / len(values)).quantize(TWO, ROUND_HALF_UP)
        for code, values in yearly.items()
        if values
    }
    ranks = rank_with_ties(averages)
    chosen = []
    for code, rank in sorted(ranks.items(), key=lambda item: (item[1], item[0])):
        if rank > top_n or averages[code] < min_score:
            continue
        chosen.append(
            Recommendation(
                code,
                averages[code],
                len(yearly[code]),
                f"{names.get(code, code)}全年 {len(yearly[code])} 个季度考评平均 {averages[code]} 分，"
                f"位列第 {rank} 名，达到推荐条件（前 {top_n} 名且不低于 {min_score} 分，四 S5）。",
            )
        )
    return chosen
