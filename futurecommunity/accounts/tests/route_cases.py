"""Route-matrix cases of the accounts screens (sign-in, second factor, administrator duties)."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import ADMINS, LOGIN, OTP, VISITORS, office_actor


def _account(street_code: str) -> dict[str, Any]:
    """An ordinary official of the street office (the object the administrators act on)."""
    return {"user_id": office_actor(street_code).pk}


# require_POST stands before the login check on these: GET is 405 even for strangers.
_GET_405 = {"anonymous": 405, "public": 405, "outsider": 405, "expert": 405}
# Ordinary accounts without a confirmed device are sent to enrol first.
_NO_DEVICE = {v: OTP for v in VISITORS if v not in ("anonymous", *ADMINS)}

ROUTE_CASES: dict[str, dict[str, Any]] = {
    "root-redirect": {"profile": "public", "expect": dict.fromkeys(VISITORS, 302)},
    "login": {"profile": "public", "post": True},
    "logout": {
        "profile": "public",
        "post": True,
        "expect": dict.fromkeys(VISITORS, 405),
        "expect_post": dict.fromkeys(VISITORS, LOGIN),
    },
    "password_change": {"profile": "signed_in", "post": True},
    "password_change_done": {"profile": "signed_in"},
    "otp-verify": {"profile": "signed_in", "post": True, "expect": _NO_DEVICE},
    "otp-enrol": {"profile": "signed_in", "post": True},
    "user-list": {"profile": "admin_system"},
    "user-create": {"profile": "admin_system", "post": True},
    "user-detail": {"make": _account, "profile": "admin_system"},
    "user-set-active": {
        "make": _account,
        "profile": "admin_system",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        "expect_get": _GET_405,
    },
    "user-reset-password": {
        "make": _account,
        "profile": "admin_system",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        "expect_get": _GET_405,
    },
    "security-home": {"profile": "admin_security"},
    "security-unlock": {
        "profile": "admin_security",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        "expect_get": _GET_405,
    },
    "security-otp-reset": {
        "make": _account,
        "profile": "admin_security",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        "expect_get": _GET_405,
    },
}
