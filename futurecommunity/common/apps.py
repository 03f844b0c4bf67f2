from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "futurecommunity.common"
    label = "common"
