from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "futurecommunity.reporting"
    label = "reporting"
    verbose_name = "月报、通报与考评"

    def ready(self) -> None:
        from futurecommunity.notifications.todos import register_todo_source

        register_todo_source("reporting", "futurecommunity.reporting.todos.todos_for")
        from futurecommunity.reporting import jobs  # noqa: F401  (registers job handlers)
