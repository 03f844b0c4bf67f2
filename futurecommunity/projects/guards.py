"""Preconditions that higher apps put on lifecycle moves (transition guards).

The lifecycle table (``rules.py``) says who may move a project where; some moves also depend on
facts that higher apps own — an operator and an operating plan before 运营中 (三(三)), a finished
public notice and stakeholder consent before 建设中 (三(一)). Those apps register a guard here
from their ``AppConfig.ready``; ``services.project_transition`` asks every guard inside its
transaction and refuses the move with the guard's sentence, changing nothing.

``satisfy`` is for demo data and tests that walk a project along its whole path: the owning app
says how to create what its guard asks for (it is never called by the transition itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from futurecommunity.accounts.models import User
    from futurecommunity.projects.models import Project


@dataclass(frozen=True)
class Guard:
    name: str
    # (project, target status, day) → refusal sentence citing the clause, or None when allowed.
    check: Callable[[Project, str, dt.date], str | None]
    # (project, target status, actor) → create what the check asks for (demo data and tests only).
    satisfy: Callable[[Project, str, User], None] | None = None


_GUARDS: dict[str, Guard] = {}


def register(guard: Guard) -> None:
    """Add (or replace, by name) a guard; idempotent so app reloads do not duplicate it."""
    _GUARDS[guard.name] = guard


def registered() -> list[Guard]:
    return list(_GUARDS.values())


def refusals(project: Project, target: str, day: dt.date) -> list[str]:
    """Every guard's refusal of this move (empty when all allow it)."""
    out = []
    for guard in _GUARDS.values():
        reason = guard.check(project, target, day)
        if reason:
            out.append(reason)
    return out


def satisfy_all(project: Project, target: str, actor: User) -> None:
    """Demo data and tests: let each guard's app create what the move to ``target`` needs."""
    for guard in _GUARDS.values():
        if guard.satisfy is not None and guard.check(project, target, dt.date.max) is not None:
            guard.satisfy(project, target, actor)


TransitionGuard = Callable[["Project", str, dt.date], str]


def register_transition_guard(name: str, guard: TransitionGuard) -> None:
    """Register a guard given as a plain function returning "" (allowed) or the refusal."""
    register(
        Guard(name=name, check=lambda project, target, day: guard(project, target, day) or None)
    )


def transition_refusal(project: Project, target: str, day: dt.date) -> str:
    """All refusals of this move as one text, or "" when every guard lets it pass."""
    return "".join(refusals(project, target, day))
