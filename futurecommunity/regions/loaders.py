"""Idempotent loader for the NBS division files in data/regions (upsert by code)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from futurecommunity.regions.models import NbsKind, Region, RegionLevel

DATA_DIR = Path(settings.BASE_DIR) / "data" / "regions"
_STREET_KIND = {"街道": NbsKind.STREET, "镇": NbsKind.TOWN, "乡": NbsKind.TOWNSHIP}
_URBAN_KINDS = {NbsKind.RESIDENTS_COMMITTEE, NbsKind.RESIDENTS_LIKE}


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _rows() -> list[dict[str, object]]:
    boundaries = json.loads((DATA_DIR / "shaoxing_districts.geojson").read_text(encoding="utf-8"))
    by_code = {f["properties"]["code"]: f for f in boundaries["features"]}
    rows: list[dict[str, object]] = []
    for d in _read("shaoxing_districts.csv"):
        feature = by_code.get(d["code"])
        label = feature["properties"].get("label_point") if feature else None
        rows.append(
            {
                "code": d["code"],
                "name": d["name"],
                "level": RegionLevel.DISTRICT,
                "nbs_kind": NbsKind.DISTRICT,
                "parent_code": "3306",
                "district_code": d["code"],
                "boundary_geojson": feature["geometry"] if feature else None,
                "label_lon": label[0] if label else None,
                "label_lat": label[1] if label else None,
            }
        )
    for s in _read("shaoxing_streets.csv"):
        rows.append(
            {
                "code": s["code"],
                "name": s["name"],
                "level": RegionLevel.STREET,
                "nbs_kind": _STREET_KIND[s["kind"]],
                "parent_code": s["district_code"],
                "district_code": s["district_code"],
            }
        )
    for c in _read("shaoxing_villages_communities.csv"):
        rows.append(
            {
                "code": c["code"],
                "name": c["name"],
                "level": RegionLevel.COMMUNITY,
                "nbs_kind": c["nbs_kind"],
                "parent_code": c["street_code"],
                "district_code": c["district_code"],
            }
        )
    return rows


def load_regions(*, dry_run: bool = False) -> LoadResult:
    """Upsert every region. The urban flag is set only on creation so office edits survive."""
    existing = {r.code: r for r in Region.objects.all()}
    created = updated = unchanged = 0
    with transaction.atomic():
        for row in _rows():
            current = existing.get(str(row["code"]))
            if current is None:
                created += 1
                if not dry_run:
                    Region.objects.create(**row, is_urban_community=row["nbs_kind"] in _URBAN_KINDS)
                continue
            changed = [k for k, v in row.items() if getattr(current, k) != v]
            if not changed:
                unchanged += 1
                continue
            updated += 1
            if not dry_run:
                for key in changed:
                    setattr(current, key, row[key])
                current.save(update_fields=[*changed, "updated_at"])
        if dry_run:
            transaction.set_rollback(True)
    return LoadResult(created, updated, unchanged)
