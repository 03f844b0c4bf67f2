"""User management by the system administrator, lockouts by the security administrator (三员).

Every function checks its duty through ``accounts.access`` and writes its audit entry in the
same transaction. Administrators themselves are created at installation
(``manage.py create_administrator``), never from these screens.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from futurecommunity.accounts.access import (
    can_manage_account,
    can_manage_security,
    can_manage_users,
)
from futurecommunity.accounts.models import AdminRole, LoginThrottle, Organisation, Role, User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed

_SUBJECT = "accounts.user"


@dataclass(frozen=True)
class NewUser:
    username: str
    full_name: str
    organisation: Organisation
    role: str
    password: str
    mobile: str = ""


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed({"password": list(exc.messages)}) from None


def user_create(*, actor: User, data: NewUser) -> User:
    """An ordinary official in one organisation; must change the initial password at first login."""
    if not can_manage_users(actor):
        raise PermissionDenied("只有系统管理员可以创建用户。")
    if User.objects.filter(username=data.username).exists():
        raise ValidationFailed({"username": ["该用户名已被使用。"]})
    user = User(
        username=data.username,
        full_name=data.full_name,
        organisation=data.organisation,
        role=Role(data.role),
        mobile=data.mobile,
        must_change_password=True,
    )
    _check_password(data.password, user)
    user.set_password(data.password)
    with transaction.atomic():
        user.save()
        audit_record(
            actor=actor,
            action="user.create",
            subject=user,
            reference=user.username[:64],
            region_code=data.organisation.region_code,
            changes={
                "organisation": [None, data.organisation.name],
                "role": [None, user.get_role_display()],
            },
            reason="系统管理员创建用户",
        )
    return user


def user_set_active(*, actor: User, target: User, active: bool, reason: str = "") -> User:
    if not can_manage_account(actor, target):
        raise PermissionDenied("您无权停用或启用该账号。")
    if target.is_active == active:
        return target
    with transaction.atomic():
        target.is_active = active
        target.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="user.activate" if active else "user.deactivate",
            subject=target,
            reference=target.username[:64],
            changes={"is_active": [not active, active]},
            reason=reason or ("启用账号" if active else "停用账号"),
        )
    return target


def user_reset_password(*, actor: User, target: User, password: str) -> User:
    """Set a temporary password; the user must change it at the next login."""
    if not can_manage_account(actor, target):
        raise PermissionDenied("您无权重置该账号的密码。")
    _check_password(password, target)
    with transaction.atomic():
        target.set_password(password)
        target.must_change_password = True
        target.save(update_fields=["password", "password_changed_at", "must_change_password"])
        audit_record(
            actor=actor,
            action="user.reset_password",
            subject=target,
            reference=target.username[:64],
            reason="系统管理员重置密码，用户下次登录须修改",
        )
    return target


def login_unlock_by(*, actor: User, username: str) -> None:
    """Security administrator lifts a login lock early."""
    from futurecommunity.accounts.services import login_unlock

    if not can_manage_security(actor):
        raise PermissionDenied("只有安全管理员可以解除登录锁定。")
    if not LoginThrottle.objects.filter(username=username).exists():
        raise DomainError("not_locked", "该用户名没有登录失败记录。")
    login_unlock(actor=actor, username=username)


def administrator_create(*, username: str, admin_role: str, full_name: str, password: str) -> User:
    """Installation step (``manage.py create_administrator``): one account per duty, no business
    organisation, second factor enrolled at first login."""
    role = AdminRole(admin_role)
    if role == AdminRole.NONE:
        raise DomainError("admin_role_required", "请指定管理员职责。")
    if User.objects.filter(username=username).exists():
        raise ValidationFailed({"username": ["该用户名已被使用。"]})
    user = User(username=username, full_name=full_name, admin_role=role, must_change_password=True)
    _check_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        audit_record(
            actor=None,
            action="user.create_administrator",
            subject=user,
            reference=username[:64],
            changes={"admin_role": [None, role.label]},
            reason="安装时创建管理员账号",
        )
    return user
