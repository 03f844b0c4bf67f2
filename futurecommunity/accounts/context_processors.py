"""Template context shared by every page: the viewer's organisation and demo banner."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def viewer(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    org = (
        getattr(user, "organisation", None) if user is not None and user.is_authenticated else None
    )
    match = getattr(request, "resolver_match", None)
    # Default navigation highlight: the URL namespace (views may set their own ``nav``).
    nav = match.app_name if match is not None and match.app_name else ""
    return {"viewer_organisation": org, "demo_mode": settings.FC_DEMO_MODE, "nav": nav}
