from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "futurecommunity.regions"
    label = "regions"
    verbose_name = "行政区划"
