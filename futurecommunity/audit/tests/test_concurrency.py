"""Two writers at once must not fork the hash chain (PostgreSQL: row locks, READ COMMITTED).

A transactional test: pytest-django runs it after the rollback tests, and its flush removes the
session's reference data only once those have run.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from futurecommunity.audit.models import AuditEntry
from futurecommunity.audit.services import audit_record, audit_verify_chain

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers"),
]


def test_concurrent_audit_writes_keep_one_unbroken_chain() -> None:
    audit_record(actor=None, action="test.first")
    first_written = threading.Event()
    errors: list[BaseException] = []

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                audit_record(actor=None, action="test.slow")
                first_written.set()
                time.sleep(0.5)  # hold the transaction while the other writer waits
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
            first_written.set()
        finally:
            connections.close_all()

    def second_writer() -> None:
        try:
            first_written.wait(5)
            audit_record(actor=None, action="test.second")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=second_writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert errors == []
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "test.first",
        "test.slow",
        "test.second",
    ]
    assert audit_verify_chain() == []
