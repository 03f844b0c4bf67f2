from django.urls import path

from futurecommunity.regions import views

app_name = "regions"
urlpatterns = [
    path("communities/", views.community_list_view, name="community-list"),
    path("communities/export/", views.community_export, name="community-export"),
    path("communities/bulk/", views.community_bulk, name="community-bulk"),
    path("communities/<str:code>/flag/", views.community_flag, name="community-flag"),
]
