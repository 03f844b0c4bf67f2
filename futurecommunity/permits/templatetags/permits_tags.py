"""Lets lower apps' pages show the approval checklist panel without importing permits (house style §3)."""

from __future__ import annotations

from typing import Any

from django import template

from futurecommunity.common.time import today_local
from futurecommunity.permits.selectors import checklist_summary

register = template.Library()


@register.inclusion_tag("permits/_project_panel.html")
def approval_panel(project: Any) -> dict[str, Any]:
    return {"approval_summary": checklist_summary(project, today=today_local()), "project": project}
