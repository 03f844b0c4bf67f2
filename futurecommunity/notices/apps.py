from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "futurecommunity.notices"
    label = "notices"
    verbose_name = "公示与意见征询"

    def ready(self) -> None:
        from futurecommunity.notices import gate

        gate.register()
