"""Small HTTP helpers shared by views (no models)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def same_site_path(request: HttpRequest, candidate: str | None) -> str | None:
    """``candidate`` when it is a path on this site (``/manage/...``), else None: a ``back=`` or
    ``next=`` value never sends an official to another site (open redirect, issue 11 §6)."""
    if not candidate or not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return None
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return candidate
