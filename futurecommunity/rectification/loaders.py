"""Load configuration rows from data/rectification/settings.csv (upsert by key, never overwrite
values edited by the city office)."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "rectification" / "settings.csv"


def read_rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_rectification_settings(model=None) -> int:  # type: ignore[no-untyped-def]
    """Create missing rows; returns how many were created. ``model`` lets migrations pass theirs."""
    if model is None:
        from futurecommunity.rectification.models import RectificationSetting as model
    created = 0
    for row in read_rows():
        _obj, was_created = model.objects.get_or_create(
            key=row["key"], defaults={k: v for k, v in row.items() if k != "key"}
        )
        created += was_created
    return created
