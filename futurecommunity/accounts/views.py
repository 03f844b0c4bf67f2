"""Login, logout and password change pages (Django's views with our form, templates, audit)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from futurecommunity.accounts.forms import LoginForm
from futurecommunity.accounts.security import password_is_expired
from futurecommunity.accounts.services import logout_record, password_change_record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            logout_record(user=request.user)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["password_expired"] = password_is_expired(self.request.user)
        context["password_help_texts"] = password_validators_help_texts()
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_change_record(user=form.user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
