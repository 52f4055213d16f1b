"""Provider pages: a filterable list and one provider with its sites and credentials."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from providers.forms import ProviderFilterForm
from providers.models import Credential, Provider, Site


def provider_list(request: HttpRequest) -> HttpResponse:
    form = ProviderFilterForm(request.GET or None)
    providers = form.filter(Provider.objects.for_list())
    return render(request, "providers/provider_list.html", {"form": form, "providers": providers})


def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    provider = get_object_or_404(
        Provider.objects.select_related("headquarters").prefetch_related(
            "languages",
            "channels",
            "functions",
            "verticals",
            Prefetch(
                "sites",
                queryset=Site.objects.select_related("city").prefetch_related(
                    "functions", "languages"
                ),
            ),
            Prefetch("credentials", queryset=Credential.objects.select_related("source")),
        ),
        slug=slug,
    )
    return render(request, "providers/provider_detail.html", {"provider": provider})
