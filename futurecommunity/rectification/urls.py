from django.urls import path

from futurecommunity.rectification import views

app_name = "rectification"
urlpatterns = [
    path("", views.order_list, name="order-list"),
    path("orders/export/", views.order_export, name="order-export"),
    path("orders/create/", views.order_create, name="order-create"),
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
    path("orders/<int:pk>/move/", views.order_move, name="order-move"),
    path("orders/<int:pk>/docx/", views.order_docx_download, name="order-docx"),
    path(
        "orders/<int:pk>/attachments/<int:attachment_pk>/",
        views.order_attachment_download,
        name="order-attachment-download",
    ),
    path("inspections/", views.inspection_list, name="inspection-list"),
    path("inspections/export/", views.inspection_export, name="inspection-export"),
    path("inspections/create/", views.inspection_create, name="inspection-create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path(
        "inspections/<int:pk>/attachments/<int:attachment_pk>/",
        views.finding_attachment_download,
        name="finding-attachment-download",
    ),
]
