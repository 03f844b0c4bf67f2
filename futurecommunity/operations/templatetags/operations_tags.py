"""Panels of the operations app shown on lower apps' pages (house style §3: the higher app
provides the tag, so pilots and targets never import operations)."""

from __future__ import annotations

from typing import Any

from django import template

from futurecommunity.accounts.access import summary_prefix_for
from futurecommunity.operations import selectors

register = template.Library()


@register.inclusion_tag("operations/_effective_panel.html")
def effective_operation_panel(region_code: str) -> dict[str, Any]:
    """二(三) W2: built communities of a territory and how many operate effectively, judged from
    the district-confirmed quarterly indicators (not from uploaded files)."""
    counts = selectors.effective_operation_in(region_code)
    return {"counts": counts, "params": selectors.parameter_rows()}


@register.inclusion_tag("operations/_funding_panel.html", takes_context=True)
def funding_panel(context: dict[str, Any]) -> dict[str, Any]:
    """Dashboard: money planned and received, and social capital's share, in the viewer's scope."""
    request = context.get("request")
    prefix = summary_prefix_for(request.user) if request is not None else None
    if prefix is None:
        return {"show": False}
    totals = selectors.funding_totals_for(prefix=prefix)
    return {
        "show": True,
        "planned": f"{totals.planned / 10000:,.2f}",
        "received": f"{totals.received / 10000:,.2f}",
        "share": totals.social_capital_share,
        "without_plan": selectors.renovation_without_plan_count(viewer=request.user),  # type: ignore[union-attr]
    }


@register.simple_tag
def public_operator(reference: str) -> str:
    """The public page of a named community: ``{% public_operator project.reference as op %}``
    gives the decided integrated operator's name ("" when none is decided)."""
    return selectors.operator_name_public(reference=reference)


@register.inclusion_tag("operations/_project_operator.html")
def project_operator(project: Any) -> dict[str, Any]:
    """The project page's 运营单位: the operator of the selection record (三(三)); the free text
    typed at registration is shown only as 原填报 where no selection is recorded."""
    return {"project": project, "selection": selectors.selection_of(project)}
