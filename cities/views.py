"""City pages: the list with headline figures, and one city with every sourced figure."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cities.models import HEADLINE_METRICS, STRENGTH_METRICS, City, Metric


def city_list(request: HttpRequest) -> HttpResponse:
    # In the order of the names the reader sees (in Spanish, Ciudad de México files under C).
    cities = sorted(City.objects.with_figures(), key=lambda city: city.display_name.casefold())
    rows = [(city, [city.figure(metric) for metric in HEADLINE_METRICS]) for city in cities]
    return render(
        request,
        "cities/city_list.html",
        {"rows": rows, "metrics": [Metric(m).label for m in HEADLINE_METRICS]},
    )


def _sites_with_provider() -> Prefetch:
    """The city's provider sites, each with its provider in the same query. ``City.sites`` is
    the reverse of the foreign key providers declares: cities may not import providers (the
    reference layers look down, providers → cities), so the model is read off the relation."""
    site_model = City._meta.get_field("sites").related_model
    return Prefetch("sites", queryset=site_model.objects.select_related("provider"))


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(
        City.objects.with_figures().prefetch_related(_sites_with_provider()), slug=slug
    )
    by_metric = city.figures_by_metric()
    strengths = [by_metric.get(m) for m in STRENGTH_METRICS]
    figures = sorted(
        (f for metric, f in by_metric.items() if metric not in STRENGTH_METRICS),
        key=lambda f: (not f.is_known, str(Metric(f.metric).label)),
    )
    return render(
        request,
        "cities/city_detail.html",
        {
            "city": city,
            "figures": figures,
            "strengths": strengths,
            "overlaps": city.us_overlap_by_season(),
            "sites": city.sites.all(),
        },
    )
