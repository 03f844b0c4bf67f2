from django.urls import path

from futurecommunity.projects import excel_views, views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("create/", views.project_create, name="project-create"),
    # Fixed paths must precede "<str:reference>/", which would otherwise capture them.
    path("export/", excel_views.project_export, name="project-export"),
    path("import/", excel_views.project_import, name="project-import"),
    path("import/template/", excel_views.project_import_template, name="project-import-template"),
    path("import/confirm/", excel_views.project_import_confirm, name="project-import-confirm"),
    path("<str:reference>/", views.project_detail, name="project-detail"),
    path("<str:reference>/edit/", views.project_edit, name="project-edit"),
    path("<str:reference>/transition/", views.project_transition, name="project-transition"),
    path("<str:reference>/upgrade/", views.project_upgrade, name="project-upgrade"),
    path("<str:reference>/remind/", views.project_remind, name="project-remind"),
    path(
        "<str:reference>/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment-download",
    ),
]
