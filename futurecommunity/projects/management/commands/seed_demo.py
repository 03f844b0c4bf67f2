"""Create (or with --remove, take away) the clearly labelled demo data set of every app.

Each app may have a ``demo`` module with ``seed_demo() -> int | str`` and ``remove_demo()``;
they run in INSTALLED_APPS order (projects before the apps that build on its projects) and in
reverse order for removal. The command is the interface layer, so it may call higher apps.

Demo data lives only in a demo instance: seeding refuses unless ``FC_DEMO_MODE`` is on (which
also selects the demo database) and refuses on a database that already holds real projects.
"""

from __future__ import annotations

from argparse import ArgumentParser
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from futurecommunity.projects.demo import DEMO_PASSWORD, demo_users
from futurecommunity.projects.models import Project


def seed_refusal() -> str:
    """Why demo data may not be written here ("" when it may): only into a demo instance."""
    if not settings.FC_DEMO_MODE:
        return (
            "本实例不是演示实例（未设置 FC_DEMO_MODE=1），拒绝写入演示数据：演示数据只能放在"
            "单独的演示数据库中（scripts/run.sh 启动演示实例，使用 var/demo.sqlite3）。"
        )
    real = Project.objects.filter(is_demo=False).count()
    if real and not Project.objects.filter(is_demo=True).exists():
        return (
            f"本数据库已有 {real} 个真实（非演示）项目，拒绝写入演示数据：演示数据不得与真实数据"
            "混在同一数据库。请确认 DATABASE_URL / FC_VAR_DIR 指向演示数据库。"
        )
    return ""


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
        refusal = seed_refusal()
        if refusal:
            raise CommandError(refusal)
        for label, module in modules:
            self.stdout.write(f"{label}：演示数据新增 {module.seed_demo()}（已存在则不重复创建）。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for user in demo_users()[:4]:
            self.stdout.write(f"  {user.username:<22} {user.full_name}")
