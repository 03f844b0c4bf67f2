"""Idempotent loaders for data/targets: plan table, baseline, rule parameters (upsert by natural key).

Rows already edited by the city office (confidence ``local``) are left as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction

from futurecommunity.targets.models import Baseline, Confidence, PlanTarget, RuleParameter

DATA_DIR = Path(settings.BASE_DIR) / "data" / "targets"
PLAN_SOURCE = "绍政办发〔2023〕21号 附件：各区、县（市）2023—2026 年未来社区建设计划表"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_targets() -> dict[str, int]:
    """Load plan targets, baseline and rule parameters; returns counts created per table."""
    created = {"plan_targets": 0, "baseline": 0, "rule_parameters": 0}
    with transaction.atomic():
        for row in _read("plan_targets_2023_2026.csv"):
            _obj, was_created = PlanTarget.objects.get_or_create(  # type: ignore[misc]
                district_id=row["district_code"],
                year=int(row["year"]),
                level=row["level"],
                defaults={"target": int(row["target"]), "source": PLAN_SOURCE},
            )
            created["plan_targets"] += was_created
        for row in _read("baseline.csv"):
            _obj, was_created = Baseline.objects.get_or_create(  # type: ignore[assignment]
                level=row["level"],
                defaults={
                    "count": int(row["count"]),
                    "as_of": dt.date.fromisoformat(row["as_of"]),
                    "clause": row["clause"],
                    "source": row["source"],
                    "confidence": row["confidence"],
                },
            )
            created["baseline"] += was_created
        rows = _read("rule_parameters.csv")
        # A key dropped from the file (e.g. t4_construction_days, replaced by
        # t4_construction_years) would linger on the configuration screen: remove it unless the
        # city office set it itself.
        RuleParameter.objects.exclude(key__in=[r["key"] for r in rows]).exclude(
            confidence=Confidence.LOCAL
        ).delete()
        for row in rows:
            fields = {
                k: row[k]
                for k in ("name", "value", "unit", "clause", "source", "confidence", "note")
            }
            current = RuleParameter.objects.filter(key=row["key"]).first()
            if current is None:
                RuleParameter.objects.create(key=row["key"], **fields)
                created["rule_parameters"] += 1
            elif current.confidence != Confidence.LOCAL:
                changed = [k for k, v in fields.items() if getattr(current, k) != v]
                for key in changed:
                    setattr(current, key, fields[key])
                if changed:
                    current.save(update_fields=[*changed, "updated_at"])
    return created
