from django.contrib import admin

from futurecommunity.projects.models import Project, Transition


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = [
        "from_status",
        "to_status",
        "occurred_on",
        "actor",
        "document_number",
        "remark",
    ]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """Read-mostly: changes go through the platform's screens so they are checked and audited."""

    list_display = [
        "reference",
        "name",
        "district",
        "level",
        "build_type",
        "creation_year",
        "status",
        "is_demo",
    ]
    list_filter = ["level", "build_type", "status", "creation_year", "is_demo"]
    search_fields = ["reference", "name"]
    inlines = [TransitionInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
