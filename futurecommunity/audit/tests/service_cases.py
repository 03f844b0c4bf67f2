"""Service-matrix cases of the audit log (the audit administrator's duty)."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import OFFICIALS_AND_OTHERS
from futurecommunity.audit.export import audit_export
from futurecommunity.audit.selectors import AuditFilters
from futurecommunity.audit.services import audit_verify_chain_by
from futurecommunity.audit.tests.route_cases import _entry

_NOT_AUDIT = [*OFFICIALS_AND_OTHERS, "system_admin", "security_admin"]

SERVICE_CASES: dict[str, dict[str, Any]] = {
    "futurecommunity.audit.export.audit_export": {
        "setup": _entry,
        "call": lambda actor, ctx: audit_export(actor=actor, filters=AuditFilters()),
        "allowed": "audit_admin",
        "denied": _NOT_AUDIT,
    },
    "futurecommunity.audit.services.audit_verify_chain_by": {
        "setup": _entry,
        "call": lambda actor, ctx: audit_verify_chain_by(actor=actor),
        "allowed": "audit_admin",
        "denied": _NOT_AUDIT,
    },
}
