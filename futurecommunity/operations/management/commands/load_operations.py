from django.core.management.base import BaseCommand

from futurecommunity.operations.loaders import load_operations


class Command(BaseCommand):
    help = (
        "载入社区运营规则参数（data/operations/parameters.csv，可重复执行，保留市风貌办修改值）。"
    )

    def handle(self, *args: object, **options: object) -> None:
        c = load_operations()
        self.stdout.write(
            f"运营规则参数：新增 {c['created']} 条，更新 {c['updated']} 条，保留市风貌办修改值 {c['kept']} 条。"
        )
