"""View decorators of the administrator screens."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

View = Callable[..., HttpResponse]


def duty_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    """Signed in, holding the duty, and verified with the second factor (else 403/redirect)."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied("您无权访问该页面。")
            if not request.user.is_verified():  # type: ignore[union-attr]
                return redirect(f"{reverse('otp-verify')}?{urlencode({'next': request.path})}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
