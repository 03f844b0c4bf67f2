"""The life-circle catalogue in the database: services, levels, facility kinds, parameters.

``load_lifecircle_catalogue`` upserts the seed CSV rows of ``data/lifecircle/`` by natural key
(code / key); a row the city office edited (``is_edited``) is left exactly as the office set
it. ``current_catalogue`` freezes the rows into the ``rules.Catalogue`` an analysis runs on.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from futurecommunity.lifecircle.models import (
    AnalysisParameter,
    FacilityKind,
    LifeCircleLevel,
    ServiceType,
)
from futurecommunity.lifecircle.rules import (
    Catalogue,
    ConfigurationError,
    KindDef,
    LevelDef,
    check_levels,
    parse_parameters,
)

DATA_DIR = Path(settings.BASE_DIR) / "data" / "lifecircle"
PROVENANCE = ("source", "confidence", "note")
_TRUE = {"true", "1", "yes", "是"}


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int
    kept_edited: int


def _read(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(handle)]
    except FileNotFoundError:
        raise ConfigurationError(f"找不到配置文件 {path}。") from None


def _seed_rows(data_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """The four seed files as field dicts, checked before anything is written."""
    services = [
        {"code": r["code"], "name": r["name"], "order": int(r["order"]),
         "description": r["description"], **{k: r.get(k, "") for k in PROVENANCE}}
        for r in _read(data_dir / "service_types.csv")
    ]  # fmt: skip
    levels = [
        {"code": r["code"], "name": r["name"], "minutes": int(r["minutes"]),
         "max_distance_m": float(r["max_distance_m"]), "order": int(r["order"]),
         **{k: r.get(k, "") for k in PROVENANCE}}
        for r in _read(data_dir / "levels.csv")
    ]  # fmt: skip
    kinds = [
        {"code": r["code"], "name": r["name"], "service": r["service"], "level": r["level"],
         "serves_lower_levels": r["serves_lower_levels"].lower() in _TRUE,
         "is_neighbourhood_centre": r["is_neighbourhood_centre"].lower() in _TRUE,
         "order": int(r["order"]), **{k: r.get(k, "") for k in PROVENANCE}}
        for r in _read(data_dir / "facility_kinds.csv")
    ]  # fmt: skip
    parameters = [
        {"key": r["key"], "name": r["name"], "value": r["value"], "unit": r["unit"],
         **{k: r.get(k, "") for k in PROVENANCE}}
        for r in _read(data_dir / "parameters.csv")
    ]  # fmt: skip
    _check_seed(services, levels, kinds, parameters)
    return {"services": services, "levels": levels, "kinds": kinds, "parameters": parameters}


def _check_seed(services: list, levels: list, kinds: list, parameters: list) -> None:
    service_codes = {s["code"] for s in services}
    level_codes = {lv["code"] for lv in levels}
    check_levels(_level_defs(sorted(levels, key=lambda lv: lv["order"])))
    for kind in kinds:
        if kind["level"] not in level_codes:
            raise ConfigurationError(f"设施类型“{kind['name']}”的层级“{kind['level']}”不存在。")
        if kind["service"] and kind["service"] not in service_codes:
            raise ConfigurationError(
                f"设施类型“{kind['name']}”的服务类型“{kind['service']}”不存在。"
            )
        if not kind["service"] and not kind["is_neighbourhood_centre"]:
            raise ConfigurationError(f"设施类型“{kind['name']}”须指定服务类型。")
    parse_parameters({p["key"]: p["value"] for p in parameters})


def _level_defs(rows: list[dict[str, Any]]) -> list[LevelDef]:
    return [
        LevelDef(r["code"], r["name"], int(r["minutes"]), float(r["max_distance_m"])) for r in rows
    ]


def _upsert(model: Any, key: str, rows: list[dict], counts: dict) -> None:
    for row in rows:
        existing = model.objects.filter(**{key: row[key]}).first()
        if existing is None:
            model.objects.create(**row)
            counts["created"] += 1
            continue
        if existing.is_edited:
            counts["kept_edited"] += 1
            continue
        changed = [name for name, value in row.items() if getattr(existing, name) != value]
        for name in changed:
            setattr(existing, name, row[name])
        if changed:
            existing.save()
        counts["updated" if changed else "unchanged"] += 1


def load_lifecircle_catalogue(*, data_dir: Path = DATA_DIR, dry_run: bool = False) -> LoadReport:
    """Upsert the seed rows; idempotent. Invariant: the seed files are checked whole first."""
    seed = _seed_rows(data_dir)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept_edited": 0}
    with transaction.atomic():
        _upsert(ServiceType, "code", seed["services"], counts)
        _upsert(LifeCircleLevel, "code", seed["levels"], counts)
        services = {s.code: s.pk for s in ServiceType.objects.all()}
        levels = {lv.code: lv.pk for lv in LifeCircleLevel.objects.all()}
        kinds = [
            {key: value for key, value in k.items() if key not in ("service", "level")}
            | {"service_id": services.get(k["service"]), "level_id": levels[k["level"]]}
            for k in seed["kinds"]
        ]
        _upsert(FacilityKind, "code", kinds, counts)
        _upsert(AnalysisParameter, "key", seed["parameters"], counts)
        if dry_run:
            transaction.set_rollback(True)
    return LoadReport(**counts)


def current_catalogue() -> Catalogue:
    """The configuration rows as one frozen snapshot (checked like the seed files)."""
    levels = _level_defs(
        [
            dict(row)
            for row in LifeCircleLevel.objects.values("code", "name", "minutes", "max_distance_m")
        ]
    )
    if not levels:
        raise ConfigurationError(
            "生活圈配置尚未载入，请先执行 manage.py load_lifecircle_catalogue。"
        )
    check_levels(levels)
    values = dict(AnalysisParameter.objects.values_list("key", "value"))
    parameters = parse_parameters(values)
    kinds = tuple(
        KindDef(
            code=k.code,
            name=k.name,
            service=k.service.code if k.service else None,
            level=k.level.code,
            serves_lower_levels=k.serves_lower_levels,
            is_neighbourhood_centre=k.is_neighbourhood_centre,
        )
        for k in FacilityKind.objects.select_related("service", "level")
    )
    return Catalogue(
        services=tuple(ServiceType.objects.values_list("code", "name")),
        levels=tuple(levels),
        kinds=kinds,
        **parameters,
    )
