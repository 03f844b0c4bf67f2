from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "futurecommunity.pilots"
    label = "pilots"
    verbose_name = "古城与全域未来社区"

    def ready(self) -> None:
        from decimal import Decimal

        from futurecommunity.common.configuration import ConfigKind, register
        from futurecommunity.notifications.todos import register_todo_source

        register_todo_source("pilots.deliverables", "futurecommunity.pilots.todos.todos_for")

        register(
            ConfigKind(
                slug="coverage-requirement",
                title="全域申报覆盖率要求（二(三) W2）",
                model_label="pilots.CoverageRequirement",
                key_field="kind",
                value_field="min_coverage",
                name_field="get_kind_display",
                unit_field="",
                maximum=Decimal(1),
                order=30,
            )
        )
