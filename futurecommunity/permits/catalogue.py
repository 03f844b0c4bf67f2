"""The permit catalogue in the database: thresholds and departments as configuration rows.

`load_permit_catalogue` upserts the seed CSV rows by natural key (threshold key, department
code); a row the city office edited (`is_edited`) keeps its value. `current_configuration`
feeds the navigator from the DB rows when they exist, else from the CSV seed files.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from futurecommunity.permits.models import ReviewDepartment, RouteThreshold
from futurecommunity.permits.navigator import (
    DepartmentRoster,
    RouteThresholds,
    load_roster_csv,
    load_thresholds_csv,
    roster_from_rows,
    thresholds_from_rows,
)

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "permits"
THRESHOLD_FIELDS = ("value", "unit", "clause", "source", "confidence", "note")
DEPARTMENT_FIELDS = ("name", "role", "clause", "note")


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int
    kept_edited: int


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _upsert(model, key_field: str, fields: tuple[str, ...], rows, counts: dict) -> None:  # type: ignore[no-untyped-def]
    for row in rows:
        values = {name: row.get(name, "") for name in fields}
        existing = model.objects.filter(**{key_field: row[key_field]}).first()
        if existing is None:
            model.objects.create(**{key_field: row[key_field]}, **values)
            counts["created"] += 1
            continue
        if existing.is_edited:
            # The office's value stands; the provenance columns still follow the seed.
            values = {k: v for k, v in values.items() if k not in ("value", "name")}
        changed = [name for name, value in values.items() if getattr(existing, name) != value]
        for name in changed:
            setattr(existing, name, values[name])
        if changed:
            existing.save(update_fields=[*changed, "updated_at"])
        if existing.is_edited:
            counts["kept_edited"] += 1
        else:
            counts["updated" if changed else "unchanged"] += 1


def load_permit_catalogue(*, data_dir: Path = DATA_DIR, dry_run: bool = False) -> LoadReport:
    """Upsert thresholds and departments from the seed CSVs; idempotent.

    Invariant: the seed files parse (same checks as the navigator) before anything is written.
    """
    threshold_rows = _read(data_dir / "route_thresholds.csv")
    department_rows = _read(data_dir / "departments.csv")
    thresholds_from_rows(threshold_rows)
    roster_from_rows(department_rows)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept_edited": 0}
    with transaction.atomic():
        _upsert(RouteThreshold, "key", THRESHOLD_FIELDS, threshold_rows, counts)
        _upsert(ReviewDepartment, "code", DEPARTMENT_FIELDS, department_rows, counts)
        if dry_run:
            transaction.set_rollback(True)
    return LoadReport(**counts)


def thresholds_from_db() -> RouteThresholds | None:
    """The DB threshold rows as `RouteThresholds`, or None when the table is empty."""
    rows = list(RouteThreshold.objects.values("key", *THRESHOLD_FIELDS))
    return thresholds_from_rows(rows) if rows else None


def roster_from_db() -> DepartmentRoster | None:
    """The DB department rows as a roster, or None when the table is empty."""
    rows = list(ReviewDepartment.objects.order_by("id").values("code", *DEPARTMENT_FIELDS))
    return roster_from_rows(rows) if rows else None


def current_configuration(*, data_dir: Path = DATA_DIR) -> tuple[RouteThresholds, DepartmentRoster]:
    """Thresholds and roster from the DB rows when loaded, else from the seed CSVs."""
    thresholds = thresholds_from_db() or load_thresholds_csv(data_dir / "route_thresholds.csv")
    roster = roster_from_db() or load_roster_csv(data_dir / "departments.csv")
    return thresholds, roster
