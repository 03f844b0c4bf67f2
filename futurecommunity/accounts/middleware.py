"""Request gates of the accounts app, in this order in settings.MIDDLEWARE:

1. ``SecondFactorMiddleware``: a user who must use the second factor (administrators, or anyone
   with a confirmed device) goes to the verification (or enrolment) page until verified —
   except to the password-change pages while the password must be changed.
2. ``PasswordExpiryMiddleware``: an expired or administrator-reset password is changed first.

So a new administrator (``create_administrator``: initial password, no device yet) goes
password change → second-factor enrolment → the page asked for; neither gate sends the user to a
page the other gate refuses (that was an endless redirect).
3. ``ManageAreaMiddleware``: the public and accounts without an organisation get 404 under
   /manage/ (existence is not disclosed).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from futurecommunity.accounts.access import may_enter_manage_area
from futurecommunity.accounts.otp import otp_confirmed_device, otp_required
from futurecommunity.accounts.security import password_is_expired

_ALLOWED_URL_NAMES = ("password_change", "password_change_done", "logout")
_OTP_URL_NAMES = ("otp-verify", "otp-enrol", "logout")


def _is_static(path: str) -> bool:
    return path.startswith("/" + settings.STATIC_URL.lstrip("/"))


def _must_change_password(user: object) -> bool:
    return bool(password_is_expired(user) or getattr(user, "must_change_password", False))  # type: ignore[arg-type]


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and otp_required(user)
        ):
            allowed = {reverse(name) for name in _OTP_URL_NAMES}
            if _must_change_password(user):
                allowed |= {reverse(name) for name in _ALLOWED_URL_NAMES}
            if request.path not in allowed and not _is_static(request.path):
                name = "otp-verify" if otp_confirmed_device(user) else "otp-enrol"
                target = request.get_full_path()
                if request.path == reverse("password_change_done"):
                    target = "/manage/"
                query = urlencode({"next": target})
                return HttpResponseRedirect(f"{reverse(name)}?{query}")
        return self.get_response(request)


class PasswordExpiryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _must_change_password(user):
            allowed = {reverse(name) for name in _ALLOWED_URL_NAMES}
            if request.path not in allowed and not _is_static(request.path):
                return HttpResponseRedirect(reverse("password_change"))
        return self.get_response(request)


class ManageAreaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/manage/")
            and user is not None
            and user.is_authenticated
            and not may_enter_manage_area(user)  # type: ignore[arg-type]
        ):
            raise Http404("页面不存在。")
        admin_role = (
            getattr(user, "admin_role", "") if user is not None and user.is_authenticated else ""
        )
        if (
            admin_role
            and request.path.startswith("/manage/")
            and not _admin_may_open(admin_role, request.path)
        ):
            # Separation of duties (MLPS level 3): administrators do no business work.
            if request.path == "/manage/":
                return redirect(ADMIN_HOME[admin_role])
            raise Http404("页面不存在。")
        return self.get_response(request)


ADMIN_HOME = {
    "system_admin": "user-list",
    "security_admin": "security-home",
    "audit_admin": "audit:entry-list",
}


def _admin_may_open(admin_role: str, path: str) -> bool:
    """The only business-area pages an administrator opens: the audit administrator's log, and jobs/inbox."""
    if path.startswith(("/manage/notifications/", "/manage/jobs/")):
        return True
    return admin_role == "audit_admin" and path.startswith("/manage/audit/")
