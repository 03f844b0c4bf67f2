"""Password policy, password expiry and security headers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from futurecommunity.accounts.models import User
from futurecommunity.accounts.tests.factories import TEST_PASSWORD
from futurecommunity.audit.models import AuditEntry

COMPLEXITY = "密码须至少包含大写字母、小写字母、数字、符号四类中的 3 类。"


def _messages(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


@pytest.mark.parametrize(
    "password",
    ["Lmzqrtbe12", "lmzqrtbe1!", "LMZQRTBE1!", "Lmzqrtbe!x", TEST_PASSWORD, "绍兴Future2026"],
)
def test_three_of_four_classes_and_ten_characters_pass(password, db):
    assert _messages(password) == []


@pytest.mark.parametrize("password", ["abcdefghijkl", "abcdefgh1234", "ABCDEFGH!!!!"])
def test_two_classes_are_refused_in_chinese(password, db):
    assert COMPLEXITY in _messages(password)


def test_short_password_refused_in_chinese(db):
    assert "密码长度至少为 10 个字符。" in _messages("Ab1!xyz")


def test_overlong_password_refused(db):
    assert "密码长度不能超过 128 个字符。" in _messages("Ab1!" * 40)


def test_password_hashers_put_argon2_first():
    from config import settings as project_settings

    # Tests swap in MD5 for speed; the project's production list keeps Argon2 first.
    source = open(project_settings.__file__, encoding="utf-8").read()
    assert source.index("Argon2PasswordHasher") < source.index("PBKDF2PasswordHasher")


def test_set_password_stamps_change_time(city_editor):
    city_editor.password_changed_at = None
    city_editor.set_password("Another@2026pw")
    assert city_editor.password_changed_at is not None


def _expire(user: User, days: int = 91) -> None:
    User.objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - timedelta(days=days)
    )


def test_expired_password_redirects_to_change_page(client, city_editor):
    _expire(city_editor)
    client.force_login(city_editor)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "您的密码已超过有效期" in page.content.decode()


def test_changing_expired_password_lifts_redirect(client, city_editor):
    _expire(city_editor)
    client.force_login(city_editor)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Fresh@2026pw!",
            "new_password2": "Fresh@2026pw!",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    city_editor.refresh_from_db()
    assert timezone.now() - city_editor.password_changed_at < timedelta(minutes=1)
    assert AuditEntry.objects.filter(action="password.change", actor=city_editor).exists()
    assert client.get(reverse("password_change_done")).status_code == 200
    follow = client.get(reverse("dashboard"))
    assert follow.get("Location") != reverse("password_change")


def test_weak_new_password_shows_chinese_error(client, city_editor):
    client.force_login(city_editor)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "abcdefghijk",
            "new_password2": "abcdefghijk",
        },
    )
    assert response.status_code == 200
    assert COMPLEXITY in response.content.decode()


def test_recent_password_is_not_redirected(client, city_editor):
    _expire(city_editor, days=89)
    client.force_login(city_editor)
    assert client.get(reverse("dashboard")).get("Location") != reverse("password_change")


def test_expiry_disabled_with_zero(client, city_editor, settings):
    settings.FC_PASSWORD_MAX_AGE_DAYS = 0
    _expire(city_editor, days=1000)
    client.force_login(city_editor)
    assert client.get(reverse("dashboard")).get("Location") != reverse("password_change")


def test_logout_allowed_with_expired_password(client, city_editor):
    _expire(city_editor)
    client.force_login(city_editor)
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_csp_header_allows_only_same_origin(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    for sources in directives.values():
        for source in sources:
            assert source.startswith("'") or source == "data:", source
    assert "http" not in policy and "*" not in policy


def test_other_security_headers(client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
