from django.urls import path

from futurecommunity.accounts import views, views_admin

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("otp/verify/", views_admin.otp_verify, name="otp-verify"),
    path("otp/enrol/", views_admin.otp_enrol, name="otp-enrol"),
    path("users/", views_admin.user_list, name="user-list"),
    path("users/create/", views_admin.user_create, name="user-create"),
    path("users/<int:user_id>/", views_admin.user_detail, name="user-detail"),
    path("users/<int:user_id>/active/", views_admin.user_set_active, name="user-set-active"),
    path(
        "users/<int:user_id>/reset-password/",
        views_admin.user_reset_password,
        name="user-reset-password",
    ),
    path("security/", views_admin.security_home, name="security-home"),
    path("security/unlock/", views_admin.security_unlock, name="security-unlock"),
    path(
        "security/users/<int:user_id>/otp-reset/",
        views_admin.security_otp_reset,
        name="security-otp-reset",
    ),
]
