from django.urls import path

from futurecommunity.pilots import views

app_name = "pilots"
urlpatterns = [
    path("", views.pilot_index, name="pilot-index"),
    path("areas/<str:code>/edit/", views.area_edit, name="area-edit"),
    path("units/<str:code>/edit/", views.unit_edit, name="unit-edit"),
    path("declarations/export/", views.declaration_export, name="declaration-export"),
    path("declarations/create/", views.declaration_create, name="declaration-create"),
    path("declarations/<str:reference>/", views.declaration_detail, name="declaration-detail"),
    path(
        "declarations/<str:reference>/transition/",
        views.declaration_transition,
        name="declaration-transition",
    ),
    path(
        "declarations/<str:reference>/evidence/",
        views.declaration_evidence,
        name="declaration-evidence",
    ),
    path(
        "declarations/<str:reference>/evidence/<int:pk>/",
        views.evidence_download,
        name="evidence-download",
    ),
    path(
        "declarations/<str:reference>/deliverables/<slug:item_key>/documents/",
        views.deliverable_document_add,
        name="deliverable-document-add",
    ),
    path(
        "declarations/<str:reference>/deliverables/<slug:item_key>/submit/",
        views.deliverable_submit,
        name="deliverable-submit",
    ),
    path(
        "declarations/<str:reference>/deliverables/<int:pk>/decide/",
        views.deliverable_decide,
        name="deliverable-decide",
    ),
    path(
        "declarations/<str:reference>/deliverable-documents/<int:pk>/",
        views.deliverable_document,
        name="deliverable-document",
    ),
]
