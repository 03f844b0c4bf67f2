"""Registry of configuration-row models (policy numbers with clause, source and confidence).

Each app registers its own models in ``AppConfig.ready()``; the one generic screen
(``targets/configuration_views.py``) lists and edits every registered row for the city office,
with history. Models are named by label, so nothing here imports a higher app.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class ConfigKind:
    slug: str  # in URLs, e.g. "rule-parameter"
    title: str  # 规则参数
    model_label: str  # "targets.RuleParameter"
    key_field: str  # natural key, unique
    value_field: str  # the one editable number or text
    name_field: str = "name"
    unit_field: str = "unit"
    # Bounds for numbers; allowed values for coded rows (key → values and their labels).
    minimum: Decimal | None = Decimal(0)
    maximum: Decimal | None = None
    ratio_unit: str = "比例"  # rows with this unit must lie in [0, 1]
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    bounds: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)  # per key
    local_confidence: str | None = "local"  # confidence set on an edit (None: leave it)
    order: int = 100

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def audit_reference(self, key: str) -> str:
        return f"configuration:{self.slug}:{key}"


REGISTRY: dict[str, ConfigKind] = {}


def register(kind: ConfigKind) -> None:
    REGISTRY[kind.slug] = kind


def kinds() -> list[ConfigKind]:
    return sorted(REGISTRY.values(), key=lambda k: (k.order, k.slug))


def clean_value(kind: ConfigKind, row: Any, text: str) -> str:
    """The new value, normalised, in the same shape as the current one; ValueError in Chinese.

    Integers stay integers, decimals decimals, dates dates, true/false flags, coded rows one
    of their codes; ratios lie between 0 and 1; every number within the kind's bounds.
    """
    text = (text or "").strip()
    if not text:
        raise ValueError("取值不能为空。")
    key = str(getattr(row, kind.key_field))
    current = str(getattr(row, kind.value_field))
    field_obj = row._meta.get_field(kind.value_field)
    max_length = getattr(field_obj, "max_length", None)
    if max_length and len(text) > max_length:
        raise ValueError(f"取值不能超过{max_length}个字符。")
    if key in kind.choices:
        allowed = kind.choices[key]
        if text not in allowed:
            names = "、".join(f"{code}（{label}）" for code, label in allowed.items())
            raise ValueError(f"取值须为以下之一：{names}。")
        return text
    if _is_int_list(current):
        if not _is_int_list(text.replace("，", ",")):
            raise ValueError("取值须为以逗号分隔的整数，如 3,1。")
        return text.replace("，", ",")
    if current.lower() in {"true", "false"}:
        if text.lower() not in {"true", "false"}:
            raise ValueError("取值须为 true（是）或 false（否）。")
        return text.lower()
    if _is_date(current):
        if not _is_date(text):
            raise ValueError("取值须为日期，格式 YYYY-MM-DD。")
        return text
    number = _number(current)
    if number is None:
        return text
    new = _number(text)
    if new is None:
        raise ValueError("取值须为数字。")
    if _is_integer(current) and not _is_integer(text):
        raise ValueError("取值须为整数。")
    unit = str(getattr(row, kind.unit_field, "") or "") if kind.unit_field else ""
    if unit == kind.ratio_unit and not (0 <= new <= 1):
        raise ValueError("比例须在 0 到 1 之间（如 0.88 表示 88%）。")
    low, high = kind.bounds.get(key, (kind.minimum, kind.maximum))
    if low is not None and new < low:
        raise ValueError(f"取值不能小于{low}。")
    if high is not None and new > high:
        raise ValueError(f"取值不能大于{high}。")
    return text


def _is_int_list(text: str) -> bool:
    parts = text.split(",")
    return len(parts) > 1 and all(p.strip().isdigit() for p in parts)


def row_name(kind: ConfigKind, row: Any) -> str:
    """The row's Chinese name (its display value for rows without a name field)."""
    value = getattr(row, kind.name_field, "") if kind.name_field else ""
    value = value() if callable(value) else value
    return str(value or getattr(row, kind.key_field))


def _is_date(text: str) -> bool:
    if len(text) != 10:
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _is_integer(text: str) -> bool:
    return text.strip().lstrip("-").isdigit()
