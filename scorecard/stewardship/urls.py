"""URLs of reference-data stewardship (namespace ``stewardship``), under /reference/."""

from django.urls import path

from scorecard.stewardship import views

app_name = "stewardship"
urlpatterns = [
    path("health/", views.data_health, name="data-health"),
]
