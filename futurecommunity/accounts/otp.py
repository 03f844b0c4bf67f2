"""Second factor with TOTP (django-otp; MLPS 身份鉴别 d, ASVS 2.8).

Required for the three administrator duties, optional for everyone else; once a user has a
confirmed device the verification step is asked after every password login
(``accounts.middleware.SecondFactorMiddleware``). Every enrolment, verification and reset is
audited.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from futurecommunity.accounts.access import can_manage_security, is_administrator
from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied

_DEVICE_NAME = "身份验证器"


def otp_confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def otp_required(user: Any) -> bool:
    """Administrators must use the second factor; anyone who enrolled one is asked for it."""
    if not user.is_authenticated:
        return False
    if is_administrator(user):
        return True
    return otp_confirmed_device(user) is not None


def otp_pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed device shown on the enrolment page (one per user, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_DEVICE_NAME, confirmed=False)
    return device


def otp_qr_svg_data_uri(device: TOTPDevice) -> str:
    """A QR code of the otpauth URI as an SVG data URI ("" when segno is not installed)."""
    try:
        import segno
    except ImportError:  # pragma: no cover - segno is optional
        return ""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=4))


def otp_enrol_confirm(*, user: User, token: str) -> TOTPDevice:
    """Confirm the pending device with a first code; it then replaces any earlier device."""
    device = otp_pending_device(user=user)
    with transaction.atomic():
        if not device.verify_token(token):
            audit_record(
                actor=user, action="otp.enrol_failure", subject=user, reason="绑定动态口令失败"
            )
            raise DomainError("otp_invalid", "动态口令不正确或已过期，请重新输入。")
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(actor=user, action="otp.enrol", subject=user, reason="绑定动态口令验证器")
    return device


def otp_verify(*, user: User, token: str) -> TOTPDevice:
    """Check a code against the user's device; audits success and failure."""
    device = otp_confirmed_device(user)
    if device is None:
        raise DomainError("otp_no_device", "您尚未绑定动态口令验证器。")
    if not device.verify_token(token):
        audit_record(actor=user, action="otp.failure", subject=user, reason="动态口令验证失败")
        raise DomainError("otp_invalid", "动态口令不正确或已过期，请重新输入。")
    audit_record(actor=user, action="otp.success", subject=user, reason="动态口令验证成功")
    return device


def otp_reset(*, actor: User, target: User) -> int:
    """Security administrator removes a user's devices (lost phone); the user enrols again."""
    if not can_manage_security(actor):
        raise PermissionDenied("只有安全管理员可以重置动态口令。")
    if target.pk == actor.pk:
        raise PermissionDenied("不能重置自己的动态口令，请联系另一名安全管理员。")
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=target).delete()
        audit_record(
            actor=actor,
            action="otp.reset",
            subject=target,
            reference=target.get_username()[:64],
            reason="安全管理员重置动态口令",
        )
    return int(removed)
