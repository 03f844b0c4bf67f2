"""Request type for views behind ``login_required``: ``request.user`` is a platform User."""

from __future__ import annotations

from django.http import HttpRequest

from futurecommunity.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]
