"""Load configuration rows from data/notices/settings.csv (upsert by key; an edited value stays)."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "notices" / "settings.csv"


def read_rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_notice_settings(model=None) -> int:  # type: ignore[no-untyped-def]
    """Create missing rows, refresh unedited ones; returns how many were created."""
    if model is None:
        from futurecommunity.notices.models import NoticeSetting as model
    created = 0
    for row in read_rows():
        values = {k: v for k, v in row.items() if k != "key"}
        obj, was_created = model.objects.get_or_create(key=row["key"], defaults=values)
        if not was_created and not obj.is_edited:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
        created += was_created
    return created
