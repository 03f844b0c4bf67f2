"""Reads for the administrator screens, each gated by the duty that may see it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from futurecommunity.accounts.access import can_manage_security, can_manage_users
from futurecommunity.accounts.models import LoginThrottle, Organisation, User


@dataclass(frozen=True)
class UserFilters:
    search: str = ""
    organisation: Organisation | None = None


def _accounts(viewer: User) -> QuerySet[User]:
    if not (can_manage_users(viewer) or can_manage_security(viewer)):
        raise PermissionDenied("您无权查看账号列表。")
    return (
        User.objects.filter(is_superuser=False)
        .select_related("organisation")
        .annotate(has_otp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
    )


def user_list_for(*, viewer: User, filters: UserFilters | None = None) -> QuerySet[User]:
    qs = _accounts(viewer)
    f = filters or UserFilters()
    if f.search:
        qs = qs.filter(Q(username__icontains=f.search) | Q(full_name__icontains=f.search))
    if f.organisation is not None:
        qs = qs.filter(organisation=f.organisation)
    return qs.order_by("organisation__kind", "organisation__code", "username")


def user_get_for(*, viewer: User, user_id: int) -> User:
    user = _accounts(viewer).filter(pk=user_id).first()
    if user is None:
        raise Http404("未找到该账号。")
    return user


def login_throttle_list_for(*, viewer: User) -> QuerySet[LoginThrottle]:
    """Names with failed logins, locked ones first (security administrator)."""
    if not can_manage_security(viewer):
        raise PermissionDenied("只有安全管理员可以查看登录锁定。")
    return LoginThrottle.objects.filter(
        Q(locked_until__gt=timezone.now()) | Q(failures__gt=0)
    ).order_by("-locked_until", "username")
