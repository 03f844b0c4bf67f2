"""Lets lower apps' pages show permits panels without importing permits (house style §3)."""

from __future__ import annotations

from typing import Any

from django import template

from futurecommunity.accounts.access import is_reviewing_unit, region_prefix_for
from futurecommunity.common.time import today_local
from futurecommunity.permits.selectors import (
    checklist_summary,
    overdue_steps_for,
    review_task_list_for,
)

register = template.Library()

OVERDUE_PANEL_LIMIT = 20


@register.inclusion_tag("permits/_project_panel.html")
def approval_panel(project: Any) -> dict[str, Any]:
    return {"approval_summary": checklist_summary(project, today=today_local()), "project": project}


@register.inclusion_tag("permits/_overdue_panel.html")
def overdue_steps_panel(viewer: Any) -> dict[str, Any]:
    """Dashboard: overdue approval steps in the viewer's territory; a department's review tasks.

    Usage: ``{% load permits_tags %}{% overdue_steps_panel user %}``.
    """
    if is_reviewing_unit(viewer):
        return {"review_tasks": review_task_list_for(viewer=viewer), "show": True}
    if region_prefix_for(viewer) is None:
        return {"review_tasks": None, "show": False}
    steps = overdue_steps_for(viewer=viewer, today=today_local(), limit=OVERDUE_PANEL_LIMIT + 1)
    return {
        "review_tasks": None,
        "show": True,
        "steps": steps[:OVERDUE_PANEL_LIMIT],
        "truncated": len(steps) > OVERDUE_PANEL_LIMIT,
    }


@register.filter
def threshold_name(key: str) -> str:
    from futurecommunity.permits.config_words import threshold_name as name

    return name(key)


@register.filter
def threshold_value(row: Any) -> str:
    from futurecommunity.permits.config_words import value_words

    return value_words(row.value, row.unit)


@register.filter
def confidence_words(confidence: str) -> str:
    from futurecommunity.permits.config_words import confidence_label

    return confidence_label(confidence)


@register.filter
def prefill_for(prefill: Any, field_name: str) -> Any:
    """``{% with p=prefill|prefill_for:field.name %}``: the project-derived answer, or None."""
    return prefill.get(field_name) if prefill else None
