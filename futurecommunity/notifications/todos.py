"""待办 (work inbox): what waits for the viewer's organisation, derived from other apps' state.

A to-do is not stored: each app that has states waiting for someone registers a *source*, a
function ``(user) -> Iterable[Todo]`` that reads its own tables. A to-do therefore disappears as
soon as the state it was derived from changes (the action was taken), and a new waiting state
needs only a row in that app's configuration (e.g. ``projects.rules.WAITING``), never a new view.

Registering a source is one line in the app's ``AppConfig.ready()``::

    register_todo_source("projects.lifecycle", "futurecommunity.projects.todos.todos_for")

The dotted path keeps this (lower) app free of imports of the apps above it (house style §3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.module_loading import import_string

from futurecommunity.accounts.models import User


@dataclass(frozen=True)
class Todo:
    """One thing the viewer's organisation has to do."""

    source: str  # registered source key, e.g. "projects.lifecycle"
    title: str  # what to do, e.g. "待审定是否列入创建名单"
    subject: str  # what it is about, e.g. "SX-2025-001 【演示】某社区"
    link: str  # where to act
    clause: str = ""  # the policy clause, e.g. "二(一)"
    due_on: dt.date | None = None
    remind_url: str = ""  # 催办 target (POST) shown to supervisors; empty for the actor itself

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.due_on is not None and self.due_on < day


TodoSource = Callable[[User], Iterable[Todo]]
_SOURCES: dict[str, str | TodoSource] = {}


def register_todo_source(key: str, source: str | TodoSource) -> None:
    """Register (or replace) a to-do source: a callable or its dotted import path."""
    _SOURCES[key] = source


def registered_sources() -> list[str]:
    return sorted(_SOURCES)


def _resolve(source: str | TodoSource) -> TodoSource:
    return import_string(source) if isinstance(source, str) else source


def todos_for(user: User) -> list[Todo]:
    """Every to-do of the viewer, earliest deadline first (no deadline last)."""
    if not user.is_authenticated or not user.is_active or user.admin_role:
        return []
    rows: list[Todo] = []
    for key in sorted(_SOURCES):
        rows.extend(_resolve(_SOURCES[key])(user))
    far = dt.date.max
    return sorted(rows, key=lambda t: (t.due_on or far, t.source, t.subject))
