from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "futurecommunity.operations"
    label = "operations"
    verbose_name = "社区运营与资金"

    def ready(self) -> None:
        from futurecommunity.operations import guards

        guards.register()
        from futurecommunity.reporting.hooks import (
            register_bulletin_section,
            register_ranking_indicator,
        )

        register_bulletin_section(
            "operations", "futurecommunity.operations.bulletin.bulletin_section", order=30
        )
        register_ranking_indicator(
            "effective_operation", "futurecommunity.operations.bulletin.effective_operation_ratios"
        )
