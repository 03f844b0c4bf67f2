from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from futurecommunity.accounts.administration import administrator_create
from futurecommunity.accounts.models import AdminRole
from futurecommunity.common.errors import DomainError


class Command(BaseCommand):
    help = "安装时创建系统管理员、安全管理员或审计管理员账号（三员分立，每个账号只担任一种职责）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--role",
            required=True,
            choices=[v for v, _ in AdminRole.choices if v],
            help="system_admin / security_admin / audit_admin",
        )
        parser.add_argument("--full-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        password = getpass.getpass("初始密码（首次登录须修改）：")
        try:
            user = administrator_create(
                username=options["username"],
                admin_role=options["role"],
                full_name=options["full_name"],
                password=password,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"已创建{user.get_admin_role_display()} {user.username}。")
