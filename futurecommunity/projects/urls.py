from django.urls import path

from futurecommunity.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("create/", views.project_create, name="project-create"),
    path("<str:reference>/", views.project_detail, name="project-detail"),
    path("<str:reference>/edit/", views.project_edit, name="project-edit"),
    path("<str:reference>/transition/", views.project_transition, name="project-transition"),
    path("<str:reference>/upgrade/", views.project_upgrade, name="project-upgrade"),
]
