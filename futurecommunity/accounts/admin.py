from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from futurecommunity.accounts.models import Organisation, User


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
        ("组织与角色", {"fields": ("full_name", "organisation", "role")}),
    )
