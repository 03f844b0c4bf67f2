"""Login lockout and authentication audit (ASVS 2.2.1, 7.1.3; MLPS 登录失败处理).

Every login attempt, lock, refusal and logout is written with ``audit_record``; the source IP
comes from the audit middleware.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from futurecommunity.accounts.models import LoginThrottle
from futurecommunity.accounts.security import login_lock_minutes, login_max_failures
from futurecommunity.audit.services import audit_record

_SUBJECT_TYPE = "accounts.user"


def _known_user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _record_attempt(*, action: str, username: str, reason: str) -> None:
    """An unauthenticated event: no actor; the typed name goes into the reference."""
    audit_record(
        actor=None,
        action=action,
        subject=_known_user(username),
        subject_type=_SUBJECT_TYPE,
        reference=username[:64],
        reason=reason,
    )


def login_is_locked(*, username: str) -> bool:
    return LoginThrottle.objects.filter(username=username, locked_until__gt=timezone.now()).exists()


def login_refuse_locked(*, username: str) -> None:
    """Audit an attempt made while the name is locked (the password is not even checked)."""
    _record_attempt(action="login.failure", username=username, reason="账号锁定期间的登录被拒绝")


def login_register_failure(*, username: str) -> bool:
    """Count one failed login for ``username``; lock it at the limit. True when now locked."""
    now = timezone.now()
    with transaction.atomic():
        throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username=username)
        if throttle.locked_until is not None and throttle.locked_until <= now:
            throttle.failures = 0  # the previous lock has run out: count afresh
            throttle.locked_until = None
        throttle.failures += 1
        throttle.last_failure_at = now
        locked = throttle.failures >= login_max_failures()
        if locked:
            throttle.locked_until = now + timedelta(minutes=login_lock_minutes())
        throttle.save()
        _record_attempt(
            action="login.failure",
            username=username,
            reason=f"用户名或密码不正确（连续第 {throttle.failures} 次）",
        )
        if locked:
            _record_attempt(
                action="login.locked",
                username=username,
                reason=(f"连续登录失败 {throttle.failures} 次，锁定 {login_lock_minutes()} 分钟"),
            )
    return locked


def login_register_success(*, user: Any) -> None:
    """Reset the failure count and audit the successful login."""
    with transaction.atomic():
        LoginThrottle.objects.filter(username=user.get_username()).delete()
        audit_record(actor=user, action="login.success", subject=user, reason="登录成功")


def login_unlock(*, actor: Any, username: str) -> None:
    """An administrator lifts a lock early."""
    with transaction.atomic():
        LoginThrottle.objects.filter(username=username).delete()
        audit_record(
            actor=actor,
            action="login.unlock",
            subject=_known_user(username),
            subject_type=_SUBJECT_TYPE,
            reference=username[:64],
            reason="管理员解除登录锁定",
        )


def logout_record(*, user: Any) -> None:
    audit_record(actor=user, action="logout", subject=user, reason="退出登录")


def password_change_record(*, user: Any) -> None:
    """Audit a password change and lift a "must change at next login" flag set by a reset."""
    with transaction.atomic():
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        audit_record(actor=user, action="password.change", subject=user, reason="修改密码")
