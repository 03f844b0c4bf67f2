from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "futurecommunity.reporting"
    label = "reporting"
    verbose_name = "月报、通报与考评"

    def ready(self) -> None:
        from futurecommunity.notifications.todos import register_todo_source

        register_todo_source("reporting", "futurecommunity.reporting.todos.todos_for")
        from futurecommunity.audit.presenters import register_labels

        register_labels(
            actions={
                "monthly_report.submit": "报送月报",
                "monthly_report.draft_save": "保存月报草稿",
                "monthly_report.photo_download": "下载月报现场照片",
            },
            fields={
                "photos": "现场照片",
                "percent_complete": "形象进度（%）",
                "investment_month": "当月完成投资（元）",
                "investment_to_date": "累计完成投资（元）",
                "milestones": "本月节点完成情况",
                "help_needed": "需协调事项",
            },
        )
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
