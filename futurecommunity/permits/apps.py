from django.apps import AppConfig


class PermitsConfig(AppConfig):
    name = "futurecommunity.permits"
    label = "permits"
    verbose_name = "审批导航"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from futurecommunity.notifications.todos import register_todo_source

        register_todo_source("permits.review", "futurecommunity.permits.todos.todos_for")

        from futurecommunity.audit.presenters import register_labels
        from futurecommunity.permits.route_types import Outcome, StepCode

        register_labels(
            values={
                **{c.value: c.label for c in StepCode},
                **{o.value: o.label for o in Outcome},
            }
        )
