"""Load the plan table, the 2022 baseline and the rule parameters (idempotent)."""

from django.core.management.base import BaseCommand

from futurecommunity.targets.loaders import load_targets


class Command(BaseCommand):
    help = "导入年度建设计划表、2022 年基数和规则参数，可重复执行。"

    def handle(self, *args: object, **options: object) -> None:
        created = load_targets()
        self.stdout.write(
            f"建设计划：新增 {created['plan_targets']} 行；基数：新增 {created['baseline']} 行；"
            f"规则参数：新增 {created['rule_parameters']} 行。"
        )
