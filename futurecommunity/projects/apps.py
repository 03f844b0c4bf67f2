from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "futurecommunity.projects"
    label = "projects"
    verbose_name = "未来社区项目"

    def ready(self) -> None:
        from futurecommunity.notifications.todos import register_todo_source

        register_todo_source("projects.lifecycle", "futurecommunity.projects.todos.todos_for")
