"""Load (upsert) Shaoxing's NBS 2023 divisions and district boundaries from data/regions."""

from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from futurecommunity.regions.loaders import load_regions


class Command(BaseCommand):
    help = "导入绍兴市行政区划（国家统计局 2023 年区划代码）及区县边界，可重复执行。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        result = load_regions(dry_run=bool(options["dry_run"]))
        self.stdout.write(
            f"行政区划：新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}。"
        )
