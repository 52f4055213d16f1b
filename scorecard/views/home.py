"""The landing page: the user's engagements and the reference data."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static

from cities.models import City
from providers.models import Provider
from scorecard.models import Criterion, Membership


def home(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("engagement")
        .annotate(n_candidates=Count("engagement__candidates"))
        .order_by("-engagement__updated_at")
    )
    return render(
        request,
        "scorecard/home.html",
        {
            "memberships": memberships,
            "can_create": request.user.has_perm("scorecard.add_engagement"),
            "n_cities": City.objects.count(),
            "n_providers": Provider.objects.count(),
            "criteria": Criterion.objects.all(),
        },
    )


@login_not_required
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico before reading the page's icon link."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def after_login(request: HttpRequest) -> HttpResponse:
    """Where a login lands: straight into the user's engagement when there is exactly one
    (the demo consultant lands on the demo), otherwise the home page listing them."""
    engagement_ids = list(
        Membership.objects.filter(user=request.user).values_list("engagement_id", flat=True)[:2]
    )
    if len(engagement_ids) == 1:
        return redirect("scorecard:engagement-detail", pk=engagement_ids[0])
    return redirect("home")
