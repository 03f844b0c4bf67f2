"""Create (or with --remove, take away) the clearly labelled demo data set of every app.

Each app may have a ``demo`` module with ``seed_demo() -> int | str`` and ``remove_demo()``;
they run in INSTALLED_APPS order (projects before the apps that build on its projects) and in
reverse order for removal. The command is the interface layer, so it may call higher apps.
"""

from __future__ import annotations

from argparse import ArgumentParser
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.core.management.base import BaseCommand

from futurecommunity.projects.demo import DEMO_PASSWORD, demo_users


def _demo_modules() -> list[tuple[str, ModuleType]]:
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name.startswith("futurecommunity.") and find_spec(name) is not None:
            modules.append((str(config.verbose_name), import_module(name)))
    return modules


class Command(BaseCommand):
    help = "创建演示数据（演示账号、【演示】项目及各模块演示数据）；--remove 删除演示数据。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--remove", action="store_true", help="删除全部演示数据")

    def handle(self, *args: object, **options: object) -> None:
        modules = _demo_modules()
        if options["remove"]:
            for label, module in reversed(modules):
                self.stdout.write(f"{label}：已删除演示数据 {module.remove_demo()}。")
            self.stdout.write("演示账号已停用。")
            return
        for label, module in modules:
            self.stdout.write(f"{label}：演示数据新增 {module.seed_demo()}（已存在则不重复创建）。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for user in demo_users()[:4]:
            self.stdout.write(f"  {user.username:<22} {user.full_name}")
