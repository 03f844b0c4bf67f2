"""Route-matrix cases of the audit log screens (the audit administrator's duty only)."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import office_actor
from futurecommunity.audit.models import AuditEntry
from futurecommunity.audit.services import audit_record


def _entry(street_code: str) -> dict[str, Any]:
    """A real audit line about the street (written as a service writes it)."""
    actor = office_actor(street_code)
    audit_record(
        actor=actor,
        action="matrix.test",
        subject=actor,
        reference=f"M-{street_code}",
        region_code=street_code,
        reason="矩阵测试",
    )
    return {"entry_id": AuditEntry.objects.filter(region_code=street_code).latest("pk").pk}


ROUTE_CASES: dict[str, dict[str, Any]] = {
    "audit:entry-list": {"profile": "admin_audit"},
    "audit:entry-detail": {"make": _entry, "profile": "admin_audit"},
    "audit:entry-export": {"profile": "admin_audit"},
    # require_POST stands first: GET is 405 even for the anonymous visitor.
    "audit:chain-verify": {
        "profile": "admin_audit",
        "post": True,
        "post_only": True,
        "expect_get": {"anonymous": 405},
    },
}
