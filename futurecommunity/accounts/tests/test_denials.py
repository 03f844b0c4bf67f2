"""Account administration services refuse the wrong duty and write nothing (issue 3)."""

from __future__ import annotations

import pytest

from futurecommunity.accounts.administration import login_unlock_by, user_reset_password
from futurecommunity.accounts.models import LoginThrottle
from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["security_admin", "audit_admin", "city_approver", "outsider"])
def test_only_the_system_admin_resets_passwords(request, who, tashan_editor):
    before = tashan_editor.password
    with pytest.raises(PermissionDenied):
        user_reset_password(
            actor=request.getfixturevalue(who), target=tashan_editor, password="Xy9!abcdefgh"
        )
    tashan_editor.refresh_from_db()
    assert tashan_editor.password == before
    assert not AuditEntry.objects.filter(action="user.reset_password").exists()


@pytest.mark.parametrize("who", ["system_admin", "audit_admin", "city_approver", "outsider"])
def test_only_the_security_admin_unlocks_logins(request, who):
    LoginThrottle.objects.create(username="tashan", failures=5)
    with pytest.raises(PermissionDenied):
        login_unlock_by(actor=request.getfixturevalue(who), username="tashan")
    assert LoginThrottle.objects.get().failures == 5
    assert not AuditEntry.objects.filter(action="login.unlock").exists()
