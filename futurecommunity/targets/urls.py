from django.urls import path

from futurecommunity.targets import board_views, configuration_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plan-targets/", views.plan_target_list, name="plan-target-list"),
    path("plan-targets/export/", views.plan_target_export, name="plan-target-export"),
    path("plan-targets/<int:target_id>/edit/", views.plan_target_edit, name="plan-target-edit"),
    path("configuration/", configuration_views.configuration_list, name="configuration-list"),
    path(
        "configuration/<slug:kind>/<str:key>/",
        configuration_views.configuration_edit,
        name="configuration-edit",
    ),
    path("compliance/", board_views.compliance_board, name="compliance-board"),
    path("compliance/notes/", board_views.finding_note, name="compliance-finding-note"),
    path(
        "compliance/orders/<slug:rule_id>/<str:subject>/<int:index>/",
        board_views.compliance_order_create,
        name="compliance-order-create",
    ),
    path("compliance/export/", board_views.compliance_board_export, name="compliance-board-export"),
]
