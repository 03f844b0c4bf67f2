"""Plausibility of a monthly report against last month's (四 S1): pure, no ORM.

A drop in progress or a cumulative investment that does not follow last month's is not refused —
it can be true (a re-survey, a correction) — but the official must give a reason to go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class Figures:
    percent_complete: Decimal
    investment_month: Decimal
    investment_to_date: Decimal


def _wan(value: Decimal) -> str:
    return f"{value / 10000:,.2f} 万元"


def warnings(previous: Figures | None, current: Figures) -> list[str]:
    if previous is None:
        return []
    found = []
    if current.percent_complete < previous.percent_complete:
        found.append(
            f"形象进度由上月 {previous.percent_complete}% 降至 {current.percent_complete}%。"
        )
    expected = previous.investment_to_date + current.investment_month
    if abs(current.investment_to_date - expected) > TOLERANCE:
        found.append(
            f"累计完成投资 {_wan(current.investment_to_date)} 不等于上月累计 "
            f"{_wan(previous.investment_to_date)} 加本月 {_wan(current.investment_month)}"
            f"（应为 {_wan(expected)}）。"
        )
    return found
