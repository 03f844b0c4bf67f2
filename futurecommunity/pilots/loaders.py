"""Idempotent loader for data/pilots: ancient-city placeholders and coverage requirements.

Upserts by natural key (area/unit code, declaration kind); rows already confirmed by 越城区 or
the city office (confidence ``local``) are left as they are.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from futurecommunity.pilots.models import (
    AncientArea,
    AncientUnit,
    Confidence,
    CoverageRequirement,
    DeliverableItem,
)

DATA_DIR = Path(settings.BASE_DIR) / "data" / "pilots"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(
    model: type[AncientArea | AncientUnit | CoverageRequirement | DeliverableItem],
    key: dict[str, object],
    fields: dict[str, object],
) -> bool:
    current = model.objects.filter(**key).first()
    if current is None:
        model.objects.create(**key, **fields)
        return True
    if current.confidence != Confidence.LOCAL:
        for name, value in fields.items():
            setattr(current, name, value)
        current.save(update_fields=[*fields, "updated_at"])
    return False


def load_pilots() -> dict[str, int]:
    """Load areas, units, coverage requirements and the pilots' deliverable items (W1); returns
    the rows created per table."""
    created = {"areas": 0, "units": 0, "coverage_requirements": 0, "deliverable_items": 0}
    rows = _read("ancient_city.csv")
    with transaction.atomic():
        for row in (r for r in rows if r["kind"] == "area"):
            created["areas"] += _upsert(
                AncientArea,
                {"code": row["code"]},
                {
                    "name": row["name"],
                    "schedule_year": int(row["schedule_year"]),
                    "implementing_body": row["implementing_body"],
                    "confidence": row["confidence"],
                    "note": row["note"],
                },
            )
        areas = {a.code: a for a in AncientArea.objects.all()}
        for row in (r for r in rows if r["kind"] == "unit"):
            created["units"] += _upsert(
                AncientUnit,
                {"code": row["code"]},
                {
                    "area": areas[row["area_code"]],
                    "name": row["name"],
                    "schedule_year": int(row["schedule_year"]),
                    "implementing_body": row["implementing_body"],
                    "confidence": row["confidence"],
                    "note": row["note"],
                },
            )
        for row in _read("coverage_requirements.csv"):
            created["coverage_requirements"] += _upsert(
                CoverageRequirement,
                {"kind": row["kind"]},
                {
                    "min_coverage": Decimal(row["min_coverage"]),
                    "first_year": int(row["first_year"]),
                    "clause": row["clause"],
                    "source": row["source"],
                    "confidence": row["confidence"],
                    "note": row["note"],
                },
            )
        for row in _read("deliverables.csv"):
            created["deliverable_items"] += _upsert(
                DeliverableItem,
                {"key": row["key"]},
                {
                    "kind": row["kind"],
                    "order": int(row["order"]),
                    "name": row["name"],
                    "description": row["description"],
                    "clause": row["clause"],
                    "source": row["source"],
                    "confidence": row["confidence"],
                    "note": row["note"],
                },
            )
    return created
