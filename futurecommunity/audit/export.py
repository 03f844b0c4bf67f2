"""Excel export of exactly the filtered audit entries; the export itself is audited (ASVS 8.3.5,
MLPS 数据完整性 a: the file's SHA-256 is recorded in the export's audit entry)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from futurecommunity.accounts.models import User
from futurecommunity.audit.selectors import AuditFilters, audit_entry_list_for
from futurecommunity.audit.services import audit_record
from futurecommunity.common.time import SHANGHAI
from futurecommunity.common.xlsx import workbook_bytes

HEADERS = [
    "记录ID",
    "时间",
    "操作人",
    "操作组织",
    "操作",
    "对象类型",
    "对象ID",
    "对象编号",
    "区划代码",
    "来源IP",
    "变更内容",
    "原因/备注",
    "记录哈希",
]
MAX_ROWS = 100_000


@dataclass(frozen=True)
class AuditExport:
    content: bytes
    filename: str
    rows: int
    sha256: str


def _cell(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula is kept as text (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def audit_export(*, actor: User, filters: AuditFilters) -> AuditExport:
    entries = audit_entry_list_for(viewer=actor, filters=filters)[:MAX_ROWS]
    book = Workbook()
    sheet = book.active
    sheet.title = "审计记录"
    sheet.append(HEADERS)
    rows = 0
    for e in entries.iterator():
        sheet.append(
            [
                _cell(v)
                for v in (
                    e.id,
                    e.occurred_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
                    e.actor_name,
                    e.organisation_name,
                    e.action,
                    e.subject_type,
                    e.subject_id,
                    e.subject_reference,
                    e.region_code,
                    e.source_ip,
                    json.dumps(e.changes, ensure_ascii=False) if e.changes else "",
                    e.reason,
                    e.entry_hash,
                )
            ]
        )
        rows += 1
    content = workbook_bytes(book)
    digest = hashlib.sha256(content).hexdigest()
    stamp = timezone.now().astimezone(SHANGHAI).strftime("%Y%m%d-%H%M%S")
    criteria = {k: str(v) for k, v in asdict(filters).items() if v}
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="audit.export",
            subject_type="audit.auditentry",
            changes={"filters": [None, criteria], "rows": [None, rows], "sha256": [None, digest]},
            reason=f"导出审计记录 {rows} 条",
        )
    return AuditExport(content, f"audit-{stamp}.xlsx", rows, digest)
