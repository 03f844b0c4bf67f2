"""A new administrator: create_administrator → first login → password change → OTP → audit log."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from futurecommunity.accounts.tests.factories import totp_token

pytestmark = pytest.mark.django_db

INITIAL = "Chushi#Mima2026"
NEW = "Xin-Mima#2026-abc"


def _follow(client, url: str, limit: int = 6) -> list[str]:
    """GET url and follow redirects by hand; returns every URL visited (loops show up)."""
    seen = [url]
    response = client.get(url)
    while response.status_code == 302 and len(seen) <= limit:
        url = response["Location"]
        seen.append(url)
        response = client.get(url)
    assert response.status_code == 200, seen
    return seen


def test_new_administrator_reaches_the_audit_log(client, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": INITIAL)
    call_command(
        "create_administrator", "new_auditor", role="audit_admin", stdout=open("/dev/null", "w")
    )  # noqa: SIM115
    response = client.post(reverse("login"), {"username": "new_auditor", "password": INITIAL})
    assert response.status_code == 302

    visited = _follow(client, response["Location"])
    assert visited[-1] == reverse("password_change"), visited  # the password first, no loop
    response = client.post(
        reverse("password_change"),
        {"old_password": INITIAL, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    visited = _follow(client, response["Location"])
    assert visited[-1].startswith(reverse("otp-enrol")), visited
    device = TOTPDevice.objects.get(user__username="new_auditor", confirmed=False)
    response = client.post(reverse("otp-enrol"), {"token": totp_token(device), "next": "/manage/"})
    assert response.status_code == 302
    visited = _follow(client, response["Location"])
    assert visited[-1] == reverse("audit:entry-list"), visited
