"""Idempotent loader for data/operations/parameters.csv (rows the city office set are kept)."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from futurecommunity.operations.models import Confidence, OperationParameter

DATA_DIR = Path(settings.BASE_DIR) / "data" / "operations"


def load_operations() -> dict[str, int]:
    """Upsert the parameter rows; returns created / updated / kept counts."""
    counts = {"created": 0, "updated": 0, "kept": 0}
    with (DATA_DIR / "parameters.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with transaction.atomic():
        for row in rows:
            fields = {
                k: row[k]
                for k in ("name", "value", "unit", "clause", "source", "confidence", "note")
            }
            current = OperationParameter.objects.filter(key=row["key"]).first()
            if current is None:
                OperationParameter.objects.create(key=row["key"], **fields)
                counts["created"] += 1
            elif current.confidence == Confidence.LOCAL:
                counts["kept"] += 1
            else:
                for name, value in fields.items():
                    setattr(current, name, value)
                current.save(update_fields=[*fields, "updated_at"])
                counts["updated"] += 1
    return counts
