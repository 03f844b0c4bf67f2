"""Issue 11 §7: common passwords (decorated too, and a Chinese-context list), the published demo
password outside a demo instance, space padding, and a history of the last five passwords."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from futurecommunity.accounts.models import PasswordHistory
from futurecommunity.accounts.security import PUBLISHED_DEMO_PASSWORDS, password_core
from futurecommunity.accounts.tests.factories import TEST_PASSWORD

COMMON = "密码过于常见（常用密码、常见词语加数字或符号），请换一个不易猜测的密码。"
REUSED = "新密码不能与当前密码或最近 5 次使用过的密码相同。"


def _messages(password: str, user=None) -> list[str]:  # type: ignore[no-untyped-def]
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


@pytest.mark.parametrize(
    "password",
    ["password123!", "P@ssw0rd2026", "Qwerty!2026", "Woaini@1314", "Shaoxing@2026", "!!Admin2026!"],
)
def test_decorated_common_passwords_are_refused(password, db) -> None:
    assert COMMON in _messages(password)


def test_the_core_of_a_password() -> None:
    assert password_core("P@ssw0rd2026") == "password"
    assert password_core("password123!") == "password"


@pytest.mark.parametrize("password", ["Lmzqrtbe12!", "越城Rvq#2031x", TEST_PASSWORD])
def test_uncommon_passwords_pass(password, db) -> None:
    assert _messages(password) == []


def test_demo_password_only_in_a_demo_instance(settings, db) -> None:
    from futurecommunity.projects.demo import DEMO_PASSWORD

    assert DEMO_PASSWORD in PUBLISHED_DEMO_PASSWORDS
    settings.FC_DEMO_MODE = False
    assert "不能使用公开的演示密码。" in _messages(DEMO_PASSWORD)
    settings.FC_DEMO_MODE = True
    assert "不能使用公开的演示密码。" not in _messages(DEMO_PASSWORD)


@pytest.mark.parametrize("password", [" Lmzqrtbe12!", "Lmzqrtbe12! ", "\tLmzqrtbe12!"])
def test_space_padded_passwords_are_refused(password, db) -> None:
    assert "密码首尾不能有空格。" in _messages(password)


def test_the_last_five_passwords_cannot_be_reused(city_editor) -> None:
    assert REUSED in _messages(TEST_PASSWORD, city_editor)  # the current one
    sequence = [f"Lmzqrtbe{n}!x" for n in range(1, 7)]
    for new in sequence:
        assert _messages(new, city_editor) == []
        city_editor.set_password(new)
        city_editor.save()
    assert PasswordHistory.objects.filter(user=city_editor).count() == 5
    for recent in sequence[1:]:
        assert REUSED in _messages(recent, city_editor), recent
    # The sixth back (and the factory's first) has dropped out of the history.
    assert REUSED not in _messages(sequence[0], city_editor)


def test_the_change_password_page_refuses_the_current_password(client, city_editor) -> None:
    client.force_login(city_editor)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": TEST_PASSWORD,
            "new_password2": TEST_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert REUSED in response.content.decode()
