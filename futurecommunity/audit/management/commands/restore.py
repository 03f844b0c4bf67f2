"""Restore a backup into an empty instance; report rows, files and the audit chain."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.audit.backup import backup_restore
from futurecommunity.common.errors import DomainError


class Command(BaseCommand):
    help = "把 backup 生成的备份恢复到空实例，并核对行数、文件和审计日志哈希链。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", help="备份目录（含 manifest.json）")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            report = backup_restore(Path(options["folder"]))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        restored = sum(report.rows_restored.values())
        self.stdout.write(f"已恢复 {restored} 行数据、{report.files} 个上传文件。")
        if report.older_than_checkpoint:
            self.stdout.write(report.older_than_checkpoint)
        if not report.rows_match:
            diff = {
                k: (v, report.rows_restored.get(k))
                for k, v in report.rows_expected.items()
                if report.rows_restored.get(k) != v
            }
            raise CommandError(f"恢复后的行数与备份清单不符：{diff}")
        problems = [p for p in report.audit_problems if "审计日志被截断" not in p]
        if problems:
            raise CommandError("审计日志校验失败：" + "；".join(problems))
        self.stdout.write("行数与备份清单一致；审计日志哈希链校验通过。")
