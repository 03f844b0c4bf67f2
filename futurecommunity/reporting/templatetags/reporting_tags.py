"""``{% bulletin_issuer_row as issuer %}``: the office that issues the bulletins (四 S1).

The public footer names the same office as the bulletins, from the same configuration row,
with its 推定（待核实） label while the row is reconstructed.
"""

from __future__ import annotations

from typing import Any

from django import template

from futurecommunity.reporting.models import ReportingParameter

register = template.Library()


@register.simple_tag
def bulletin_issuer_row() -> ReportingParameter | None:
    return ReportingParameter.objects.filter(key="bulletin_issuer").first()


@register.filter
def checkpoint_line(point: dict[str, Any] | None) -> str:
    """``{{ f.audit_checkpoint|checkpoint_line }}``: the frozen audit checkpoint as one line."""
    from futurecommunity.reporting.figures import checkpoint_text

    return checkpoint_text(point)
