from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "futurecommunity.rectification"
    label = "rectification"
    verbose_name = "督查与整改"

    def ready(self) -> None:
        from futurecommunity.notifications.todos import register_todo_source

        register_todo_source(
            "rectification.orders", "futurecommunity.rectification.todos.todos_for"
        )
