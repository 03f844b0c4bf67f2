from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "futurecommunity.targets"
    label = "targets"
    verbose_name = "目标与考核"

    def ready(self) -> None:
        from decimal import Decimal

        from futurecommunity.common.configuration import ConfigKind, register

        register(
            ConfigKind(
                slug="rule-parameter",
                title="规则参数（目标与合规）",
                model_label="targets.RuleParameter",
                key_field="key",
                value_field="value",
                order=10,
                choices={
                    "first_year_treatment": {
                        "pro_rata": "按施行月数折算",
                        "full": "按全年考核",
                        "exempt": "首年不考核",
                    },
                    "t2_quota_severity": {"warning": "预警", "violation": "不符合"},
                    "a2_yearly_basis": {"started": "按开工建设计", "completed": "按建成计"},
                },
                maximum=Decimal(100000000),
            )
        )
