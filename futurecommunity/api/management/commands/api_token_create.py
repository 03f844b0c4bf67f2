"""Issue an API token for a system; the plain token is printed once and never stored."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.accounts.models import User
from futurecommunity.api.services import MAX_DAYS, api_token_create
from futurecommunity.common.errors import ValidationFailed


class Command(BaseCommand):
    help = "为对接系统签发接口令牌（令牌代表指定用户，只显示一次）。"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--user", required=True, help="令牌代表的用户名")
        parser.add_argument("--name", required=True, help="令牌名称，例如对接系统名称")
        parser.add_argument(
            "--days", type=int, default=90, help=f"有效天数（1–{MAX_DAYS}，默认 90）"
        )
        parser.add_argument("--created-by", help="签发人的用户名（写入审计日志）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不签发")

    def handle(self, *args: Any, **options: Any) -> None:
        user = _user(options["user"])
        actor = _user(options["created_by"]) if options["created_by"] else None
        if options["dry_run"]:
            self.stdout.write(f"检查通过：将为用户“{user.username}”签发令牌（未签发）。")
            return
        try:
            issued = api_token_create(
                actor=actor, user=user, name=options["name"], days=options["days"]
            )
        except ValidationFailed as error:
            raise CommandError("；".join(m for ms in error.errors.values() for m in ms)) from error
        token = issued.token
        self.stdout.write(f"已签发令牌 #{token.pk}「{token.name}」，代表用户 {user.username}，")
        self.stdout.write(
            f"有效期至 {token.expires_at:%Y-%m-%d %H:%M}。令牌只显示这一次，请妥善保存："
        )
        self.stdout.write(issued.plain)


def _user(username: str) -> User:
    try:
        return User.objects.select_related("organisation").get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"用户“{username}”不存在。") from None
