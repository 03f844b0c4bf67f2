"""Login form: generic error for wrong credentials, the lock message for a locked name."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from futurecommunity.accounts.security import login_lock_message
from futurecommunity.accounts.services import login_is_locked


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确，请重新输入。",
        "inactive": "该账号已停用，请联系管理员。",
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            username = self.cleaned_data.get("username")
            if username and login_is_locked(username=username):
                raise ValidationError(login_lock_message(), code="locked") from None
            raise
