from django.urls import path

from futurecommunity.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluation_list, name="evaluation-list"),
    path("start/", views.evaluation_start, name="evaluation-start"),
    path("scenarios/", views.scenario_overview, name="scenario-overview"),
    path("systems/", views.system_list, name="system-list"),
    path("systems/import/", views.system_import, name="system-import"),
    path("systems/<int:pk>/", views.system_detail, name="system-detail"),
    path("systems/<int:pk>/export/", views.system_export, name="system-export"),
    path(
        "systems/<int:pk>/indicators/<int:indicator_pk>/",
        views.indicator_update,
        name="indicator-update",
    ),
    path("experts/", views.expert_list, name="expert-list"),
    path("parameters/<int:pk>/", views.parameter_update, name="parameter-update"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation-detail"),
    path("<int:pk>/assess/", views.evaluation_assess, name="evaluation-assess"),
    path("<int:pk>/submit/", views.evaluation_submit, name="evaluation-submit"),
    path("<int:pk>/panel/", views.panel_form, name="panel-form"),
    path("<int:pk>/declare/", views.conflict_declare, name="conflict-declare"),
    path("<int:pk>/score/", views.evaluation_score, name="evaluation-score"),
    path("<int:pk>/visit/", views.site_visit, name="site-visit"),
    path("<int:pk>/decide/", views.decision_record, name="decision-record"),
    path("<int:pk>/sheets.<str:fmt>", views.sheets_export, name="sheets-export"),
    path("<int:pk>/evidence/<int:file_pk>/", views.evidence_download, name="evidence-download"),
    path("<int:pk>/photos/<int:file_pk>/", views.photo_download, name="photo-download"),
]
