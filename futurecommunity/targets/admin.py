from django.contrib import admin

from futurecommunity.targets.models import Baseline, PlanTarget, RuleParameter


@admin.register(PlanTarget)
class PlanTargetAdmin(admin.ModelAdmin):
    list_display = ["district", "year", "level", "target", "confidence"]
    list_filter = ["year", "level"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ["level", "count", "as_of", "source"]


@admin.register(RuleParameter)
class RuleParameterAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "value", "unit", "clause", "confidence"]
