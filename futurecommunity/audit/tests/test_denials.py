"""Audit services refuse anyone but the audit administrator and write nothing (issue 3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from futurecommunity.audit.export import audit_export
from futurecommunity.audit.models import AuditEntry
from futurecommunity.audit.selectors import AuditFilters

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["system_admin", "security_admin", "city_approver", "outsider"])
def test_only_the_audit_admin_exports_the_log(request, who):
    with pytest.raises(PermissionDenied):
        audit_export(actor=request.getfixturevalue(who), filters=AuditFilters())
    assert AuditEntry.objects.count() == 0
