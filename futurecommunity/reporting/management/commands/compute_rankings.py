"""Score and rank a quarter (四 S2). Safe to run twice; a published quarter is left unchanged."""

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.common.errors import DomainError
from futurecommunity.reporting.rankings import ranking_compute
from futurecommunity.reporting.rules import parse_quarter


class Command(BaseCommand):
    help = "计算季度考评得分和排名：--quarter 2025Q2"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--quarter", required=True)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            parse_quarter(options["quarter"])
            if options["dry_run"]:
                self.stdout.write(f"将计算 {options['quarter']}（演练，未写入）。")
                return
            ranking, changed = ranking_compute(actor=None, quarter=options["quarter"])
        except (ValueError, DomainError) as exc:
            raise CommandError(str(exc)) from exc
        rows = ranking.rows.filter(parent_code="").order_by("rank")
        state = "已计算" if changed else "已公布，未重算"
        self.stdout.write(
            f"{ranking.quarter} {state}："
            + "；".join(f"{r.rank}. {r.region_name} {r.score}" for r in rows)
        )
