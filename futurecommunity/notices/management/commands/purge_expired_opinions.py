"""Delete residents' personal information whose retention period has passed (PIPL 第十九条)."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from futurecommunity.common.time import parse_date
from futurecommunity.notices.services import opinions_purge_expired


class Command(BaseCommand):
    help = "删除保存期限届满的居民意见个人信息（姓名、联系方式、楼栋、照片）；可 --dry-run。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")
        parser.add_argument("--today", default="", help="按该日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args: object, **options: object) -> None:
        today = parse_date(str(options["today"])) if options["today"] else None
        count = opinions_purge_expired(today=today, dry_run=bool(options["dry_run"]))
        verb = "将删除" if options["dry_run"] else "已删除"
        self.stdout.write(f"{verb} {count} 条居民意见的个人信息。")
