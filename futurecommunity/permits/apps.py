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
            actions={
                "approval_checklist.assign_route": "按审批路径一次指派部门",
                "department_opinion.correct": "更正部门审查意见",
            },
            fields={
                "prefill_changed": "改选的预填答案",
                "assigned": "已指派",
                "skipped": "已指派（跳过）",
                "version": "版本",
            },
            values={
                **{c.value: c.label for c in StepCode},
                **{o.value: o.label for o in Outcome},
            },
        )
