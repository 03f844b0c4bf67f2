from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "futurecommunity.pilots"
    label = "pilots"
    verbose_name = "古城与全域未来社区"
