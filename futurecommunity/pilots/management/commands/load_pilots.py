"""Load data/pilots (ancient-city placeholders, coverage requirements); idempotent."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand
from django.db import transaction

from futurecommunity.pilots.loaders import load_pilots


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "载入古城片区/单元占位数据和全域覆盖率要求（可重复执行）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只统计，不写入")

    def handle(self, *args: object, **options: object) -> None:
        try:
            with transaction.atomic():
                created = load_pilots()
                if options["dry_run"]:
                    raise _DryRun
        except _DryRun:
            self.stdout.write("（试运行，未写入）")
        self.stdout.write(
            f"古城片区新增 {created['areas']}，单元新增 {created['units']}，"
            f"覆盖率要求新增 {created['coverage_requirements']}。"
        )
