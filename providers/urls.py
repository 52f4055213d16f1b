from django.urls import path

from providers import views

app_name = "providers"
urlpatterns = [
    path("", views.provider_list, name="provider-list"),
    path("<slug:slug>/", views.provider_detail, name="provider-detail"),
]
