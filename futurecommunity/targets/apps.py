from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "futurecommunity.targets"
    label = "targets"
    verbose_name = "目标与考核"
