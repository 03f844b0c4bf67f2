"""Audit entries (house style §10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One recorded action. Append-only; ``entry_hash`` chains it to the previous entry."""

    occurred_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    organisation_name = models.CharField("操作组织", max_length=100, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    subject_type = models.CharField("对象类型", max_length=64, blank=True)
    subject_id = models.CharField("对象ID", max_length=64, blank=True)
    subject_reference = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    region_code = models.CharField("区划代码", max_length=12, blank=True, db_index=True)
    source_ip = models.CharField("来源IP", max_length=45, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    reason = models.TextField("原因/备注", blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.subject_reference}"
