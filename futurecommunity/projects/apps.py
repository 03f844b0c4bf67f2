from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "futurecommunity.projects"
    label = "projects"
    verbose_name = "未来社区项目"
