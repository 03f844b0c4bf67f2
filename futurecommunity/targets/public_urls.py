"""Public pages (S4), no login: published future communities and district coverage."""

from django.urls import path

from futurecommunity.targets import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.public_project_list, name="project-list"),
    path("districts/<str:code>/", public_views.public_district, name="district-detail"),
]
