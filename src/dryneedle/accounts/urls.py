from django.urls import path

from dryneedle.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/", views.security, name="security"),
    path("account/two-factor/", views.verify, name="mfa_verify"),
    path("account/two-factor/set-up/", views.setup, name="mfa_setup"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/two-factor/remove/", views.remove_second_factor, name="mfa_remove"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/password/changed/", views.password_change_done, name="password_change_done"),
    path("account/password/reset/", views.password_reset, name="password_reset"),
    path("account/password/reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path(
        "account/password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "account/password/reset/done/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
]
