"""Create the shipped index versions and acceptance parameters that are missing (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from futurecommunity.evaluation.loaders import load_evaluation


class Command(BaseCommand):
    help = "载入评价指标体系（重构稿）和评价验收参数（已有的不覆盖）。"

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"新增 {load_evaluation()} 行。")
