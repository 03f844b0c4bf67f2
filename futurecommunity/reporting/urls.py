from django.urls import path

from futurecommunity.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("export/", views.report_export, name="report-export"),
    path("import/", views.report_import, name="report-import"),
    path("reports/<str:reference>/<str:month>/", views.report_edit, name="report-edit"),
    path(
        "reports/<str:reference>/<str:month>/photos/<int:pk>/",
        views.report_photo,
        name="report-photo",
    ),
    path("remind/", views.report_remind_view, name="report-remind"),
    path("months/<str:month>/freeze/", views.month_freeze_view, name="month-freeze"),
    path("bulletins/", views.bulletin_list, name="bulletin-list"),
    path("bulletins/export/", views.bulletin_export, name="bulletin-export"),
    path("bulletins/generate/", views.bulletin_generate_view, name="bulletin-generate"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin-detail"),
    path("bulletins/<int:pk>/issue/", views.bulletin_issue_view, name="bulletin-issue"),
    path("bulletins/<int:pk>/file.<str:kind>", views.bulletin_file, name="bulletin-file"),
    path("rankings/", views.ranking_list, name="ranking-list"),
    path("rankings/compute/", views.ranking_compute_view, name="ranking-compute"),
    path("rankings/<str:quarter>/", views.ranking_detail, name="ranking-detail"),
    path("rankings/<str:quarter>/publish/", views.ranking_publish_view, name="ranking-publish"),
    path("incentives/<int:year>/", views.incentive_list, name="incentive-list"),
]
