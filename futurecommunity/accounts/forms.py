"""Forms of the accounts pages: login, second factor, user management (shape only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.security import login_lock_message
from futurecommunity.accounts.services import login_is_locked


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确，请重新输入。",
        "inactive": "该账号已停用，请联系管理员。",
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            username = self.cleaned_data.get("username")
            if username and login_is_locked(username=username):
                raise ValidationError(login_lock_message(), code="locked") from None
            raise


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label="动态口令",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class UserCreateForm(forms.Form):
    username = forms.SlugField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=50)
    organisation = forms.ModelChoiceField(
        label="所属组织", queryset=Organisation.objects.order_by("kind", "region_code", "code")
    )
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    mobile = forms.RegexField(
        label="手机号码（短信通知，可不填）",
        regex=r"^1[3-9][0-9]{9}$",
        max_length=11,
        required=False,
        error_messages={"invalid": "请填写 11 位手机号码。"},
    )
    password = forms.CharField(
        label="初始密码（首次登录须修改）",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class PasswordResetByAdminForm(forms.Form):
    password = forms.CharField(
        label="临时密码（用户下次登录须修改）",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class UserSearchForm(forms.Form):
    q = forms.CharField(label="用户名/姓名", required=False, max_length=50)
    organisation = forms.ModelChoiceField(
        label="组织", queryset=Organisation.objects.order_by("kind", "code"), required=False
    )
