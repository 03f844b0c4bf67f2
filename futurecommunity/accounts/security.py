"""Password policy and login-lock settings (ASVS V2, MLPS 8.1.4.1 身份鉴别).

Settings read here (all from ``config/settings.py``, which reads the environment):
``FC_LOGIN_MAX_FAILURES``, ``FC_LOGIN_LOCK_MINUTES``, ``FC_PASSWORD_MAX_AGE_DAYS``.
"""

from __future__ import annotations

import string
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone


def login_max_failures() -> int:
    return max(1, int(settings.FC_LOGIN_MAX_FAILURES))


def login_lock_minutes() -> int:
    return max(1, int(settings.FC_LOGIN_LOCK_MINUTES))


def login_lock_message() -> str:
    """The one message for a locked name; identical for existing and unknown user names."""
    return (
        f"连续登录失败 {login_max_failures()} 次，账号已锁定，"
        f"请 {login_lock_minutes()} 分钟后再试或联系管理员。"
    )


def password_max_age() -> timedelta | None:
    days = int(settings.FC_PASSWORD_MAX_AGE_DAYS)
    return timedelta(days=days) if days > 0 else None


def password_is_expired(user: Any, *, now: datetime | None = None) -> bool:
    """True when the user's password is older than the maximum age (0 days disables expiry)."""
    max_age = password_max_age()
    if max_age is None or not user.is_authenticated or not user.has_usable_password():
        return False
    changed = user.password_changed_at or user.date_joined
    return (now or timezone.now()) - changed > max_age


class ComplexityValidator:
    """At least ``min_classes`` of: upper-case, lower-case, digit, symbol (MLPS 复杂度要求)."""

    CLASSES = ("大写字母", "小写字母", "数字", "符号")

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    @staticmethod
    def _classes(password: str) -> int:
        return sum(
            (
                any(c in string.ascii_uppercase for c in password),
                any(c in string.ascii_lowercase for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            )
        )

    def validate(self, password: str, user: Any = None) -> None:
        if self._classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return f"密码须至少包含大写字母、小写字母、数字、符号四类中的 {self.min_classes} 类。"


class MinimumLengthValidator:
    """Minimum length with our own Chinese wording."""

    def __init__(self, min_length: int = 10) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(self.get_help_text(), code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码长度至少为 {self.min_length} 个字符。"


class MaximumLengthValidator:
    """Refuse absurdly long passwords instead of hashing them (ASVS 2.1.2)."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"密码长度不能超过 {self.max_length} 个字符。", code="password_too_long"
            )

    def get_help_text(self) -> str:
        return f"密码长度不超过 {self.max_length} 个字符。"


# --- issue 11 §7: common passwords, the demo password, padding, history -------------------

ZH_COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common_passwords_zh.txt"
# The password printed for demo instances (projects.demo.DEMO_PASSWORD; a test keeps the two
# equal). It is public, so no account outside a demo instance may use it.
PUBLISHED_DEMO_PASSWORDS = ("Demo@2026fc",)
_LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "0": "o", "1": "i", "$": "s", "5": "s"})
_EDGE = string.digits + string.punctuation + " "
PASSWORD_HISTORY_SIZE = 5


@cache
def _common_words() -> frozenset[str]:
    from django.contrib.auth.password_validation import CommonPasswordValidator

    words = set(CommonPasswordValidator().passwords)
    for line in ZH_COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


def password_core(password: str) -> str:
    """The word a password is built on: lower case, digits and symbols at both ends removed,
    l33t spelling undone ("P@ssw0rd2026" → "password", "password123!" → "password")."""
    lowered = password.lower().strip()
    core = lowered.strip(_EDGE)
    return core.translate(_LEET) if core else lowered


class CommonPasswordValidator:
    """Refuse a password from Django's list of 20,000 or the Chinese-context list, also when it
    is only decorated with digits, symbols or l33t spelling (ASVS 2.1.7)."""

    def validate(self, password: str, user: Any = None) -> None:
        words = _common_words()
        lowered = password.lower().strip()
        core = password_core(password)
        if lowered in words or lowered.translate(_LEET) in words or core in words:
            raise ValidationError(self.get_help_text(), code="password_too_common")

    def get_help_text(self) -> str:
        return "密码过于常见（常用密码、常见词语加数字或符号），请换一个不易猜测的密码。"


class DemoPasswordValidator:
    """The published demo password is accepted only in a demo instance (FC_DEMO_MODE)."""

    def validate(self, password: str, user: Any = None) -> None:
        if password in PUBLISHED_DEMO_PASSWORDS and not settings.FC_DEMO_MODE:
            raise ValidationError(self.get_help_text(), code="password_is_demo")

    def get_help_text(self) -> str:
        return "不能使用公开的演示密码。"


class NoPaddingValidator:
    """A password starting or ending with a space is refused: pasted padding is a typo."""

    def validate(self, password: str, user: Any = None) -> None:
        if password != password.strip():
            raise ValidationError(self.get_help_text(), code="password_padded")

    def get_help_text(self) -> str:
        return "密码首尾不能有空格。"


class PasswordHistoryValidator:
    """The new password differs from the current one and the last five (MLPS 身份鉴别 a);
    ``password_changed`` records each new password's hash in ``PasswordHistory``."""

    def __init__(self, size: int = PASSWORD_HISTORY_SIZE) -> None:
        self.size = size

    def validate(self, password: str, user: Any = None) -> None:
        from django.contrib.auth.hashers import check_password

        if user is None or not getattr(user, "pk", None):
            return
        from futurecommunity.accounts.models import PasswordHistory

        hashes = list(
            PasswordHistory.objects.filter(user_id=user.pk)
            .order_by("-created_at", "-id")
            .values_list("password", flat=True)[: self.size]
        )
        from django.contrib.auth import get_user_model

        stored = (
            get_user_model().objects.filter(pk=user.pk).values_list("password", flat=True).first()
        )
        if stored:
            hashes.append(stored)
        if any(check_password(password, h) for h in hashes if h):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or not getattr(user, "pk", None) or not user.password:
            return
        from futurecommunity.accounts.models import PasswordHistory

        PasswordHistory.objects.create(user_id=user.pk, password=user.password)
        keep = (
            PasswordHistory.objects.filter(user_id=user.pk)
            .order_by("-created_at", "-id")
            .values_list("id", flat=True)[: self.size]
        )
        PasswordHistory.objects.filter(user_id=user.pk).exclude(id__in=list(keep)).delete()

    def get_help_text(self) -> str:
        return f"新密码不能与当前密码或最近 {self.size} 次使用过的密码相同。"
