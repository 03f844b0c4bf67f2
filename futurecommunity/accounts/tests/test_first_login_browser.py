"""In a real browser: create_administrator → first login → password change → OTP → audit log."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from futurecommunity.accounts.tests.factories import totp_token
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data

__all__ = ["browser_page", "reference_data"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INITIAL = "Chushi#Mima2026"
NEW = "Xin-Mima#2026-abc"


def test_new_administrator_first_login_in_the_browser(live_server, browser_page, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": INITIAL)
    call_command(
        "create_administrator", "new_auditor", role="audit_admin", stdout=open("/dev/null", "w")
    )  # noqa: SIM115
    page = browser_page
    login(page, live_server.url, "new_auditor", INITIAL)
    page.wait_for_selector("#id_new_password1")
    page.fill("#id_old_password", INITIAL)
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    page.click("main button.primary")
    page.wait_for_selector("input[name=token]")
    assert "/accounts/" in page.url and "otp" in page.url
    device = TOTPDevice.objects.get(user__username="new_auditor", confirmed=False)
    page.fill("input[name=token]", totp_token(device))
    page.click("main button.primary")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/manage/audit/"), page.url
    assert "审计" in page.inner_text("h1")
    page.screenshot(path=str(ARTIFACTS / "first-login-audit.png"))
