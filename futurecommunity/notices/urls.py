"""Official pages under /manage/notices/."""

from django.urls import path

from futurecommunity.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="notice-list"),
    path("create/", views.notice_create, name="notice-create"),
    path("<int:pk>/", views.notice_detail, name="notice-detail"),
    path("<int:pk>/correct/", views.notice_correct, name="notice-correct"),
    path("<int:pk>/withdraw/", views.notice_withdraw, name="notice-withdraw"),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
    path("opinions/<int:pk>/answer/", views.opinion_answer, name="opinion-answer"),
    path("opinions/<int:pk>/photo/", views.opinion_photo, name="opinion-photo"),
    path("consent/<str:reference>/", views.consent_detail, name="consent-detail"),
    path("consent/<str:reference>/import/", views.consent_import, name="consent-import"),
    path("stakeholders/<int:pk>/", views.consent_record, name="consent-record"),
    path("stakeholders/<int:pk>/form/", views.consent_form_download, name="consent-form-download"),
    path("articles/", views.article_list, name="article-list"),
    path("settings/", views.setting_list, name="setting-list"),
]
