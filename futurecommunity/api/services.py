"""Every write to API tokens: create (the plain token is returned once) and revoke, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from futurecommunity.accounts.models import User
from futurecommunity.api.models import ApiToken
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import ValidationFailed

TOKEN_PREFIX = "fc_"  # noqa: S105 (a public marker, not a secret)
MAX_DAYS = 366


@dataclass(frozen=True)
class IssuedToken:
    """The stored row and the plain token, which exists only in this object."""

    token: ApiToken
    plain: str


def token_hash(plain: str) -> str:
    """SHA-256 hex digest of a plain token: the only form the database ever holds."""
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def api_token_create(*, actor: User | None, user: User, name: str, days: int) -> IssuedToken:
    """Issue a token acting as ``user`` for ``days`` days; only its hash is stored.

    ``actor`` is the official who issued it, or None when issued from the server console.
    """
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["请填写令牌名称（例如对接系统的名称）。"]
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = [f"有效天数须在 1 至 {MAX_DAYS} 天之间。"]
    if not user.is_active:
        errors["user"] = [f"用户“{user.username}”已停用，不能为其签发接口令牌。"]
    if errors:
        raise ValidationFailed(errors)
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name.strip(),
            user=user,
            token_hash=token_hash(plain),
            prefix=plain[:10],
            created_by=actor,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        audit_record(
            actor=actor,
            action="api_token.create",
            subject=token,
            reference=token.prefix,
            region_code=user.organisation.region_code if user.organisation else "",
            changes={
                "name": [None, token.name],
                "user": [None, user.username],
                "expires_at": [None, token.expires_at.isoformat()],
            },
        )
    return IssuedToken(token=token, plain=plain)


def api_token_revoke(*, actor: User | None, token: ApiToken, reason: str = "") -> ApiToken:
    """Revoke a token at once; revoking a revoked token changes nothing (idempotent)."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            subject=locked,
            reference=locked.prefix,
            changes={"revoked_at": [None, locked.revoked_at.isoformat()]},
            reason=reason,
        )
    return locked


def api_token_authenticate(plain: str) -> ApiToken | None:
    """The usable token matching ``plain`` (its use time stamped), else None.

    Expired, revoked and unknown tokens are indistinguishable to the caller.
    """
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user__organisation")
        .filter(token_hash=token_hash(plain))
        .first()
    )
    now = timezone.now()
    if token is None or not token.is_usable(now):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return token
