from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from futurecommunity.accounts.models import LoginThrottle, Organisation, User
from futurecommunity.accounts.services import login_unlock


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region_code"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "organisation", "role", "is_active"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("组织与角色", {"fields": ("full_name", "organisation", "role", "mobile")}),
        ("密码策略", {"fields": ("password_changed_at",)}),
    )
    readonly_fields = ["password_changed_at"]


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    list_display = ["username", "failures", "last_failure_at", "locked_until"]
    search_fields = ["username"]
    readonly_fields = ["username", "failures", "last_failure_at", "locked_until"]
    actions = ["unlock"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="解除所选用户名的登录锁定")
    def unlock(self, request: HttpRequest, queryset: QuerySet[LoginThrottle]) -> None:
        for throttle in queryset:
            login_unlock(actor=request.user, username=throttle.username)
