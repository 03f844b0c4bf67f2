"""Password policy and login-lock settings (ASVS V2, MLPS 8.1.4.1 身份鉴别).

Settings read here (all from ``config/settings.py``, which reads the environment):
``FC_LOGIN_MAX_FAILURES``, ``FC_LOGIN_LOCK_MINUTES``, ``FC_PASSWORD_MAX_AGE_DAYS``.
"""

from __future__ import annotations

import string
from datetime import datetime, timedelta
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
