"""Service-matrix cases of the administrator duties (三员)."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts import administration, otp
from futurecommunity.accounts.models import LoginThrottle, Organisation, Role
from futurecommunity.accounts.tests.factories import totp_device
from futurecommunity.accounts.tests.matrix import OFFICIALS_AND_OTHERS, office_actor

_NOT_SYSTEM = [*OFFICIALS_AND_OTHERS, "security_admin", "audit_admin"]
_NOT_SECURITY = [*OFFICIALS_AND_OTHERS, "system_admin", "audit_admin"]


def _target(street_code: str) -> dict[str, Any]:
    return {"target": office_actor(street_code), "street": street_code}


def _target_with_device(street_code: str) -> dict[str, Any]:
    ctx = _target(street_code)
    totp_device(ctx["target"])
    return ctx


def _locked(street_code: str) -> dict[str, Any]:
    ctx = _target(street_code)
    ctx["throttle"] = LoginThrottle.objects.create(username=ctx["target"].username, failures=5)
    return ctx


def _create(actor: Any, ctx: dict[str, Any]) -> None:
    administration.user_create(
        actor=actor,
        data=administration.NewUser(
            username="m_new_official",
            full_name="新经办人",
            organisation=Organisation.objects.get(code=f"sx-{ctx['street']}"),
            role=Role.EDITOR,
            password="Xk9#matrix-2026",
        ),
    )


SERVICE_CASES: dict[str, dict[str, Any]] = {
    "futurecommunity.accounts.administration.user_create": {
        "setup": _target,
        "call": _create,
        "allowed": "system_admin",
        "denied": _NOT_SYSTEM,
    },
    "futurecommunity.accounts.administration.user_set_active": {
        "setup": _target,
        "call": lambda actor, ctx: administration.user_set_active(
            actor=actor, target=ctx["target"], active=False, reason="调离"
        ),
        "allowed": "system_admin",
        "denied": _NOT_SYSTEM,
    },
    "futurecommunity.accounts.administration.user_reset_password": {
        "setup": _target,
        "call": lambda actor, ctx: administration.user_reset_password(
            actor=actor, target=ctx["target"], password="Xk9#matrix-2026"
        ),
        "allowed": "system_admin",
        "denied": _NOT_SYSTEM,
    },
    "futurecommunity.accounts.administration.login_unlock_by": {
        "setup": _locked,
        "call": lambda actor, ctx: administration.login_unlock_by(
            actor=actor, username=ctx["target"].username
        ),
        "allowed": "security_admin",
        "denied": _NOT_SECURITY,
    },
    "futurecommunity.accounts.otp.otp_reset": {
        "setup": _target_with_device,
        "call": lambda actor, ctx: otp.otp_reset(actor=actor, target=ctx["target"]),
        "allowed": "security_admin",
        "denied": _NOT_SECURITY,
    },
}
