"""Load the shipped index versions and parameters from data/evaluation (create missing only)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "data" / "evaluation"


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_evaluation(apps: Any = None) -> int:
    """Create missing parameters and shipped index versions; returns rows created."""
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    parameter = apps.get_model("evaluation", "EvaluationParameter")
    system_model = apps.get_model("evaluation", "IndexSystem")
    created = 0
    for row in read_rows("parameters.csv"):
        _obj, was = parameter.objects.get_or_create(
            key=row["key"], defaults={k: v for k, v in row.items() if k != "key"}
        )
        created += was
    indicators = read_rows("indicators.csv")
    for row in read_rows("systems.csv"):
        if system_model.objects.filter(code=row["code"]).exists():
            continue
        system = system_model.objects.create(
            **{k: v for k, v in row.items() if k not in {"issued_on", "year_to", "pass_score"}},
            issued_on=row["issued_on"] or None,
            year_to=int(row["year_to"]) if row["year_to"] else None,
            pass_score=Decimal(row["pass_score"]),
        )
        created += 1 + _load_indicators(apps, system, indicators)
    return created


def _load_indicators(apps: Any, system: Any, rows: list[dict[str, str]]) -> int:
    dimension_model = apps.get_model("evaluation", "Dimension")
    indicator_model = apps.get_model("evaluation", "Indicator")
    dimensions: dict[str, Any] = {}
    for order, row in enumerate(rows, start=1):
        code = row["dimension_code"]
        if code not in dimensions:
            dimensions[code] = dimension_model.objects.create(
                system=system,
                code=code,
                group=row["dimension_group"],
                name=row["dimension_name"],
                order=len(dimensions) + 1,
            )
        indicator_model.objects.create(
            system=system,
            dimension=dimensions[code],
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            points=Decimal(row["points"]),
            evidence=row["evidence"],
            proof=row["proof"],
            service_code=row["service_code"],
            facility_kind_code=row["facility_kind_code"],
            is_required=row["is_required"] == "true",
            source=row["source"],
            confidence=row["confidence"],
            order=order,
        )
    return len(rows)
