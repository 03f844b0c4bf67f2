"""``{% load provenance %}{% provenance row %}``: the 推定（待核实） label with its source."""

from __future__ import annotations

from typing import Any

from django import template

from futurecommunity.common import provenance as p

register = template.Library()


@register.inclusion_tag("common/_provenance.html")
def provenance(row: Any) -> dict[str, Any]:
    """Renders nothing for a sourced row; for a reconstructed one the label and its source."""
    return {
        "shown": p.is_reconstructed(row),
        "label": p.LABEL,
        "source": (getattr(row, "source", "") or "").strip(),
    }


@register.filter
def provenance_text(row: Any) -> str:
    return p.provenance_text(row)
