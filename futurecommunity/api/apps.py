from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "futurecommunity.api"
    label = "api"
    verbose_name = "接口"
