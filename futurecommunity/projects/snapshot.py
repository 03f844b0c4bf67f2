"""Frozen, ORM-free facts about projects, reconstructed for any date from their history.

Pure: the rules of ``targets`` (and anything replaying the programme at a past date) work on
these dataclasses, never on querysets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from futurecommunity.projects.rules import ACCEPTED_OR_LATER


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
    # 梯度创建、迭代升级 (二(一)): the reference of the lower-level project this one upgrades.
    upgraded_from: str = ""

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


def covered_urban(
    facts: Iterable[ProjectFact], urban_codes: Iterable[str], day: dt.date, prefix: str = ""
) -> tuple[int, int]:
    """(covered, total) urban communities under ``prefix`` on ``day`` (一、G3).

    A community counts once however many built (accepted or later) projects cover it. Shared by
    the programme figures (targets) and the county/street-wide declarations (pilots).
    """
    scope = {code for code in urban_codes if code.startswith(prefix)}
    covered: set[str] = set()
    for fact in facts:
        if fact.status_on(day) in ACCEPTED_OR_LATER:
            covered.update(code for code in fact.community_codes if code in scope)
    return len(covered), len(scope)
