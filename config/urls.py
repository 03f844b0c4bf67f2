"""Root URL configuration: official pages under /manage/, admin for super-users.

Uploads (MEDIA_ROOT) are never served by URL, not even with DEBUG: each app streams them from
a download view after its scoped selector has found the owning object.
"""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from futurecommunity.common.health import healthz
from futurecommunity.regions.views import district_boundaries_view

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard", permanent=False)),
    path("accounts/", include("futurecommunity.accounts.urls")),
    path("manage/", include("futurecommunity.targets.urls")),
    path("manage/projects/", include("futurecommunity.projects.urls")),
    path("manage/regions/", include("futurecommunity.regions.urls")),
    path("manage/permits/", include("futurecommunity.permits.urls")),
    path("manage/jobs/", include("futurecommunity.jobs.urls")),
    path("manage/lifecircle/", include("futurecommunity.lifecircle.urls")),
    path("manage/centres/", include("futurecommunity.centres.urls")),
    path("manage/reporting/", include("futurecommunity.reporting.urls")),
    path("manage/rectification/", include("futurecommunity.rectification.urls")),
    path("manage/notifications/", include("futurecommunity.notifications.urls")),
    path("manage/pilots/", include("futurecommunity.pilots.urls")),
    path("manage/operators/", include("futurecommunity.operations.urls")),
    path("manage/evaluation/", include("futurecommunity.evaluation.urls")),
    path("manage/audit/", include("futurecommunity.audit.urls")),
    path("manage/notices/", include("futurecommunity.notices.urls")),
    path("api/", include("futurecommunity.api.urls")),
    path("public/", include("futurecommunity.targets.public_urls")),
    path("public/", include("futurecommunity.notices.public_urls")),
    path("django-admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("boundaries/districts.geojson", district_boundaries_view, name="district-boundaries"),
    path(
        "favicon.ico",
        RedirectView.as_view(url="/static/src/img/favicon.svg", permanent=True),
        name="favicon",
    ),
]
