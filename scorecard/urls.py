"""Top-level URL configuration."""

from django.contrib import admin
from django.urls import include, path

from scorecard.views.health import healthz, readyz
from scorecard.views.home import after_login, favicon, home
from scorecard.views.invitations import invitation, invitation_join

urlpatterns = [
    path("", home, name="home"),
    path("welcome/", after_login, name="after-login"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("engagements/", include("scorecard.app_urls")),
    path("invitations/<str:token>/", invitation, name="invitation"),
    path("invitations/<str:token>/join/", invitation_join, name="invitation-join"),
    path("cities/", include("cities.urls")),
    path("providers/", include("providers.urls")),
    path("reference/", include("scorecard.stewardship.urls")),
    path("accounts/two-factor/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico before reading the page's icon link.
    path(
        "favicon.ico",
        favicon,
    ),
]
