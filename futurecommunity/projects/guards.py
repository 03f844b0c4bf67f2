"""Transition guards: higher apps add conditions on a lifecycle move without projects importing
them (house style §3: a lower app never imports a higher one).

A guard is ``guard(project, target, day) -> str``: an empty string lets the move pass, a Chinese
sentence citing the clause refuses it. Apps register their guards from ``AppConfig.ready``;
``project_transition`` asks every guard inside its transaction, after the lifecycle table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from futurecommunity.projects.models import Project

TransitionGuard = Callable[[Project, str, dt.date], str]

_GUARDS: dict[str, TransitionGuard] = {}


def register_transition_guard(name: str, guard: TransitionGuard) -> None:
    """Register (or replace) the guard called ``name``."""
    _GUARDS[name] = guard


def transition_refusal(project: Project, target: str, day: dt.date) -> str:
    """The first refusal of a registered guard, or "" when every guard lets the move pass."""
    for guard in _GUARDS.values():
        reason = guard(project, target, day)
        if reason:
            return reason
    return ""
