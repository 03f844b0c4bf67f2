"""Revoke an API token at once, by its number or its printed prefix; idempotent."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.accounts.models import User
from futurecommunity.api.models import ApiToken
from futurecommunity.api.services import api_token_revoke


class Command(BaseCommand):
    help = "吊销接口令牌（按编号或令牌前缀），立即生效。"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--id", type=int, help="令牌编号（签发时显示）")
        which.add_argument("--prefix", help="令牌前 10 个字符")
        parser.add_argument("--reason", default="", help="吊销原因（写入审计日志）")
        parser.add_argument("--revoked-by", help="操作人的用户名（写入审计日志）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不吊销")

    def handle(self, *args: Any, **options: Any) -> None:
        token = _token(options["id"], options["prefix"])
        actor = None
        if options["revoked_by"]:
            actor = User.objects.filter(username=options["revoked_by"]).first()
            if actor is None:
                raise CommandError(f"用户“{options['revoked_by']}”不存在。")
        if token.is_revoked:
            self.stdout.write(
                f"令牌 #{token.pk}「{token.name}」已于 {token.revoked_at:%Y-%m-%d %H:%M} 吊销，无需操作。"
            )
            return
        if options["dry_run"]:
            self.stdout.write(f"检查通过：将吊销令牌 #{token.pk}「{token.name}」（未吊销）。")
            return
        api_token_revoke(actor=actor, token=token, reason=options["reason"])
        self.stdout.write(f"已吊销令牌 #{token.pk}「{token.name}」。")


def _token(pk: int | None, prefix: str | None) -> ApiToken:
    matches = list(ApiToken.objects.filter(pk=pk) if pk else ApiToken.objects.filter(prefix=prefix))
    if not matches:
        raise CommandError("未找到该令牌。")
    if len(matches) > 1:
        raise CommandError("该前缀对应多个令牌，请改用 --id。")
    return matches[0]
