from django.urls import path

from futurecommunity.permits import views

app_name = "permits"
urlpatterns = [
    path("route/", views.route_wizard, name="route-wizard"),
    path("route/docx/", views.route_docx, name="route-docx"),
    path("projects/<str:reference>/", views.checklist_detail, name="checklist-detail"),
    path("projects/<str:reference>/create/", views.checklist_create, name="checklist-create"),
    path("projects/<str:reference>/facts/", views.checklist_facts, name="checklist-facts"),
    path("projects/<str:reference>/steps/<str:code>/", views.step_update, name="step-update"),
    path("projects/<str:reference>/meetings/", views.meeting_record, name="meeting-record"),
    path("projects/<str:reference>/reviewers/", views.review_assign, name="review-assign"),
    path(
        "projects/<str:reference>/reviewers/route/",
        views.review_assign_route,
        name="review-assign-route",
    ),
    path(
        "projects/<str:reference>/attachments/<int:pk>/",
        views.step_attachment_download,
        name="step-attachment-download",
    ),
    path(
        "projects/<str:reference>/meetings/<int:pk>/minutes/",
        views.meeting_minutes_download,
        name="meeting-minutes-download",
    ),
    path(
        "projects/<str:reference>/opinions/<int:pk>/attachment/",
        views.opinion_attachment_download,
        name="opinion-attachment-download",
    ),
    path(
        "projects/<str:reference>/opinions/<int:pk>/correct/",
        views.opinion_correct,
        name="opinion-correct",
    ),
    path("reviews/", views.review_task_list, name="review-task-list"),
    path("reviews/<str:reference>/", views.review_task_detail, name="review-task-detail"),
    path("configuration/", views.configuration, name="configuration"),
    path("configuration/thresholds/<str:key>/", views.threshold_edit, name="threshold-edit"),
    path("configuration/departments/<str:code>/", views.department_edit, name="department-edit"),
]
