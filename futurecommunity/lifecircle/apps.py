from django.apps import AppConfig


class LifecircleConfig(AppConfig):
    name = "futurecommunity.lifecircle"
    label = "lifecircle"
    verbose_name = "社区生活圈"

    def ready(self) -> None:
        from futurecommunity.lifecircle import jobs  # noqa: F401  (registers job handlers)
