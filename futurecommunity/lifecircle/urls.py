from django.urls import path

from futurecommunity.lifecircle import import_views, views

app_name = "lifecircle"
WHAT = "<str:what>"
urlpatterns = [
    path("", views.index, name="index"),
    path("runs/", views.run_list, name="run-list"),
    path("runs/create/", views.run_create, name="run-create"),
    path("runs/<int:run_id>/", views.run_detail, name="run-detail"),
    path("runs/<int:run_id>/compare/", views.run_compare, name="run-compare"),
    path("runs/<int:run_id>/export/", views.run_export_gaps, name="run-export"),
    path("networks/", views.network_list, name="network-list"),
    path("networks/import/", views.network_import, name="network-import"),
    path("networks/<int:network_id>/", views.network_detail, name="network-detail"),
    path("facilities/", import_views.facility_list, name="facility-list"),
    path("facilities/create/", import_views.facility_create, name="facility-create"),
    path("residents/", import_views.resident_list, name="resident-list"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/levels/<slug:code>/", views.level_edit, name="level-edit"),
    path("catalogue/parameters/<slug:key>/", views.parameter_edit, name="parameter-edit"),
    path("catalogue/kinds/<slug:code>/", views.kind_edit, name="kind-edit"),
    # <what> is "facilities" or "residents".
    path(f"import/{WHAT}/", import_views.table_import, name="table-import"),
    path(
        f"import/{WHAT}/template/", import_views.table_import_template, name="table-import-template"
    ),
    path(f"import/{WHAT}/confirm/", import_views.table_import_confirm, name="table-import-confirm"),
]
