"""The scheduled commands of docs/architecture.md as data, and which are due (issue 11 §7).

Times are Asia/Shanghai. Each task has a *slot* (the period it belongs to: a 5-minute window,
a day, a month, a quarter); it is due once its time of day has come and it has not run in the
current slot. The scheduler process keeps the last slot per task in a state file, so a restart
neither repeats nor skips a run (the commands are idempotent besides).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Task:
    name: str
    slot: Callable[[dt.datetime], str]
    at: dt.time  # earliest local time of day within the slot's day
    command: Callable[[dt.datetime, Path], list[str]]
    first_day_only: bool = False  # monthly / quarterly tasks run on the 1st


def _every(minutes: int) -> Callable[[dt.datetime], str]:
    return lambda now: f"{now:%Y-%m-%d %H}:{now.minute // minutes * minutes:02d}"


def _day(now: dt.datetime) -> str:
    return f"{now:%Y-%m-%d}"


def _month(now: dt.datetime) -> str:
    return f"{now:%Y-%m}"


def _quarter(now: dt.datetime) -> str:
    return f"{now.year}Q{(now.month - 1) // 3 + 1}"


def last_month(now: dt.datetime) -> str:
    first = now.date().replace(day=1)
    return f"{first - dt.timedelta(days=1):%Y-%m}"


def last_quarter(now: dt.datetime) -> str:
    quarter = (now.month - 1) // 3 + 1
    return f"{now.year - 1}Q4" if quarter == 1 else f"{now.year}Q{quarter - 1}"


def _first_of_quarter(now: dt.datetime) -> bool:
    return now.day == 1 and now.month in (1, 4, 7, 10)


TASKS: tuple[Task, ...] = (
    Task("send_notifications", _every(5), dt.time(0, 0), lambda n, v: ["send_notifications"]),
    Task("audit_checkpoint", _every(60), dt.time(0, 0), lambda n, v: ["audit_checkpoint"]),
    Task("send_reminders", _day, dt.time(8, 0), lambda n, v: ["send_reminders"]),
    Task("escalate_overdue", _day, dt.time(8, 0), lambda n, v: ["escalate_overdue"]),
    Task(
        "freeze_monthly_reports",
        _month,
        dt.time(1, 0),
        lambda n, v: ["freeze_monthly_reports", "--month", last_month(n)],
        first_day_only=True,
    ),
    Task(
        "bulletin_generate",
        _month,
        dt.time(1, 5),
        lambda n, v: [
            "bulletin_generate",
            "--month",
            last_month(n),
            "--out",
            str(v / "bulletins" / f"通报-{last_month(n)}.docx"),
        ],
        first_day_only=True,
    ),
    Task(
        "compute_rankings",
        _quarter,
        dt.time(2, 0),
        lambda n, v: ["compute_rankings", "--quarter", last_quarter(n)],
        first_day_only=True,
    ),
)


def due(now: dt.datetime, state: dict[str, str]) -> list[Task]:
    """The tasks to run at local time ``now`` given the last slot each ran in."""
    result = []
    for task in TASKS:
        if task.first_day_only:
            if task.name == "compute_rankings" and not _first_of_quarter(now):
                continue
            if now.day != 1:
                continue
        if now.time() < task.at:
            continue
        if state.get(task.name) == task.slot(now):
            continue
        result.append(task)
    return result
