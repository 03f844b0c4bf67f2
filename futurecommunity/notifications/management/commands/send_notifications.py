"""Send due e-mail/SMS outbox rows through the gateway adapter (idempotent, cron-safe)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from futurecommunity.notifications.models import OutboxItem, OutboxStatus
from futurecommunity.notifications.services import outbox_send_due


class Command(BaseCommand):
    help = "发送到期的邮件/短信通知（失败自动退避重试）。"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--dry-run", action="store_true", help="只统计，不发送")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["dry_run"]:
            pending = OutboxItem.objects.filter(status=OutboxStatus.PENDING).count()
            self.stdout.write(f"待发送 {pending} 条（演练，未发送）。")
            return
        result = outbox_send_due()
        self.stdout.write(
            f"已发送 {result.sent} 条，未发送（通道关闭）{result.skipped} 条，"
            f"待重试 {result.retried} 条，已放弃 {result.given_up} 条。"
        )
