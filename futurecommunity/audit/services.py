"""The one function that writes audit entries, and chain verification."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from futurecommunity.accounts.access import can_read_audit_log
from futurecommunity.audit.context import source_ip
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


def _hash(previous_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256((previous_hash + _canonical(entry)).encode("utf-8")).hexdigest()


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
        if _hash(entry.previous_hash, entry) != entry.entry_hash:
            problems.append(
                ChainProblem(entry.id, f"第 {entry.id} 条记录的内容与其哈希不符：该记录已被篡改。")
            )
        previous_hash = entry.entry_hash
    return problems


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
