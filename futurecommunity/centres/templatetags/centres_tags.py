"""The centres app's contribution to lower apps' pages (house style §3: the higher app provides
the tag, so neither the dashboard in targets nor the public site in notices imports centres)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template

from futurecommunity.accounts.access import region_prefix_for, summary_prefix_for
from futurecommunity.centres import selectors
from futurecommunity.regions.models import Region

register = template.Library()


@register.inclusion_tag("centres/_plan_progress_panel.html", takes_context=True)
def centre_plan_panel(context: dict[str, Any]) -> dict[str, Any]:
    """Dashboard: the current three-year plans' progress in the viewer's scope (二(四) N2/N3),
    centres planned / started / open per year and district (usage:
    ``{% load centres_tags %}{% centre_plan_panel %}``)."""
    request = context.get("request")
    prefix = summary_prefix_for(request.user) if request is not None else None
    if prefix is None:
        return {"show": False}
    progress = selectors.plan_progress(prefix=prefix)
    names = dict(Region.objects.filter(level="district").values_list("code", "name"))
    years = sorted({p.year for p in progress})
    by_district: dict[str, dict[int, Any]] = {}
    for p in progress:
        by_district.setdefault(p.district_code, {})[p.year] = p
    rows = [
        {"name": names.get(code, code), "cells": [cells.get(y) for y in years]}
        for code, cells in sorted(by_district.items())
    ]
    return {
        "show": True,
        # the plan list is scoped by territory: departments see the figures, not the list
        "can_open": region_prefix_for(request.user) is not None,  # type: ignore[union-attr]
        "years": years,
        "rows": rows,
        "planned": sum(p.planned for p in progress),
        "started": sum(p.started for p in progress),
        "opened": sum(p.opened for p in progress),
    }


@register.simple_tag
def public_facilities(community_codes: Sequence[str]) -> list[selectors.PublicFacility]:
    """The public page of a named community:
    ``{% public_facilities project.community_codes as facilities %}``."""
    return selectors.facilities_public(community_codes=community_codes)
