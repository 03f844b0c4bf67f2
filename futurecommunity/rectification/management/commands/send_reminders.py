"""Deadline reminders for open orders (once per order per configured threshold)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from futurecommunity.common.time import today_local
from futurecommunity.rectification.alerts import reminders_send


class Command(BaseCommand):
    help = "整改期限临近提醒（每张整改单每个提醒天数只发一次）。"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--dry-run", action="store_true", help="只统计，不发送")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        count = reminders_send(today=today_local(), dry_run=options["dry_run"])
        suffix = "（演练，未发送）" if options["dry_run"] else ""
        self.stdout.write(f"到期提醒 {count} 条{suffix}。")
