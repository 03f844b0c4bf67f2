"""The scheduler's timetable (docs/architecture.md) as data: what is due when."""

from __future__ import annotations

import datetime as dt

from futurecommunity.common.time import SHANGHAI
from futurecommunity.jobs.schedule import TASKS, due, last_month, last_quarter


def _at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def _names(now: dt.datetime, state: dict[str, str] | None = None) -> list[str]:
    return [t.name for t in due(now, state or {})]


def test_an_ordinary_morning() -> None:
    assert _names(_at(2026, 3, 17, 7, 59)) == ["send_notifications", "audit_checkpoint"]
    assert _names(_at(2026, 3, 17, 8, 0)) == [
        "send_notifications", "audit_checkpoint", "send_reminders", "escalate_overdue",
    ]  # fmt: skip


def test_first_of_a_quarter_freezes_publishes_and_ranks_the_previous_period() -> None:
    now = _at(2026, 4, 1, 2, 30)
    tasks = {t.name: t for t in due(now, {})}
    assert {"freeze_monthly_reports", "bulletin_generate", "compute_rankings"} <= set(tasks)
    assert tasks["freeze_monthly_reports"].command(now, __import__("pathlib").Path("/v")) == [
        "freeze_monthly_reports", "--month", "2026-03",
    ]  # fmt: skip
    assert tasks["compute_rankings"].command(now, __import__("pathlib").Path("/v"))[-1] == "2026Q1"
    assert "compute_rankings" not in _names(_at(2026, 5, 1, 3, 0))


def test_a_task_runs_once_per_slot() -> None:
    now = _at(2026, 3, 17, 9, 2)
    state = {t.name: t.slot(now) for t in TASKS}
    assert _names(now, state) == []
    assert _names(_at(2026, 3, 17, 9, 5), state) == ["send_notifications"]


def test_previous_periods_across_the_year() -> None:
    assert last_month(_at(2026, 1, 1, 1, 0)) == "2025-12"
    assert last_quarter(_at(2026, 1, 1, 2, 0)) == "2025Q4"
