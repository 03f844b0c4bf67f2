"""Login lockout, reset on success, and the audit trail of authentication events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from futurecommunity.accounts.models import LoginThrottle
from futurecommunity.accounts.tests.factories import TEST_PASSWORD
from futurecommunity.audit.models import AuditEntry

LOCK_MESSAGE = "连续登录失败 5 次，账号已锁定，请 15 分钟后再试或联系管理员。"
WRONG = "Wrong@2026pw"


@pytest.fixture(autouse=True)
def _policy(settings):
    settings.FC_LOGIN_MAX_FAILURES = 5
    settings.FC_LOGIN_LOCK_MINUTES = 15


def _post(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _fail(client, username, times):
    responses = [_post(client, username, WRONG) for _ in range(times)]
    return responses[-1]


def _actions(username):
    return list(
        AuditEntry.objects.filter(subject_reference=username)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_correct_password_logs_in_and_is_audited(client, city_editor):
    response = _post(client, "city_editor", TEST_PASSWORD)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="login.success")
    assert entry.actor == city_editor
    assert entry.source_ip == "127.0.0.1"


def test_wrong_password_shows_generic_message(client, city_editor):
    response = _post(client, "city_editor", WRONG)
    assert response.status_code == 200
    assert "用户名或密码不正确，请重新输入。" in response.content.decode()
    entry = AuditEntry.objects.get(action="login.failure")
    assert entry.actor is None
    assert entry.subject_id == str(city_editor.pk)
    assert entry.subject_reference == "city_editor"
    assert entry.source_ip == "127.0.0.1"


def test_locks_after_exactly_max_failures(client, city_editor):
    before = _fail(client, "city_editor", 4).content.decode()
    assert LOCK_MESSAGE not in before
    assert not LoginThrottle.objects.get(username="city_editor").locked_until

    after = _post(client, "city_editor", WRONG).content.decode()
    assert LOCK_MESSAGE in after
    throttle = LoginThrottle.objects.get(username="city_editor")
    assert throttle.failures == 5
    assert throttle.locked_until > timezone.now() + timedelta(minutes=14)
    assert _actions("city_editor") == ["login.failure"] * 5 + ["login.locked"]


def test_correct_password_refused_while_locked(client, city_editor):
    _fail(client, "city_editor", 5)
    response = _post(client, "city_editor", TEST_PASSWORD)
    assert response.status_code == 200
    assert LOCK_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not client.login(username="city_editor", password=TEST_PASSWORD)  # any login form
    assert not AuditEntry.objects.filter(action="login.success").exists()
    refused = AuditEntry.objects.filter(action="login.failure", reason__contains="锁定期间")
    assert refused.count() == 2


def test_unlocked_after_lock_period(client, city_editor):
    _fail(client, "city_editor", 5)
    LoginThrottle.objects.filter(username="city_editor").update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    response = _post(client, "city_editor", TEST_PASSWORD)
    assert response.status_code == 302
    assert not LoginThrottle.objects.filter(username="city_editor").exists()


def test_one_failure_after_lock_expiry_does_not_relock(client, city_editor):
    _fail(client, "city_editor", 5)
    LoginThrottle.objects.filter(username="city_editor").update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    assert LOCK_MESSAGE not in _post(client, "city_editor", WRONG).content.decode()
    assert LoginThrottle.objects.get(username="city_editor").failures == 1


def test_success_resets_the_count(client, city_editor):
    _fail(client, "city_editor", 4)
    assert _post(client, "city_editor", TEST_PASSWORD).status_code == 302
    client.logout()
    assert LOCK_MESSAGE not in _fail(client, "city_editor", 4).content.decode()


def test_unknown_username_behaves_like_a_known_one(client, city_editor):
    first = _post(client, "nobody_here", WRONG).content.decode()
    assert "用户名或密码不正确，请重新输入。" in first
    assert LOCK_MESSAGE in _fail(client, "nobody_here", 4).content.decode()
    assert _actions("nobody_here") == ["login.failure"] * 5 + ["login.locked"]
    # The lock of one name does not touch another.
    assert _post(client, "city_editor", TEST_PASSWORD).status_code == 302


def test_max_failures_is_configurable(client, city_editor, settings):
    settings.FC_LOGIN_MAX_FAILURES = 3
    settings.FC_LOGIN_LOCK_MINUTES = 30
    response = _fail(client, "city_editor", 3)
    assert (
        "连续登录失败 3 次，账号已锁定，请 30 分钟后再试或联系管理员。" in response.content.decode()
    )


def test_logout_is_audited(client, city_editor):
    client.force_login(city_editor)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="logout")
    assert entry.actor == city_editor
    assert "_auth_user_id" not in client.session


def test_login_page_is_chinese_and_has_no_outside_assets(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "用户登录" in html
    assert "http://" not in html and "https://" not in html


def test_admin_unlock_is_audited(client, city_editor, city_approver):
    from futurecommunity.accounts.services import login_unlock

    _fail(client, "city_editor", 5)
    login_unlock(actor=city_approver, username="city_editor")
    assert not LoginThrottle.objects.filter(username="city_editor").exists()
    assert AuditEntry.objects.filter(action="login.unlock", actor=city_approver).exists()
    assert _post(client, "city_editor", TEST_PASSWORD).status_code == 302
