"""Write a signed checkpoint of the audit chain head outside the database (scheduled)."""

from django.core.management.base import BaseCommand

from futurecommunity.audit.services import audit_checkpoint_now


class Command(BaseCommand):
    help = "把审计日志哈希链的最新位置签名写入检查点文件和系统日志。"

    def handle(self, *args: object, **options: object) -> None:
        point = audit_checkpoint_now()
        if point is None:
            self.stdout.write("审计日志为空，未写检查点。")
        else:
            self.stdout.write(f"已写检查点：第 {point.entry_id} 条。")
