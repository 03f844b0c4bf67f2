"""``{% bulletin_issuer_row as issuer %}``: the office that issues the bulletins (四 S1).

The public footer names the same office as the bulletins, from the same configuration row,
with its 推定（待核实） label while the row is reconstructed.
"""

from __future__ import annotations

from django import template

from futurecommunity.reporting.models import ReportingParameter

register = template.Library()


@register.simple_tag
def bulletin_issuer_row() -> ReportingParameter | None:
    return ReportingParameter.objects.filter(key="bulletin_issuer").first()
