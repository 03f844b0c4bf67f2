"""Verify the audit hash chain; exit status 1 when any entry was edited or deleted."""

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.audit.services import audit_verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链，发现被篡改或删除的记录。"

    def handle(self, *args: object, **options: object) -> None:
        problems = audit_verify_chain()
        for problem in problems:
            self.stderr.write(problem.message)
        if problems:
            raise CommandError(f"审计日志校验失败：发现 {len(problems)} 处问题。")
        self.stdout.write("审计日志校验通过。")
