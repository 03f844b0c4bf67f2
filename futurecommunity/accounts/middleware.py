"""Send a signed-in user whose password has expired to the password-change page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from futurecommunity.accounts.security import password_is_expired

_ALLOWED_URL_NAMES = ("password_change", "password_change_done", "logout")


class PasswordExpiryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and password_is_expired(user):
            allowed = {reverse(name) for name in _ALLOWED_URL_NAMES}
            static_prefix = "/" + settings.STATIC_URL.lstrip("/")
            if request.path not in allowed and not request.path.startswith(static_prefix):
                return HttpResponseRedirect(reverse("password_change"))
        return self.get_response(request)
