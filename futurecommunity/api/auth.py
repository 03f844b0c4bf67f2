"""Bearer-token authentication: ``Authorization: Bearer <token>`` acts as the token's user."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from futurecommunity.accounts.models import User
from futurecommunity.api.models import ApiToken
from futurecommunity.api.services import api_token_authenticate


class BearerToken(HttpBearer):
    """Token auth for other systems; it carries no cookie, so no CSRF check applies."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return api_token_authenticate(token.strip())


def actor_of(request: HttpRequest) -> User:
    """The user the request's token acts as (its organisation, role and scope)."""
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token.user
