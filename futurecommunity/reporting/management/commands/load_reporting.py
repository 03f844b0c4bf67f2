"""Load data/reporting (due day, issuer, indicators and weights). Idempotent."""

from django.core.management.base import BaseCommand

from futurecommunity.reporting.loaders import load_reporting_configuration


class Command(BaseCommand):
    help = "载入月报、通报和考评的配置参数"

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"新增配置 {load_reporting_configuration()} 行。")
