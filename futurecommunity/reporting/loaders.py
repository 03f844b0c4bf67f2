"""Idempotent loader of data/reporting (upsert by key; rows the city office edited stay)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from futurecommunity.reporting.models import Confidence, Indicator, ReportingParameter

DATA_DIR = Path(settings.BASE_DIR) / "data" / "reporting"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reporting_configuration() -> int:
    """Create missing parameter and indicator rows; returns how many were created."""
    created = 0
    with transaction.atomic():
        for row in _read("parameters.csv"):
            fields = {
                k: row[k]
                for k in ("name", "value", "unit", "clause", "source", "confidence", "note")
            }
            obj, was = ReportingParameter.objects.get_or_create(key=row["key"], defaults=fields)
            created += was
            if not was and obj.confidence != Confidence.LOCAL:
                changed = [k for k, v in fields.items() if getattr(obj, k) != v]
                for k in changed:
                    setattr(obj, k, fields[k])
                if changed:
                    obj.save(update_fields=[*changed, "updated_at"])
        for row in _read("indicators.csv"):
            fields = {
                "name": row["name"],
                "position": int(row["position"]),  # type: ignore[dict-item]
                "weight": Decimal(row["weight"]),  # type: ignore[dict-item]
                "definition": row["definition"],
                "clause": row["clause"],
                "source": row["source"],
                "confidence": row["confidence"],
            }
            _obj, was = Indicator.objects.get_or_create(code=row["code"], defaults=fields)
            created += was
    return created


def ensure_configuration() -> None:
    """Load the configuration rows on first use (tests and fresh databases)."""
    if not ReportingParameter.objects.exists() or not Indicator.objects.exists():
        load_reporting_configuration()
