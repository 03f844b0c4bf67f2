"""TOTP second factor: enrolment, verification after the password, audit of both."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from futurecommunity.accounts.tests.factories import TEST_PASSWORD, totp_device, totp_token
from futurecommunity.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_administrator_enrols_then_reaches_the_audit_log(client, audit_admin):
    client.force_login(audit_admin)
    page = client.get(reverse("otp-enrol"))
    assert "otpauth://totp/" in page.content.decode()
    device = TOTPDevice.objects.get(user=audit_admin, confirmed=False)
    response = client.post(
        reverse("otp-enrol"), {"token": totp_token(device), "next": reverse("audit:entry-list")}
    )
    assert response["Location"] == reverse("audit:entry-list")
    assert client.get(reverse("audit:entry-list")).status_code == 200
    assert AuditEntry.objects.filter(action="otp.enrol", actor=audit_admin).exists()


def test_wrong_code_is_refused_and_audited(client, security_admin):
    totp_device(security_admin)
    client.force_login(security_admin)
    response = client.post(reverse("otp-verify"), {"token": "000000"})
    assert response.status_code == 200
    assert "动态口令不正确" in response.content.decode()
    assert AuditEntry.objects.filter(action="otp.failure").exists()
    assert client.get(reverse("security-home")).status_code == 302


def test_password_login_then_code(client, system_admin):
    device = totp_device(system_admin)
    client.post(reverse("login"), {"username": "system_admin", "password": TEST_PASSWORD})
    assert client.get(reverse("user-list"))["Location"].startswith(reverse("otp-verify"))
    client.post(reverse("otp-verify"), {"token": totp_token(device)})
    assert client.get(reverse("user-list")).status_code == 200
    actions = list(AuditEntry.objects.filter(actor=system_admin).values_list("action", flat=True))
    assert "login.success" in actions and "otp.success" in actions


def test_second_factor_is_optional_for_officials_but_asked_once_enrolled(client, city_editor):
    client.force_login(city_editor)
    assert client.get(reverse("projects:project-list")).status_code == 200
    totp_device(city_editor)
    response = client.get(reverse("projects:project-list"))
    assert response["Location"].startswith(reverse("otp-verify"))
