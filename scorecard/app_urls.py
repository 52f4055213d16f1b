"""URLs of the evaluation app (namespace ``scorecard``), all under /engagements/."""

from django.urls import path

from scorecard.views import engagements, setup

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
    path("<int:pk>/candidates/", setup.candidate_list, name="candidate-list"),
    path("<int:pk>/candidates/add/", setup.candidate_add, name="candidate-add"),
    path(
        "<int:pk>/candidates/<int:candidate_id>/edit/",
        setup.candidate_edit,
        name="candidate-edit",
    ),
    path(
        "<int:pk>/candidates/<int:candidate_id>/remove/",
        setup.candidate_remove,
        name="candidate-remove",
    ),
    path("<int:pk>/weights/", setup.weights, name="weights"),
    path("<int:pk>/weights/ahp/", setup.weights_ahp, name="weights-ahp"),
    path("<int:pk>/gates/", setup.gates, name="gates"),
]
