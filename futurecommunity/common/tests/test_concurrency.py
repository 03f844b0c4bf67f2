"""Concurrent writers on a file SQLite database (issue 11 §1): with the settings' options every
writer waits for the lock and none fails; the same load with deferred transactions fails, so the
test can tell the two apart. Two transitions of one project at once: the loser is refused in
Chinese (the service re-reads the project under the lock), and a busy database answers 503 in
Chinese instead of a 500."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from futurecommunity.common.errors import DomainError
from futurecommunity.common.middleware import BUSY_MESSAGE, BusyDatabaseMiddleware
from futurecommunity.projects import services
from futurecommunity.projects.models import Project, Transition
from futurecommunity.projects.tests.factories import ProjectFactory

WRITERS = 8
WRITES_EACH = 15


def _sqlite_options() -> dict[str, object]:
    # The options the settings give SQLite; under DATABASE_URL (PostgreSQL) read them the same
    # way the settings module builds them.
    from config.settings import SQLITE_OPTIONS

    return dict(SQLITE_OPTIONS)


def _register(alias: str, path: Path, options: dict[str, object]) -> None:
    configured = connections.configure_settings(
        {
            "default": dict(settings.DATABASES["default"]),
            alias: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options},
        }
    )
    connections.settings[alias] = configured[alias]


def _chain_load(alias: str) -> tuple[list[str], list[tuple[int, int]]]:
    """WRITERS threads each append WRITES_EACH rows to a hash-chain-like table: read the head,
    then insert a row pointing at it, in one transaction (as audit_record does)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE chain (id INTEGER PRIMARY KEY, prev INTEGER)")
    connections[alias].close()
    errors: list[str] = []
    start = threading.Barrier(WRITERS)

    def writer() -> None:
        start.wait()
        try:
            for _ in range(WRITES_EACH):
                try:
                    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM chain")
                        head = cursor.fetchone()[0]
                        cursor.execute(
                            "INSERT INTO chain (id, prev) VALUES (%s, %s)", [head + 1, head]
                        )
                except Exception as exc:  # noqa: BLE001 - counted, the assertion reports it
                    errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT id, prev FROM chain ORDER BY id")
        rows = [tuple(r) for r in cursor.fetchall()]
    connections[alias].close()
    return errors, rows


@pytest.fixture
def file_db(tmp_path, django_db_blocker):
    aliases: list[str] = []
    django_db_blocker.unblock()

    def make(name: str, options: dict[str, object]) -> str:
        _register(name, tmp_path / f"{name}.sqlite3", options)
        aliases.append(name)
        return name

    yield make
    for alias in aliases:
        connections[alias].close()
        del connections.settings[alias]
    django_db_blocker.restore()


def test_concurrent_writers_on_file_sqlite_all_succeed(file_db) -> None:
    alias = file_db("concurrent_ok", _sqlite_options())
    errors, rows = _chain_load(alias)
    assert errors == []
    assert len(rows) == WRITERS * WRITES_EACH
    # No fork: every row points at the one before it.
    assert all(prev == row_id - 1 for row_id, prev in rows)
    with connections[alias].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    connections[alias].close()


def test_the_same_load_with_deferred_transactions_fails(file_db) -> None:
    """The control: without IMMEDIATE, readers that then write hit "database is locked"."""
    options = {**_sqlite_options(), "transaction_mode": "DEFERRED"}
    alias = file_db("concurrent_deferred", options)
    errors, rows = _chain_load(alias)
    assert errors, "deferred transactions should have collided"
    assert any("locked" in e for e in errors)


@pytest.mark.django_db
def test_the_second_of_two_identical_transitions_is_refused_in_chinese(tashan_editor) -> None:
    project = ProjectFactory(actor=tashan_editor)
    stale = Project.objects.get(pk=project.pk)  # the loser's copy, read before the winner saved
    services.project_transition(
        actor=tashan_editor, project=project, target="declared", occurred_on=dt.date(2024, 3, 1)
    )
    with pytest.raises(DomainError) as refused:
        services.project_transition(
            actor=tashan_editor, project=stale, target="declared", occurred_on=dt.date(2024, 3, 1)
        )
    assert refused.value.code == "transition_refused"
    assert "（" in refused.value.message  # a Chinese sentence citing its clause
    assert Transition.objects.filter(project=project).count() == 1


def test_a_busy_database_answers_503_in_chinese(rf: RequestFactory) -> None:
    def view(request):
        raise AssertionError("not called")

    middleware = BusyDatabaseMiddleware(lambda r: HttpResponse())
    request = rf.post("/manage/projects/1/transition/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response is not None and response.status_code == 503
    assert BUSY_MESSAGE in response.content.decode()
    assert "locked" not in response.content.decode()
    # A broken query is not dressed up as "busy": it stays an error.
    assert middleware.process_exception(request, OperationalError("no such column: x")) is None
