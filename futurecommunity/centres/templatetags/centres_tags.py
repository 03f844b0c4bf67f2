"""The centres app's contribution to lower apps' pages (house style §3: the higher app provides
the tag, so the public site in notices never imports centres)."""

from __future__ import annotations

from collections.abc import Sequence

from django import template

from futurecommunity.centres import selectors

register = template.Library()


@register.simple_tag
def public_facilities(community_codes: Sequence[str]) -> list[selectors.PublicFacility]:
    """The public page of a named community:
    ``{% public_facilities project.community_codes as facilities %}``."""
    return selectors.facilities_public(community_codes=community_codes)
