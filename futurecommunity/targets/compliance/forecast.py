"""Forecast (issue 4): the pace each district needs per level to reach its 2026 plan (pure).

For every district × level of the plan table (附件): remaining = planned total − created so far
(same counting as G2: listed or later, not withdrawn/rejected); needed pace = remaining ÷ whole
months left to the deadline (the deadline month counts); recent pace = projects that entered
the creation list in the last 6 / 12 months ÷ 6 / 12, read from the transition history; best
pace = the most created in any window of 6 months ending at a month end (or on ``as_of``)
since the first creation of that district and level. A district is at risk (有风险) when the
needed pace exceeds its best pace: it would have to do better than it ever has. Window lengths
come in as arguments (configuration rows in ``rule_parameters.csv``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from futurecommunity.projects.rules import LISTED_OR_LATER
from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.targets.rules import LEVELS, TargetRow, counted_built, coverage

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Pace:
    district_code: str
    district_name: str
    level: str
    planned: int
    created: int
    months_left: int
    needed: Decimal  # per month
    recent_short: Decimal  # per month over the last ``short`` months
    recent_long: Decimal  # per month over the last ``long`` months
    best: Decimal  # best per-month pace over any window of ``best`` months
    at_risk: bool

    @property
    def remaining(self) -> int:
        return max(self.planned - self.created, 0)


def months_left(as_of: dt.date, deadline: dt.date) -> int:
    """Whole calendar months from ``as_of``'s month to the deadline's month, both included."""
    return max((deadline.year - as_of.year) * 12 + deadline.month - as_of.month + 1, 0)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _per_month(count: int, months: int) -> Decimal:
    return (Decimal(count) / Decimal(months)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def count_in_window(dates: Sequence[dt.date], end: dt.date, months: int) -> int:
    """Dates in the window (``end`` − ``months``, ``end``]."""
    start = months_before(end, months)
    return sum(start < day <= end for day in dates)


def best_window(dates: Sequence[dt.date], as_of: dt.date, months: int) -> int:
    """Most dates in any ``months``-long window ending at a month end up to ``as_of`` (or it)."""
    if not dates:
        return 0
    ends = []
    year, month = min(dates).year, min(dates).month
    while (year, month) <= (as_of.year, as_of.month):
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(min(nxt - dt.timedelta(days=1), as_of))
        year, month = nxt.year, nxt.month
    return max(count_in_window(dates, end, months) for end in ends)


def creation_dates(
    facts: Sequence[ProjectFact], as_of: dt.date, years: frozenset[int]
) -> dict[tuple[str, str], list[dt.date]]:
    """Per (district, level): the day each project still counted as created entered the list."""
    found: dict[tuple[str, str], list[dt.date]] = {}
    for fact in facts:
        if fact.creation_year not in years or fact.status_on(as_of) not in LISTED_OR_LATER:
            continue
        day = fact.first_reached(LISTED_OR_LATER, as_of)
        if day is not None:
            found.setdefault((fact.district_code, fact.level), []).append(day)
    return found


def forecast(
    *,
    facts: Sequence[ProjectFact],
    targets: Sequence[TargetRow],
    district_names: dict[str, str],
    as_of: dt.date,
    deadline: dt.date,
    short: int = 6,
    long: int = 12,
    best: int = 6,
) -> list[Pace]:
    """One ``Pace`` per district × level with a planned total, in district then level order."""
    planned: dict[tuple[str, str], int] = {}
    for row in targets:
        planned[(row.district_code, row.level)] = (
            planned.get((row.district_code, row.level), 0) + row.target
        )
    dates = creation_dates(facts, as_of, frozenset(t.year for t in targets))
    left = months_left(as_of, deadline)
    paces = []
    for (district, level), total in sorted(
        planned.items(), key=lambda kv: (kv[0][0], LEVELS.index(kv[0][1]))
    ):
        mine = dates.get((district, level), [])
        remaining = max(total - len(mine), 0)
        needed = _per_month(remaining, left) if left else Decimal(remaining)
        best_count = best_window(mine, as_of, best)
        paces.append(
            Pace(
                district_code=district,
                district_name=district_names.get(district, district),
                level=level,
                planned=total,
                created=len(mine),
                months_left=left,
                needed=needed,
                recent_short=_per_month(count_in_window(mine, as_of, short), short),
                recent_long=_per_month(count_in_window(mine, as_of, long), long),
                best=_per_month(best_count, best),
                # Exact comparison (remaining/left > best_count/best) so rounding cannot decide.
                at_risk=remaining > 0 and (left == 0 or remaining * best > best_count * left),
            )
        )
    return paces


@dataclass(frozen=True)
class DistrictMonths:
    """One district's position at each month end: coverage % and projects built (cumulative)."""

    code: str
    name: str
    coverage: tuple[Decimal, ...]
    built: tuple[int, ...]


def district_months(
    *,
    facts: Sequence[ProjectFact],
    urban_codes: frozenset[str],
    district_names: dict[str, str],
    days: Sequence[dt.date],
) -> list[DistrictMonths]:
    """Month-by-month series per district (G3 coverage; built = accepted or later, created 2023 on —
    the baseline's 62 have no district split)."""
    series = []
    for code, name in sorted(district_names.items()):
        mine = [f for f in facts if f.district_code == code]
        recent = [f for f in mine if f.creation_year >= 2023]
        series.append(
            DistrictMonths(
                code=code,
                name=name,
                coverage=tuple(coverage(mine, urban_codes, day, code).percent for day in days),
                built=tuple(len(counted_built(recent, day)) for day in days),
            )
        )
    return series
