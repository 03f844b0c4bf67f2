from django.contrib import admin

from futurecommunity.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "nbs_kind", "is_urban_community"]
    list_filter = ["level", "nbs_kind", "is_urban_community"]
    search_fields = ["code", "name"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
