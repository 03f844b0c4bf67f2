"""Public pages under /public/ (no login): notices, programme, communities, rankings, news."""

from django.urls import path

from futurecommunity.notices import public_views

app_name = "public_site"
urlpatterns = [
    path("notices/", public_views.notice_list, name="notice-list"),
    path("notices/<int:pk>/", public_views.notice_detail, name="notice-detail"),
    path("notices/documents/<int:pk>/", public_views.document_download, name="document-download"),
    path("notices/receipt/", public_views.receipt_lookup, name="receipt-lookup"),
    path("programme/", public_views.programme, name="programme"),
    path("communities/", public_views.community_list, name="community-list"),
    path("communities/<str:reference>/", public_views.community_detail, name="community-detail"),
    path("rankings/", public_views.ranking_list, name="ranking-list"),
    path("news/", public_views.article_list, name="article-list"),
    path("news/<int:pk>/", public_views.article_detail, name="article-detail"),
]
