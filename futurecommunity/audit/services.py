"""The one function that writes audit entries, and chain verification."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from futurecommunity.accounts.access import can_read_audit_log
from futurecommunity.audit.context import source_ip
from futurecommunity.audit.keys import Checkpoint, checkpoint_write, checkpoints_read, keyed_hash
from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied

# Serialises chain writers on PostgreSQL: a row lock on the last entry is not enough, because a
# writer that waited for it re-reads the same (no longer last) row under READ COMMITTED and
# forks the chain. SQLite serialises writers by itself.
_CHAIN_LOCK_KEY = 0x46434155  # "FCAU"

_CHAINED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_name",
    "organisation_name",
    "action",
    "subject_type",
    "subject_id",
    "subject_reference",
    "region_code",
    "source_ip",
    "changes",
    "reason",
)


def _canonical(entry: AuditEntry) -> str:
    values: dict[str, Any] = {name: getattr(entry, name) for name in _CHAINED_FIELDS}
    values["occurred_at"] = entry.occurred_at.isoformat(timespec="microseconds")
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def _legacy_hash(previous_hash: str, entry: AuditEntry) -> str:
    """The unkeyed hash of entries written before the upgrade (FC_AUDIT_LEGACY_UNTIL_ID)."""
    return hashlib.sha256((previous_hash + _canonical(entry)).encode("utf-8")).hexdigest()


def _hash(previous_hash: str, entry: AuditEntry) -> str:
    """HMAC-SHA256 with the key outside the database (issue 11 §3): without the key nobody can
    recompute the chain after editing a row."""
    return keyed_hash(previous_hash + _canonical(entry))


def _hash_matches(entry: AuditEntry) -> bool:
    if entry.id <= settings.FC_AUDIT_LEGACY_UNTIL_ID:
        return _legacy_hash(entry.previous_hash, entry) == entry.entry_hash
    return _hash(entry.previous_hash, entry) == entry.entry_hash


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [before, after]} (JSON-safe via str for odd types)."""
    changed: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changed[key] = [_jsonable(old), _jsonable(new)]
    return changed


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)


def audit_record(
    *,
    actor: Any,
    action: str,
    subject: Any = None,
    subject_type: str = "",
    reference: str = "",
    region_code: str = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry; must run inside the caller's transaction so it commits with the change."""
    org = getattr(actor, "organisation", None) if actor is not None else None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEntry.objects.select_for_update().order_by("-id").only("entry_hash").first()
        previous_hash = last.entry_hash if last else ""
        entry = AuditEntry(
            occurred_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=str(actor) if actor is not None else "系统",
            organisation_name=org.name if org else "",
            action=action,
            subject_type=subject_type or (subject._meta.label_lower if subject is not None else ""),
            subject_id=str(subject.pk) if subject is not None else "",
            subject_reference=reference,
            region_code=region_code,
            source_ip=source_ip.get(),
            changes=changes or {},
            reason=reason,
            previous_hash=previous_hash,
        )
        entry.entry_hash = _hash(previous_hash, entry)
        entry.save(force_insert=True)
        # The new head, signed, outside the table once the change is committed.
        entry_id, entry_hash = entry.pk, entry.entry_hash
        transaction.on_commit(lambda: checkpoint_write(entry_id, entry_hash))
    return entry


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    message: str


def audit_verify_chain() -> list[ChainProblem]:
    """Recompute every hash in order; report edited rows and gaps left by deleted rows."""
    problems: list[ChainProblem] = []
    previous_hash = ""
    for entry in AuditEntry.objects.order_by("id").iterator():
        if entry.previous_hash != previous_hash:
            problems.append(
                ChainProblem(
                    entry.id, f"第 {entry.id} 条记录的前序哈希不连续：其前一条记录已被删除或篡改。"
                )
            )
        if not _hash_matches(entry):
            problems.append(
                ChainProblem(entry.id, f"第 {entry.id} 条记录的内容与其哈希不符：该记录已被篡改。")
            )
        previous_hash = entry.entry_hash
    return problems + audit_verify_checkpoint()


def audit_verify_checkpoint() -> list[ChainProblem]:
    """The table against the latest signed checkpoint: deleting the newest rows (or all rows),
    or restoring an older copy, leaves the checkpointed head missing."""
    good, bad = checkpoints_read()
    problems: list[ChainProblem] = []
    if bad:
        problems.append(ChainProblem(0, f"检查点文件中有 {bad} 行签名无效：检查点被伪造或损坏。"))
    point = max(good, key=lambda p: p.entry_id, default=None)
    if point is None:
        return problems
    stored = AuditEntry.objects.filter(pk=point.entry_id).values_list("entry_hash", flat=True)
    head = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    when = point.written_at[:19].replace("T", " ")
    if not stored:
        problems.append(
            ChainProblem(
                point.entry_id,
                f"审计日志被截断：{when} 的检查点记录到第 {point.entry_id} 条，"
                f"该记录已不存在（当前最后一条为第 {head or 0} 条）；"
                "可能是最近的记录被删除，或恢复了较早的备份。",
            )
        )
    elif stored[0] != point.entry_hash:
        problems.append(
            ChainProblem(
                point.entry_id,
                f"第 {point.entry_id} 条记录与 {when} 的检查点不符：该记录或其之前的记录被替换。",
            )
        )
    return problems


def audit_checkpoint_now() -> Checkpoint | None:
    """Write a checkpoint of the current head (scheduled, and after each verification)."""
    head = AuditEntry.objects.order_by("-id").only("id", "entry_hash").first()
    if head is None:
        return None
    return checkpoint_write(head.pk, head.entry_hash)


def audit_verify_chain_by(*, actor: Any) -> list[ChainProblem]:
    """The audit administrator's "校验哈希链": verify, and record that it was run and its result."""
    if not can_read_audit_log(actor):
        raise PermissionDenied("只有审计管理员可以校验审计日志。")
    problems = audit_verify_chain()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="audit.verify",
            subject_type="audit.auditentry",
            changes={"problems": [None, len(problems)]},
            reason="哈希链完整" if not problems else f"发现 {len(problems)} 处问题",
        )
    return problems
