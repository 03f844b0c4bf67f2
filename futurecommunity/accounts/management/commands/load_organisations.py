from django.core.management.base import BaseCommand

from futurecommunity.accounts.loaders import load_organisations


class Command(BaseCommand):
    help = "创建市风貌办、各区县风貌办、各街道（镇、乡）组织及职能部门、公用事业单位和社会公众，可重复执行。"

    def handle(self, *args: object, **options: object) -> None:
        created = load_organisations()
        self.stdout.write(f"组织：新增 {created} 个。")
