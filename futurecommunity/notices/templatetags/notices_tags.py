"""Lets the project page show the 三(一) notice and consent state without importing notices."""

from __future__ import annotations

from typing import Any

from django import template

from futurecommunity.common import time as fc_time
from futurecommunity.notices import gate

register = template.Library()


@register.inclusion_tag("notices/_project_panel.html")
def notice_panel(project: Any) -> dict[str, Any]:
    return {
        "project": project,
        "gate": gate.gate_state(project, fc_time.today_local()),
        "plan_notice": gate.plan_notice_of(project),
        "has_started": project.status in gate.STARTED,
    }
