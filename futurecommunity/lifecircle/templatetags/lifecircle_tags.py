"""Formatting of coverage shares in the life-circle tables."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def share(value: float | None) -> str:
    """0.8731 -> "87.3%"; no residents -> "—"."""
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def share_class(value: float | None) -> str:
    """Colour band of a coverage share: full, most, part, none."""
    if value is None:
        return ""
    if value >= 0.9999:
        return "lc-full"
    if value >= 0.8:
        return "lc-most"
    if value > 0:
        return "lc-part"
    return "lc-none"


@register.filter
def index(sequence: list[Any], position: int) -> Any:
    return sequence[position]


@register.filter
def delta(after: float | None, before: float | None) -> str:
    """Change of a share in percentage points, signed."""
    if after is None or before is None:
        return "—"
    return f"{(after - before) * 100:+.1f}"
