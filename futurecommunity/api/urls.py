from django.urls import path

from futurecommunity.api import views
from futurecommunity.api.api import api

urlpatterns = [
    path("v1/docs", views.api_docs, name="api-docs"),
    path("v1/", api.urls),
]
