"""Template context shared by every page: the viewer's organisation and demo banner."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def viewer(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    org = (
        getattr(user, "organisation", None) if user is not None and user.is_authenticated else None
    )
    return {"viewer_organisation": org, "demo_mode": settings.FC_DEMO_MODE}
