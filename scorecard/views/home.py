"""The landing page: the user's engagements and the reference data."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
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
