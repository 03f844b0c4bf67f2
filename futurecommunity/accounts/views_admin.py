"""Second-factor pages and the administrator screens (三员). Thin adapters over
``accounts.otp``, ``accounts.administration`` and ``accounts.selectors``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from futurecommunity.accounts import administration, otp, selectors
from futurecommunity.accounts.access import (
    can_manage_security,
    can_manage_users,
    is_administrator,
)
from futurecommunity.accounts.decorators import duty_required
from futurecommunity.accounts.forms import (
    OtpTokenForm,
    PasswordResetByAdminForm,
    UserCreateForm,
    UserSearchForm,
)
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.common.errors import DomainError, ValidationFailed


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=False):
        return target
    return "/"


@login_required
def otp_verify(request: AuthedRequest) -> HttpResponse:
    if otp.otp_confirmed_device(request.user) is None:
        return redirect("otp-enrol")
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = otp.otp_verify(user=request.user, token=form.cleaned_data["token"])
        except DomainError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def otp_enrol(request: AuthedRequest) -> HttpResponse:
    """Bind an authenticator app. An enrolled user must verify first to replace the device."""
    if otp.otp_confirmed_device(request.user) and not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect("otp-verify")
    device = otp.otp_pending_device(user=request.user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = otp.otp_enrol_confirm(user=request.user, token=form.cleaned_data["token"])
        except DomainError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            messages.success(request, "动态口令验证器已绑定，今后登录时须输入动态口令。")
            return redirect(_next_url(request))
    context = {
        "form": form,
        "otpauth_uri": device.config_url,
        "qr_data_uri": otp.otp_qr_svg_data_uri(device),
        "required": is_administrator(request.user),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_enrol.html", context)


@duty_required(can_manage_users)
def user_list(request: AuthedRequest) -> HttpResponse:
    form = UserSearchForm(request.GET or None)
    filters = selectors.UserFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.UserFilters(d["q"].strip(), d["organisation"])
    users = selectors.user_list_for(viewer=request.user, filters=filters)
    page = Paginator(users, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"nav": "admin", "form": form, "page": page, "query": query.urlencode()}
    return render(request, "accounts/user_list.html", context)


@duty_required(can_manage_users)
def user_create(request: AuthedRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = administration.user_create(
                actor=request.user,
                data=administration.NewUser(**form.cleaned_data),
            )
        except ValidationFailed as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, f"已创建用户 {user.username}，首次登录须修改密码。")
            return redirect("user-detail", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"nav": "admin", "form": form})


@duty_required(can_manage_users)
def user_detail(request: AuthedRequest, user_id: int) -> HttpResponse:
    target = selectors.user_get_for(viewer=request.user, user_id=user_id)
    context = {"nav": "admin", "target": target, "reset_form": PasswordResetByAdminForm()}
    return render(request, "accounts/user_detail.html", context)


@require_POST
@duty_required(can_manage_users)
def user_set_active(request: AuthedRequest, user_id: int) -> HttpResponse:
    target = selectors.user_get_for(viewer=request.user, user_id=user_id)
    active = request.POST.get("active") == "1"
    try:
        administration.user_set_active(actor=request.user, target=target, active=active)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "账号已启用。" if active else "账号已停用。")
    return redirect("user-detail", user_id=target.pk)


@require_POST
@duty_required(can_manage_users)
def user_reset_password(request: AuthedRequest, user_id: int) -> HttpResponse:
    target = selectors.user_get_for(viewer=request.user, user_id=user_id)
    form = PasswordResetByAdminForm(request.POST)
    if form.is_valid():
        try:
            administration.user_reset_password(
                actor=request.user,
                target=target,
                password=form.cleaned_data["password"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "密码已重置，该用户下次登录须修改密码。")
    return redirect("user-detail", user_id=target.pk)


@duty_required(can_manage_security)
def security_home(request: AuthedRequest) -> HttpResponse:
    context = {
        "nav": "admin",
        "throttles": selectors.login_throttle_list_for(viewer=request.user),
        "users": selectors.user_list_for(viewer=request.user),
        "policy": [
            ("密码最短长度", settings.FC_PASSWORD_MIN_LENGTH),
            ("密码有效期（天，0 为不过期）", settings.FC_PASSWORD_MAX_AGE_DAYS),
            ("连续登录失败锁定次数", settings.FC_LOGIN_MAX_FAILURES),
            ("锁定时长（分钟）", settings.FC_LOGIN_LOCK_MINUTES),
            ("会话空闲超时（秒）", settings.SESSION_COOKIE_AGE),
        ],
    }
    return render(request, "accounts/security_home.html", context)


@require_POST
@duty_required(can_manage_security)
def security_unlock(request: AuthedRequest) -> HttpResponse:
    try:
        administration.login_unlock_by(
            actor=request.user, username=request.POST.get("username", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已解除登录锁定。")
    return redirect("security-home")


@require_POST
@duty_required(can_manage_security)
def security_otp_reset(request: AuthedRequest, user_id: int) -> HttpResponse:
    target = selectors.user_get_for(viewer=request.user, user_id=user_id)
    try:
        otp.otp_reset(actor=request.user, target=target)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已重置 {target.username} 的动态口令，其下次登录须重新绑定。")
    return redirect("security-home")
