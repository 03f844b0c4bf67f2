"""Load the life-circle catalogue (services, levels, facility kinds, analysis parameters)
from data/lifecircle/*.csv. Idempotent upsert by code; rows the city office edited are kept.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.lifecircle.catalogue import DATA_DIR, load_lifecircle_catalogue
from futurecommunity.lifecircle.rules import ConfigurationError


class Command(BaseCommand):
    help = "从 data/lifecircle/*.csv 载入生活圈服务类型、层级、设施类型和分析参数（可重复执行）。"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_lifecircle_catalogue(
                data_dir=options["data_dir"], dry_run=options["dry_run"]
            )
        except (ConfigurationError, KeyError, ValueError) as error:
            raise CommandError(f"生活圈配置文件有误：{error}") from error
        prefix = "（试运行，未写入）" if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}新增 {report.created} 条，更新 {report.updated} 条，"
            f"未变 {report.unchanged} 条，保留市风貌办修改值 {report.kept_edited} 条。"
        )
