"""Verify the audit hash chain against the key and the latest signed checkpoint; exit status 1
when any entry was edited, deleted or the newest entries were truncated."""

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.audit.keys import latest_checkpoint
from futurecommunity.audit.services import audit_verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链（密钥在数据库之外）及最新签名检查点，发现被篡改、删除或截断的记录。"

    def handle(self, *args: object, **options: object) -> None:
        problems = audit_verify_chain()
        for problem in problems:
            self.stderr.write(problem.message)
        if problems:
            raise CommandError(f"审计日志校验失败：发现 {len(problems)} 处问题。")
        point = latest_checkpoint()
        if point is None:
            self.stdout.write("审计日志校验通过（尚无检查点）。")
        else:
            self.stdout.write(
                f"审计日志校验通过，与最新检查点（第 {point.entry_id} 条，{point.written_at[:19]}）一致。"
            )
