"""Load the size checks from data/centres/size_rules.csv; a row that exists keeps its value
(the city office may have edited it). The migration 0002 seeds the same file."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from futurecommunity.centres.models import SizeRule


def load_size_rules() -> int:
    path = Path(settings.BASE_DIR) / "data" / "centres" / "size_rules.csv"
    created = 0
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            _rule, new = SizeRule.objects.get_or_create(
                key=row["key"],
                defaults={
                    "name": row["name"], "value": Decimal(row["value"]), "unit": row["unit"],
                    "severity": row["severity"], "confidence": row["confidence"],
                    "order": int(row["order"]), "source": row["source"], "note": row["note"],
                },
            )  # fmt: skip
            created += int(new)
    return created
