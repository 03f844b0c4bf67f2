"""Escalate overdue orders to district then city leaders (once per order per level)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from futurecommunity.common.time import today_local
from futurecommunity.rectification.alerts import escalations_run


class Command(BaseCommand):
    help = "逾期整改单升级督办（每张整改单每一级只督办一次）。"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--dry-run", action="store_true", help="只统计，不发送")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        count = escalations_run(today=today_local(), dry_run=options["dry_run"])
        suffix = "（演练，未发送）" if options["dry_run"] else ""
        self.stdout.write(f"逾期督办 {count} 条{suffix}。")
