"""Create (or with --remove, take away) the clearly labelled demo data set."""

from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from futurecommunity.projects.demo import DEMO_PASSWORD, demo_users, remove_demo, seed_demo


class Command(BaseCommand):
    help = "创建演示数据（演示账号与约 300 个【演示】项目）；--remove 删除演示数据。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--remove", action="store_true", help="删除全部演示数据")

    def handle(self, *args: object, **options: object) -> None:
        if options["remove"]:
            count = remove_demo()
            self.stdout.write(f"已删除演示项目 {count} 个，演示账号已停用。")
            return
        created = seed_demo()
        self.stdout.write(f"演示数据：新增项目 {created} 个（已存在则不重复创建）。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for user in demo_users()[:4]:
            self.stdout.write(f"  {user.username:<22} {user.full_name}")
