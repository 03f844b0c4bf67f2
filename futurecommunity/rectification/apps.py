from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "futurecommunity.rectification"
    label = "rectification"
    verbose_name = "督查与整改"
