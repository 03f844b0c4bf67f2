from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "futurecommunity.rectification"
    label = "rectification"
    verbose_name = "督查与整改"

    def ready(self) -> None:
        from futurecommunity.common.configuration import ConfigKind, register

        register(
            ConfigKind(
                slug="rectification-setting",
                title="整改参数（四 S3）",
                model_label="rectification.RectificationSetting",
                key_field="key",
                value_field="value",
                local_confidence="local",  # an edited row no longer reads 推定（待核实）
                order=50,
            )
        )
        from futurecommunity.notifications.todos import register_todo_source

        register_todo_source(
            "rectification.orders", "futurecommunity.rectification.todos.todos_for"
        )
