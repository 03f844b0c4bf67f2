"""Lets the dashboard (targets) show the scenario picture without importing evaluation."""

from __future__ import annotations

from typing import Any

from django import template

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.evaluation.scenarios import SCENARIOS, scenario_picture

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
