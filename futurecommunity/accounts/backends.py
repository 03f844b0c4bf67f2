"""Authentication backend that enforces the login lock for every login form (incl. admin)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from futurecommunity.accounts.security import login_lock_message
from futurecommunity.accounts.services import (
    login_is_locked,
    login_refuse_locked,
    login_register_failure,
    login_register_success,
)


class LockoutModelBackend(ModelBackend):
    """ModelBackend plus per-name lockout; a locked name is refused before the password check."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        if login_is_locked(username=username):
            login_refuse_locked(username=username)
            # PermissionDenied stops django.contrib.auth.authenticate from trying other backends.
            raise PermissionDenied(login_lock_message())
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_register_failure(username=username)
            return None
        login_register_success(user=user)
        return user
