"""Frozen, ORM-free facts about projects, reconstructed for any date from their history.

Pure: the rules of ``targets`` (and anything replaying the programme at a past date) work on
these dataclasses, never on querysets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectFact:
    reference: str
    name: str
    district_code: str
    street_code: str
    community_codes: tuple[str, ...]
    level: str
    build_type: str
    creation_year: int
    is_key_area: bool
    is_linked_renovation: bool
    # (date, status reached) in chronological order; the project starts as "planned".
    history: tuple[tuple[dt.date, str], ...]

    def status_on(self, day: dt.date) -> str:
        """Status as of the end of ``day``; later transitions are ignored."""
        status = "planned"
        for when, reached in self.history:
            if when > day:
                break
            status = reached
        return status

    def first_reached(self, statuses: frozenset[str], day: dt.date) -> dt.date | None:
        """The first date on or before ``day`` at which the project entered one of ``statuses``."""
        for when, reached in self.history:
            if when > day:
                return None
            if reached in statuses:
                return when
        return None
