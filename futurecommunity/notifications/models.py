"""Inbox messages (in-app) and the outbox (e-mail/SMS rows sent by ``send_notifications``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from futurecommunity.common.models import BaseModel


class Message(BaseModel):
    """One in-app message for one user; ``read_at`` is set when the user marks it read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="收件人",
        on_delete=models.CASCADE,
        related_name="inbox_messages",
    )
    kind = models.CharField("类型", max_length=48, db_index=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_msg_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    SKIPPED = "skipped", "未发送（通道关闭）"
    GIVEN_UP = "given_up", "发送失败（已放弃）"


class OutboxItem(BaseModel):
    """An e-mail or SMS copy of a message, retried with backoff until sent or given up."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="outbox")
    channel = models.CharField("通道", max_length=8, choices=Channel.choices)
    address = models.CharField("地址", max_length=200)
    status = models.CharField(
        "状态",
        max_length=12,
        choices=OutboxStatus.choices,
        default=OutboxStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True, db_index=True)
    last_error = models.CharField("最近结果", max_length=300, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "待发送通知"
        verbose_name_plural = "待发送通知"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}"
