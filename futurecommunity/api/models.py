"""API tokens for other systems. Only the SHA-256 hash of a token is stored."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from futurecommunity.common.models import BaseModel


class ApiToken(BaseModel):
    """A bearer token that acts as ``user`` (with the user's organisation, role and scope)."""

    name = models.CharField("名称", max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="代表用户",
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    token_hash = models.CharField("令牌哈希（SHA-256）", max_length=64, unique=True)
    prefix = models.CharField("令牌前缀", max_length=12, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expires_at = models.DateTimeField("过期时间")
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_usable(self, at: dt.datetime | None = None) -> bool:
        """Not revoked, not expired, and the user it acts as is still active."""
        moment = at or timezone.now()
        return self.revoked_at is None and self.expires_at > moment and self.user.is_active
