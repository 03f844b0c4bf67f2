from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "futurecommunity.centres"
    verbose_name = "邻里中心与布点规划"

    def ready(self) -> None:
        from futurecommunity.centres import jobs  # noqa: F401  (registers job handlers)
        from futurecommunity.reporting.hooks import register_bulletin_section

        register_bulletin_section(
            "centres", "futurecommunity.centres.bulletin.bulletin_section", order=10
        )
