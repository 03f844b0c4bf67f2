from django.urls import path

from futurecommunity.centres import views

app_name = "centres"
urlpatterns = [
    path("", views.centre_list, name="centre-list"),
    path("new/", views.centre_create, name="centre-create"),
    path("<int:centre_id>/", views.centre_detail, name="centre-detail"),
    path("<int:centre_id>/edit/", views.centre_edit, name="centre-edit"),
    path("<int:centre_id>/advance/", views.centre_advance, name="centre-advance"),
    path("sites/", views.site_list, name="site-list"),
    path("sites/new/", views.site_create, name="site-create"),
    path("sites/import/", views.site_import, name="site-import"),
    path("sites/<int:site_id>/", views.site_detail, name="site-detail"),
    path("sites/<int:site_id>/confirm/", views.site_confirm, name="site-confirm"),
    path("sites/<int:site_id>/consent/", views.site_consent, name="site-consent"),
    path("sites/<int:site_id>/agreement/", views.site_agreement, name="site-agreement"),
    path("sites/<int:site_id>/agreement/file/", views.agreement_download, name="agreement-file"),
    path("scenarios/", views.scenario_list, name="scenario-list"),
    path("scenarios/new/", views.scenario_create, name="scenario-create"),
    path("scenarios/<int:scenario_id>/", views.scenario_detail, name="scenario-detail"),
    path("scenarios/<int:scenario_id>/adopt/", views.scenario_adopt, name="scenario-adopt"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:plan_id>/items/<int:item_id>/", views.plan_item_move, name="plan-item-move"),
    path("plans/<int:plan_id>/export.<str:fmt>", views.plan_export, name="plan-export"),
    path("rules/", views.rule_list, name="rule-list"),
    path("rules/<slug:key>/", views.rule_edit, name="rule-edit"),
]
