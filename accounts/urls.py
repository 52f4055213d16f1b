"""URLs of two-factor authentication (namespace ``accounts``), under /accounts/two-factor/."""

from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.two_factor, name="two-factor"),
    path("enrol/", views.two_factor_enrol, name="two-factor-enrol"),
    path("confirm/", views.two_factor_confirm, name="two-factor-confirm"),
    path("verify/", views.two_factor_verify, name="two-factor-verify"),
    path("disable/", views.two_factor_disable, name="two-factor-disable"),
    path("backup-codes/", views.backup_codes, name="backup-codes"),
    path("backup-codes/new/", views.backup_codes_regenerate, name="backup-codes-regenerate"),
]
