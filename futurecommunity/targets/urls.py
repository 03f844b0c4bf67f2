from django.urls import path

from futurecommunity.targets import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plan-targets/", views.plan_target_list, name="plan-target-list"),
    path("plan-targets/<int:target_id>/edit/", views.plan_target_edit, name="plan-target-edit"),
]
