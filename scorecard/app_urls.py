"""URLs of the evaluation app (namespace ``scorecard``), all under /engagements/."""

from django.urls import path

from scorecard.views import engagements

app_name = "scorecard"
urlpatterns = [
    path("new/", engagements.engagement_create, name="engagement-create"),
    path("<int:pk>/", engagements.engagement_detail, name="engagement-detail"),
    path("<int:pk>/edit/", engagements.engagement_edit, name="engagement-edit"),
    path("<int:pk>/members/", engagements.engagement_members, name="engagement-members"),
    path(
        "<int:pk>/members/<int:membership_id>/",
        engagements.membership_update,
        name="membership-update",
    ),
    path("<int:pk>/logo/", engagements.engagement_logo, name="engagement-logo"),
]
