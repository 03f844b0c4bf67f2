"""Seed the size checks (data/centres/size_rules.csv); an existing row keeps its value."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parents[3] / "data" / "centres" / "size_rules.csv"


def load(apps, schema_editor):
    SizeRule = apps.get_model("centres", "SizeRule")
    with CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            SizeRule.objects.get_or_create(
                key=row["key"],
                defaults={
                    "name": row["name"], "value": Decimal(row["value"]), "unit": row["unit"],
                    "severity": row["severity"], "confidence": row["confidence"],
                    "order": int(row["order"]), "source": row["source"], "note": row["note"],
                },
            )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("centres", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
