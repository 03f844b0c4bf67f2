"""Write the month's bulletin draft (from the frozen month) and save it as .docx."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.common.errors import DomainError
from futurecommunity.reporting.bulletins import bulletin_generate
from futurecommunity.reporting.models import Bulletin, BulletinStatus
from futurecommunity.reporting.rules import parse_month


class Command(BaseCommand):
    help = "生成某月通报草稿：--month 2025-06 --out FILE.docx（已印发则输出印发件）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--month", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            month = parse_month(options["month"])
            issued = Bulletin.objects.filter(month=month, status=BulletinStatus.ISSUED).first()
            if options["dry_run"]:
                self.stdout.write(f"将生成 {month:%Y-%m} 通报（演练，未写入）。")
                return
            bulletin = issued or bulletin_generate(actor=None, month=month)
        except (ValueError, DomainError) as exc:
            raise CommandError(str(exc)) from exc
        Path(options["out"]).write_bytes(bytes(bulletin.docx))
        note = (
            f"已印发（{bulletin.document_number}），输出印发件"
            if issued
            else f"草稿已生成（{bulletin.generation_seconds} 秒）"
        )
        self.stdout.write(f"{month:%Y-%m} 通报{note}：{options['out']}")
