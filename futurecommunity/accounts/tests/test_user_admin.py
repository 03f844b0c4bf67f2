"""The system administrator's user management and the security administrator's tools; every
change is audited, refusals change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from futurecommunity.accounts.models import LoginThrottle, Organisation, User
from futurecommunity.accounts.tests.factories import (
    TEST_PASSWORD,
    sign_in_verified,
    totp_device,
)
from futurecommunity.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Xin@2026mima"


def _create_payload() -> dict[str, object]:
    org = Organisation.objects.get(code="sx-dept-construction")
    return {
        "username": "jianshe01",
        "full_name": "张三",
        "organisation": org.pk,
        "role": "editor",
        "password": NEW_PASSWORD,
    }


def test_system_admin_creates_a_user_who_must_change_the_password(client, system_admin):
    sign_in_verified(client, system_admin)
    response = client.post(reverse("user-create"), _create_payload())
    assert response.status_code == 302
    user = User.objects.get(username="jianshe01")
    assert user.organisation.code == "sx-dept-construction"
    assert user.must_change_password
    assert AuditEntry.objects.filter(action="user.create", actor=system_admin).count() == 1
    client.logout()
    client.force_login(user)
    assert client.get(reverse("dashboard"))["Location"] == reverse("password_change")


@pytest.mark.parametrize("who", ["security_admin", "audit_admin", "city_approver"])
def test_others_cannot_create_users(client, request, who):
    sign_in_verified(client, request.getfixturevalue(who))
    assert client.post(reverse("user-create"), _create_payload()).status_code == 403
    assert not User.objects.filter(username="jianshe01").exists()
    assert not AuditEntry.objects.filter(action="user.create").exists()


def test_deactivate_and_reset_password(client, system_admin, tashan_editor):
    sign_in_verified(client, system_admin)
    client.post(reverse("user-set-active", args=[tashan_editor.pk]), {"active": "0"})
    tashan_editor.refresh_from_db()
    assert not tashan_editor.is_active
    client.post(reverse("user-reset-password", args=[tashan_editor.pk]), {"password": NEW_PASSWORD})
    tashan_editor.refresh_from_db()
    assert tashan_editor.check_password(NEW_PASSWORD)
    assert tashan_editor.must_change_password
    actions = set(AuditEntry.objects.filter(actor=system_admin).values_list("action", flat=True))
    assert {"user.deactivate", "user.reset_password"} <= actions


def test_changing_the_password_lifts_the_reset_flag(client, tashan_editor):
    tashan_editor.must_change_password = True
    tashan_editor.save()
    client.force_login(tashan_editor)
    client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    tashan_editor.refresh_from_db()
    assert not tashan_editor.must_change_password


def test_system_admin_cannot_touch_another_administrator(client, system_admin, audit_admin):
    sign_in_verified(client, system_admin)
    client.post(reverse("user-set-active", args=[audit_admin.pk]), {"active": "0"})
    audit_admin.refresh_from_db()
    assert audit_admin.is_active
    assert not AuditEntry.objects.filter(action="user.deactivate").exists()


def test_security_admin_unlocks_and_resets_the_second_factor(client, security_admin, tashan_editor):
    LoginThrottle.objects.create(
        username="tashan_editor",
        failures=5,
        locked_until=timezone.now() + timezone.timedelta(minutes=10),
    )
    totp_device(tashan_editor)
    sign_in_verified(client, security_admin)
    client.post(reverse("security-unlock"), {"username": "tashan_editor"})
    client.post(reverse("security-otp-reset", args=[tashan_editor.pk]))
    assert not LoginThrottle.objects.exists()
    assert not tashan_editor.totpdevice_set.exists()
    actions = set(AuditEntry.objects.filter(actor=security_admin).values_list("action", flat=True))
    assert {"login.unlock", "otp.reset"} <= actions


@pytest.mark.parametrize("who", ["system_admin", "audit_admin", "city_approver"])
def test_only_the_security_admin_resets_second_factors(client, request, who, tashan_editor):
    totp_device(tashan_editor)
    sign_in_verified(client, request.getfixturevalue(who))
    assert client.post(reverse("security-otp-reset", args=[tashan_editor.pk])).status_code == 403
    assert tashan_editor.totpdevice_set.filter(confirmed=True).exists()
    assert not AuditEntry.objects.filter(action="otp.reset").exists()
