"""Lets the dashboard (targets) show the scenario picture without importing evaluation."""

from __future__ import annotations

from typing import Any

from django import template

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.evaluation.computed import operating_effectively
from futurecommunity.evaluation.scenarios import (
    SCENARIOS,
    project_scenarios_public,
    scenario_picture,
)
from futurecommunity.projects.models import Project

register = template.Library()


@register.inclusion_tag("evaluation/_scenario_panel.html")
def scenario_panel(viewer: Any) -> dict[str, Any]:
    """Usage: ``{% load evaluation_tags %}{% scenario_panel user %}``."""
    prefix = region_prefix_for(viewer)
    if prefix is None:
        return {"show": False}
    picture = scenario_picture(prefix=prefix)
    counts = picture.counts()
    return {
        "show": True,
        "total": picture.community_count(),
        "items": [(name, counts[code]) for code, name in SCENARIOS],
    }


@register.inclusion_tag("evaluation/_operation_panel.html")
def operation_panel(region_code: str) -> dict[str, Any]:
    """二(三) W2 "operate effectively", judged from the operating records the platform holds for
    every built project in a county/street (usage on the declaration page:
    ``{% load evaluation_tags %}{% operation_panel declaration.region_code %}``)."""
    rows = []
    for project in Project.objects.filter(
        region_code__startswith=region_code, status__in=["accepted", "published", "operating"]
    ).order_by("reference")[:200]:
        effective, reasons = operating_effectively(project)
        rows.append((project, effective, reasons))
    return {"rows": rows, "effective": sum(1 for _p, ok, _r in rows if ok), "total": len(rows)}


@register.simple_tag
def public_scenarios(reference: str) -> list[str] | None:
    """The public page of a named community (notices' public site, which may not import
    evaluation): ``{% public_scenarios project.reference as scenarios %}``; scenario names only,
    None when no passing acceptance decision exists."""
    return project_scenarios_public(reference=reference)
