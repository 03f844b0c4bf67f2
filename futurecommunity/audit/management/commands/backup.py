"""Back up the database and the uploaded files with a manifest of checksums."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from futurecommunity.audit.backup import backup_create


class Command(BaseCommand):
    help = "备份数据库与上传文件（含校验和清单）：--out 目录（默认 <var>/backups）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", default="", help="备份存放目录")

    def handle(self, *args: object, **options: Any) -> None:
        out = Path(options["out"] or Path(settings.VAR_DIR) / "backups")
        folder = backup_create(out)
        self.stdout.write(f"已备份到 {folder}")
