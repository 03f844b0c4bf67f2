from django.urls import path

from futurecommunity.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<int:job_id>/", views.job_detail, name="job-detail"),
    path("<int:job_id>/progress/", views.job_progress, name="job-progress"),
]
