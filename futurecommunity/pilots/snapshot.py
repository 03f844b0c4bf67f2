"""Frozen, ORM-free facts about ancient-city areas and wide declarations, replayable by date.

The compliance rules of ``targets`` read these (targets sits above pilots); nothing here queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class AreaFact:
    code: str
    name: str
    schedule_year: int
    started_on: dt.date | None
    completed_on: dt.date | None
    renovation_references: str
    tourism_references: str
    project_references: tuple[str, ...]

    def status_on(self, day: dt.date) -> str:
        """planned / under_construction / complete at the end of ``day``, from the dates."""
        if self.completed_on is not None and self.completed_on <= day:
            return "complete"
        if self.started_on is not None and self.started_on <= day:
            return "under_construction"
        return "planned"

    @property
    def is_linked(self) -> bool:
        """Linked with both old-residential renovation and culture-tourism projects (二(二))."""
        return bool(self.renovation_references.strip() and self.tourism_references.strip())


@dataclass(frozen=True)
class DeclarationFact:
    reference: str
    kind: str  # county / street
    district_code: str
    region_code: str  # district code (county-wide) or street code (street-wide)
    region_name: str
    year: int
    is_pilot: bool
    declared_on: dt.date
    required_coverage: Decimal
    requirement_from: int  # first declaration year the coverage requirement applies to
    # (date, status reached) in order; the declaration starts as "declared" on ``declared_on``.
    history: tuple[tuple[dt.date, str], ...]
    # W1 pilots: (deliverable item name, date the city accepted it or None), in item order.
    deliverables: tuple[tuple[str, dt.date | None], ...] = ()

    def deliverables_missing_on(self, day: dt.date) -> list[str]:
        """Names of this pilot's deliverables not accepted (认可) by the end of ``day``."""
        return [name for name, accepted in self.deliverables if accepted is None or accepted > day]

    def status_on(self, day: dt.date) -> str | None:
        """Status at the end of ``day``; None before the declaration was made."""
        if day < self.declared_on:
            return None
        status = "declared"
        for when, reached in self.history:
            if when > day:
                break
            status = reached
        return status
