"""Top-level URL configuration."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from scorecard.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("engagements/", include("scorecard.app_urls")),
    path("cities/", include("cities.urls")),
    path("providers/", include("providers.urls")),
    path("reference/", include("scorecard.stewardship.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico before reading the page's icon link.
    path(
        "favicon.ico",
        login_not_required(RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    ),
]
