"""Pure rules of the pilots app: the declaration lifecycle as data, and urban coverage.

二(三): from 2024 districts and streets declare each year for county-/street-wide status; the
city 风貌办 accepts; those whose coverage meets the requirement and whose communities operate
effectively are published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from futurecommunity.projects.snapshot import ProjectFact, covered_urban


@dataclass(frozen=True)
class Move:
    by_city: bool  # True: only the city office; False: the declaring district/street office
    needs_document: bool = False
    needs_remark: bool = False
    needs_evidence: bool = False
    checks_coverage: bool = False


# From each status, the statuses it may move to and what each move requires.
TRANSITIONS: dict[str, dict[str, Move]] = {
    "declared": {
        "evidence_submitted": Move(by_city=False, needs_evidence=True),
        "rejected": Move(by_city=True, needs_remark=True),
    },
    "evidence_submitted": {
        "city_accepted": Move(by_city=True, needs_document=True, checks_coverage=True),
        "rejected": Move(by_city=True, needs_remark=True),
    },
    "city_accepted": {
        "published": Move(by_city=True, needs_document=True),
        "rejected": Move(by_city=True, needs_remark=True),
    },
    "published": {},
    "rejected": {},
}
ACCEPTED_STATUSES = frozenset({"city_accepted", "published"})


def move_for(current: str, target: str) -> Move | None:
    return TRANSITIONS.get(current, {}).get(target)


def urban_coverage(
    facts: Iterable[ProjectFact], urban_codes: Iterable[str], day: dt.date, prefix: str
) -> tuple[int, int]:
    """(covered, total) urban communities under ``prefix`` on ``day`` (一、G3 convention)."""
    return covered_urban(facts, urban_codes, day, prefix)


def coverage_meets(covered: int, total: int, required: Decimal) -> bool:
    """Exactly at the requirement meets it (covered ÷ total ≥ required, no rounding)."""
    return total > 0 and Decimal(covered) >= required * Decimal(total)
