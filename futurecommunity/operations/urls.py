from django.urls import path

from futurecommunity.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.operator_list, name="operator-list"),
    path("export/", views.operator_export, name="operator-export"),
    path("create/", views.operator_create, name="operator-create"),
    path("import/", views.operator_import, name="operator-import"),
    path("<int:pk>/", views.operator_detail, name="operator-detail"),
    path("<int:pk>/edit/", views.operator_edit, name="operator-edit"),
    path("projects/<str:reference>/", views.project_detail, name="project-detail"),
    path("projects/<str:reference>/selection/", views.selection_save, name="selection-save"),
    path(
        "projects/<str:reference>/selection/document/",
        views.selection_document,
        name="selection-document",
    ),
    path("projects/<str:reference>/procurement/", views.procurement_save, name="procurement-save"),
    path("projects/<str:reference>/plan/", views.plan_item_save, name="plan-item-save"),
    path(
        "projects/<str:reference>/plan/<int:pk>/remove/",
        views.plan_item_remove,
        name="plan-item-remove",
    ),
    path("projects/<str:reference>/funding/", views.funding_save, name="funding-save"),
    path("projects/<str:reference>/report/", views.report_create, name="report-create"),
    path("projects/<str:reference>/remind/", views.report_remind, name="report-remind"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/export/", views.report_export, name="report-export"),
    path("reports/import/", views.report_import, name="report-import"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/review/", views.report_review, name="report-review"),
    path("funds/", views.street_funds, name="street-funds"),
    path("funding/import/", views.funding_import, name="funding-import"),
    path("parameters/", views.parameter_list, name="parameter-list"),
]
