from django.apps import AppConfig


class PermitsConfig(AppConfig):
    name = "futurecommunity.permits"
    label = "permits"
    verbose_name = "审批导航"
    default_auto_field = "django.db.models.BigAutoField"
