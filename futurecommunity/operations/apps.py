from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "futurecommunity.operations"
    label = "operations"
    verbose_name = "社区运营与资金"

    def ready(self) -> None:
        from futurecommunity.operations import guards

        guards.register()
