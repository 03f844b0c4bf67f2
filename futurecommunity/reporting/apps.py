from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "futurecommunity.reporting"
    label = "reporting"
    verbose_name = "月报、通报与考评"

    def ready(self) -> None:
        from futurecommunity.notifications.todos import register_todo_source

        register_todo_source("reporting", "futurecommunity.reporting.todos.todos_for")
        from decimal import Decimal

        from futurecommunity.common.configuration import ConfigKind, register
        from futurecommunity.reporting import jobs  # noqa: F401  (registers job handlers)

        register(
            ConfigKind(
                slug="reporting-parameter",
                title="月报、通报与督查激励参数（四）",
                model_label="reporting.ReportingParameter",
                key_field="key",
                value_field="value",
                order=20,
                bounds={
                    "report_due_day": (Decimal(1), Decimal(28)),
                    "incentive_top_n": (Decimal(1), Decimal(6)),
                    "incentive_min_score": (Decimal(0), Decimal(100)),
                },
            )
        )
        register(
            ConfigKind(
                slug="indicator",
                title="季度考评指标权重（四 S2）",
                model_label="reporting.Indicator",
                key_field="code",
                value_field="weight",
                unit_field="",
                maximum=Decimal(100),
                order=21,
            )
        )
