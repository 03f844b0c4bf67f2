"""Freeze a month's reports as an immutable snapshot (四 S1). Safe to run twice."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.common.errors import DomainError
from futurecommunity.common.time import today_local
from futurecommunity.reporting.rules import parse_month
from futurecommunity.reporting.services import month_freeze


class Command(BaseCommand):
    help = "冻结某月月报（默认上月）：--month 2025-06"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--month", help="YYYY-MM，默认上个月")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            if options["month"]:
                month = parse_month(options["month"])
            else:
                month = (today_local().replace(day=1) - timedelta(days=1)).replace(day=1)
            if options["dry_run"]:
                self.stdout.write(f"将冻结 {month:%Y-%m}（演练，未写入）。")
                return
            snapshot, created = month_freeze(actor=None, month=month)
        except (ValueError, DomainError) as exc:
            raise CommandError(str(exc)) from exc
        data = snapshot.data
        state = "已冻结" if created else "此前已冻结，未改变"
        self.stdout.write(
            f"{data['month']} {state}：已报 {len(data['reports'])}，迟报 {data['late_count']}，未报 {len(data['missing'])}。"
        )
