"""/manage/audit/ — the audit administrator's screens (read, export, verify; never edit)."""

from django.urls import path

from futurecommunity.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.entry_list, name="entry-list"),
    path("<int:entry_id>/", views.entry_detail, name="entry-detail"),
    path("export/", views.entry_export, name="entry-export"),
    path("verify/", views.chain_verify, name="chain-verify"),
]
