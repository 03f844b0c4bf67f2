from django.contrib import admin

from futurecommunity.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit trail has no edit or delete path."""

    list_display = ["occurred_at", "actor_name", "organisation_name", "action", "subject_reference"]
    list_filter = ["action"]
    search_fields = ["subject_reference", "actor_name"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
