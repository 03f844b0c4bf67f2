"""Load the permit catalogue (thresholds, joint review roster) from data/permits/*.csv.

Idempotent upsert by natural key; rows the city office edited keep their value.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.permits.catalogue import DATA_DIR, load_permit_catalogue
from futurecommunity.permits.navigator import ConfigurationError


class Command(BaseCommand):
    help = "从 data/permits/*.csv 载入审批路径阈值和联合审查部门（按编码更新，可重复执行）。"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_permit_catalogue(data_dir=options["data_dir"], dry_run=options["dry_run"])
        except (ConfigurationError, OSError) as error:
            raise CommandError(str(error)) from error
        prefix = "（试运行，未写入）" if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}新增 {report.created} 条，更新 {report.updated} 条，"
            f"未变 {report.unchanged} 条，保留市风貌办修改值 {report.kept_edited} 条。"
        )
