"""Programme arithmetic (G1, G2, G3): pure functions over frozen project facts.

Counting conventions (documented in docs/architecture.md):
- a project counts as *created* (创建, against the plan table) once it is listed or later and
  not withdrawn/rejected, in its creation year;
- *building* = under construction, acceptance requested or acceptance failed;
- *built* = accepted, published or operating (验收通过及以后);
- cumulative built towards 303 = baseline (62 provincial by 2022) + built projects created
  after the baseline date (registered pre-2023 projects are part of the baseline, not added);
- 梯度创建、迭代升级 (二(一)): a community upgraded to a higher level is one future community;
  towards 300 it counts once, at the highest level built (``counted_built``);
- coverage (G3) = distinct urban communities covered by at least one built project ÷ urban
  communities in force; a community covered by several projects counts once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from futurecommunity.projects.rules import ACCEPTED_OR_LATER, BUILDING, LISTED_OR_LATER
from futurecommunity.projects.snapshot import ProjectFact, covered_urban

LEVELS = ("provincial", "municipal", "county")


@dataclass(frozen=True)
class TargetRow:
    district_code: str
    year: int
    level: str
    target: int


@dataclass(frozen=True)
class BaselineRow:
    level: str
    count: int
    as_of: dt.date


@dataclass(frozen=True)
class Cell:
    district_code: str
    year: int
    level: str
    target: int
    created: int
    building: int
    built: int

    @property
    def gap(self) -> int:
        return max(self.target - self.created, 0)


@dataclass(frozen=True)
class Coverage:
    covered: int
    total: int

    @property
    def rate(self) -> Decimal:
        if self.total == 0:
            return Decimal(0)
        return Decimal(self.covered) / Decimal(self.total)

    @property
    def percent(self) -> Decimal:
        return (self.rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ProgrammeStatus:
    as_of: dt.date
    cells: tuple[Cell, ...]
    baseline_total: int
    created_total: int
    built_total: int
    plan_total: int
    coverage_city: Coverage
    coverage_by_district: dict[str, Coverage]
    built_by_level: dict[str, int]


def is_built(fact: ProjectFact, day: dt.date) -> bool:
    return fact.status_on(day) in ACCEPTED_OR_LATER


def superseded(facts: Iterable[ProjectFact], day: dt.date) -> frozenset[str]:
    """References of projects whose higher-level upgrade (梯度创建) is built on ``day``.

    The upgrade is the same community at a higher level, so the lower one is no longer counted;
    chains (county → municipal → provincial) are followed to the end.
    """
    facts = list(facts)
    upgraded_from = {f.reference: f.upgraded_from for f in facts}
    gone: set[str] = set()
    for fact in facts:
        if not fact.upgraded_from or not is_built(fact, day):
            continue
        ref = fact.upgraded_from
        while ref and ref not in gone:
            gone.add(ref)
            ref = upgraded_from.get(ref, "")
    return frozenset(gone)


def counted_built(facts: Iterable[ProjectFact], day: dt.date) -> list[ProjectFact]:
    """Built projects on ``day``, each community once at its highest level (二(一) 梯度创建)."""
    facts = list(facts)
    gone = superseded(facts, day)
    return [f for f in facts if is_built(f, day) and f.reference not in gone]


def coverage(
    facts: Iterable[ProjectFact], urban_codes: frozenset[str], day: dt.date, prefix: str = ""
) -> Coverage:
    """Distinct urban communities under ``prefix`` covered by a built project on ``day`` (G3)."""
    return Coverage(*covered_urban(facts, urban_codes, day, prefix))


def _counts(facts: Sequence[ProjectFact], day: dt.date) -> dict[tuple[str, int, str], list[int]]:
    counts: dict[tuple[str, int, str], list[int]] = {}
    for fact in facts:
        status = fact.status_on(day)
        key = (fact.district_code, fact.creation_year, fact.level)
        row = counts.setdefault(key, [0, 0, 0])
        row[0] += status in LISTED_OR_LATER
        row[1] += status in BUILDING
        row[2] += status in ACCEPTED_OR_LATER
    return counts


def programme_status(
    *,
    facts: Sequence[ProjectFact],
    targets: Sequence[TargetRow],
    baseline: Sequence[BaselineRow],
    urban_codes: frozenset[str],
    district_codes: Sequence[str],
    as_of: dt.date,
) -> ProgrammeStatus:
    """Targets vs created/building/built per district × year × level, totals and coverage."""
    counts = _counts(facts, as_of)
    cells = []
    for row in sorted(targets, key=lambda t: (t.district_code, t.year, LEVELS.index(t.level))):
        created, building, built = counts.get((row.district_code, row.year, row.level), [0, 0, 0])
        cells.append(
            Cell(row.district_code, row.year, row.level, row.target, created, building, built)
        )
    baseline_date = max((b.as_of for b in baseline), default=dt.date(2022, 12, 31))
    post_baseline = [f for f in facts if f.creation_year > baseline_date.year]
    built_by_level = {level: 0 for level in LEVELS}
    for b in baseline:
        built_by_level[b.level] += b.count
    for fact in counted_built(post_baseline, as_of):
        built_by_level[fact.level] += 1
    return ProgrammeStatus(
        as_of=as_of,
        cells=tuple(cells),
        baseline_total=sum(b.count for b in baseline),
        created_total=sum(f.status_on(as_of) in LISTED_OR_LATER for f in post_baseline),
        built_total=sum(built_by_level.values()),
        plan_total=sum(t.target for t in targets) + sum(b.count for b in baseline),
        coverage_city=coverage(facts, urban_codes, as_of),
        coverage_by_district={d: coverage(facts, urban_codes, as_of, d) for d in district_codes},
        built_by_level=built_by_level,
    )


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every month end from start's month to end's month (end itself if mid-month)."""
    days: list[dt.date] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        days.append(min(nxt - dt.timedelta(days=1), end))
        year, month = nxt.year, nxt.month
    return days


def built_curve(
    facts: Sequence[ProjectFact], baseline: Sequence[BaselineRow], days: Sequence[dt.date]
) -> list[tuple[dt.date, int]]:
    """Cumulative built count (baseline + post-baseline built, upgrades once) at each day."""
    base = sum(b.count for b in baseline)
    baseline_year = max((b.as_of.year for b in baseline), default=2022)
    relevant = [f for f in facts if f.creation_year > baseline_year]
    return [(day, base + len(counted_built(relevant, day))) for day in days]


@dataclass(frozen=True)
class Denominator:
    """Our G3 denominator beside the one the plan's own figures imply (一 and 附件).

    The attachment's 303 communities are said to cover "88%以上", so the plan counts about
    303 ÷ 0.88 ≈ 344 urban communities; the NBS residents' committees are 583.
    """

    ours: int
    plan_total: int
    coverage_goal: Decimal

    @property
    def implied(self) -> int:
        if self.coverage_goal <= 0:
            return 0
        return int(
            (Decimal(self.plan_total) / self.coverage_goal).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
        )

    @property
    def goal_percent(self) -> Decimal:
        return (self.coverage_goal * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
