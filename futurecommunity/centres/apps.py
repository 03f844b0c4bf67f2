from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "futurecommunity.centres"
    verbose_name = "邻里中心与布点规划"

    def ready(self) -> None:
        from futurecommunity.centres import jobs  # noqa: F401  (registers job handlers)
