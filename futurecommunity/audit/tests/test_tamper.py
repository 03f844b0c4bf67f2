"""Tamper evidence (issue 11 §3): keyed hashes, signed checkpoints outside the table, and (on
PostgreSQL) a trigger refusing UPDATE/DELETE. Each attack an earlier version missed is shown."""

from __future__ import annotations

import json
import os
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from futurecommunity.audit import keys
from futurecommunity.audit.models import AuditEntry
from futurecommunity.audit.services import _legacy_hash, audit_record, audit_verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(city_editor, django_capture_on_commit_callbacks) -> list[AuditEntry]:
    entries = []
    for i in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            entries.append(audit_record(actor=city_editor, action="test.action", reason=f"第{i}次"))
    return entries


def _messages() -> list[str]:
    return [p.message for p in audit_verify_chain()]


def test_each_commit_writes_a_signed_checkpoint(five, checkpoint_file) -> None:
    lines = [json.loads(x) for x in checkpoint_file.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == [e.pk for e in five]
    assert lines[-1]["hash"] == five[-1].entry_hash
    assert keys.latest_checkpoint().entry_id == five[-1].pk
    assert _messages() == []


def test_deleting_the_last_row_is_detected(five) -> None:
    AuditEntry.objects.filter(pk=five[-1].pk).delete()
    (message,) = _messages()
    assert message.startswith("审计日志被截断：")
    assert (
        f"记录到第 {five[-1].pk} 条，该记录已不存在（当前最后一条为第 {five[-2].pk} 条）" in message
    )


def test_deleting_the_last_three_rows_is_detected(five) -> None:
    AuditEntry.objects.filter(pk__in=[e.pk for e in five[-3:]]).delete()
    assert any("审计日志被截断" in m for m in _messages())


def test_deleting_every_row_is_detected(five) -> None:
    AuditEntry.objects.all().delete()
    assert any("审计日志被截断" in m and "当前最后一条为第 0 条" in m for m in _messages())


def test_editing_a_row_and_rehashing_without_the_key_is_detected(five) -> None:
    """The attacker edits a row and recomputes every later hash with the unkeyed function (all
    an earlier version needed); without the key the hashes do not match."""
    rows = list(AuditEntry.objects.order_by("id"))
    rows[1].reason = "改过的原因"
    previous = rows[0].entry_hash
    for row in rows[1:]:
        row.previous_hash = previous
        row.entry_hash = _legacy_hash(previous, row)
        AuditEntry.objects.filter(pk=row.pk).update(
            reason=row.reason, previous_hash=row.previous_hash, entry_hash=row.entry_hash
        )
        previous = row.entry_hash
    messages = _messages()
    assert f"第 {rows[1].pk} 条记录的内容与其哈希不符：该记录已被篡改。" in messages
    assert any("与" in m and "检查点不符" in m for m in messages)


def test_rehashing_with_a_guessed_key_is_detected(five, settings) -> None:
    from futurecommunity.audit.services import _hash

    settings.FC_AUDIT_KEY = "guessed-key"
    forged = _hash(five[3].entry_hash, five[4])
    settings.FC_AUDIT_KEY = "test-audit-key-not-secret"
    AuditEntry.objects.filter(pk=five[4].pk).update(entry_hash=forged)
    assert f"第 {five[4].pk} 条记录的内容与其哈希不符：该记录已被篡改。" in _messages()


def test_a_forged_checkpoint_line_is_reported(five, checkpoint_file) -> None:
    forged = {"id": 1, "hash": "0" * 64, "at": "2026-01-01T00:00:00+00:00", "sig": "f" * 64}
    with checkpoint_file.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(forged) + "\n")
    assert "检查点文件中有 1 行签名无效：检查点被伪造或损坏。" in _messages()


def test_audit_verify_command_fails_on_truncation(five) -> None:
    call_command("audit_verify")
    AuditEntry.objects.filter(pk=five[-1].pk).delete()
    with pytest.raises(CommandError, match="审计日志校验失败"):
        call_command("audit_verify")


def test_a_missing_key_is_created_once_outside_the_database(settings, tmp_path) -> None:
    settings.FC_AUDIT_KEY = ""
    settings.FC_AUDIT_KEY_PATH = tmp_path / "audit" / "hmac.key"
    first = keys.audit_key()
    assert len(first) == 64
    assert stat.S_IMODE(os.stat(settings.FC_AUDIT_KEY_PATH).st_mode) == 0o600
    keys._key_for.cache_clear()
    assert keys.audit_key() == first


@pytest.mark.no_tamper
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete(city_editor) -> None:
    entry = audit_record(actor=city_editor, action="test.action")
    for attack in (
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(reason="x"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="审计日志只能追加"), transaction.atomic():
            attack()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""
