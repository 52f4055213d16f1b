"""What in the reference data needs attention: the data-health page's selectors.

Six queries whatever the amount of data: stale figures, expiring or expired credentials,
providers with credentials lacking evidence, and (three queries) cities missing a figure that
a measured indicator reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from cities.models import METRIC_INFO, City, CityFigure
from providers.models import Credential, CredentialStatus, Provider
from scorecard.models import Indicator


@dataclass(frozen=True)
class MissingFigures:
    city: City
    indicators: list[Indicator]


@dataclass(frozen=True)
class DataHealth:
    today: dt.date
    stale_after_days: int
    stale_figures: list[CityFigure]
    credentials: list[Credential]
    providers_without_evidence: list[Provider]
    missing_figures: list[MissingFigures]


def stale_figures(today: dt.date) -> list[CityFigure]:
    """Known figures older than their staleness age (census figures: their cycle), oldest first."""
    youngest_age = min(
        [settings.STALE_AFTER_DAYS, *(i.cycle_days for i in METRIC_INFO.values() if i.cycle_days)]
    )
    candidates = (
        CityFigure.objects.known()
        .filter(as_of__lt=today - dt.timedelta(days=youngest_age))
        .select_related("city", "source")
        .order_by("as_of", "city__name", "metric")
    )
    return [figure for figure in candidates if figure.is_stale(today)]


def credentials_needing_renewal(today: dt.date) -> list[Credential]:
    """Expired or soon-expiring credentials that no later credential of the same kind replaced."""
    superseded = Credential.objects.filter(
        provider=OuterRef("provider"), kind=OuterRef("kind"), issued_on__gt=OuterRef("issued_on")
    )
    due = Credential.objects.with_status(CredentialStatus.EXPIRED, today) | (
        Credential.objects.with_status(CredentialStatus.EXPIRING, today)
    )
    return list(
        due.filter(~Exists(superseded))
        .select_related("provider")
        .order_by("expires_on", "provider__trade_name")
    )


def providers_without_evidence() -> list[Provider]:
    """Providers with at least one credential that has neither an evidence file nor a reference,
    or with no credential at all; annotated with ``n_credentials`` and ``n_unproven``."""
    unproven = Q(credentials__evidence="") & Q(credentials__evidence_url="")
    return list(
        Provider.objects.annotate(
            n_credentials=Count("credentials"),
            n_unproven=Count("credentials", filter=unproven),
        )
        .filter(Q(n_unproven__gt=0) | Q(n_credentials=0))
        .order_by("trade_name")
    )


def cities_missing_figures() -> list[MissingFigures]:
    """Cities without a known figure for a metric some measured indicator reads."""
    needs: dict[str, list[Indicator]] = {}
    for indicator in Indicator.objects.measured().filter(measured_source__startswith="city."):
        metric = indicator.measured_source.split(".", 1)[1]
        if metric in METRIC_INFO:  # others (time-zone overlap) are computed, not figures
            needs.setdefault(metric, []).append(indicator)
    if not needs:
        return []
    cities = City.objects.prefetch_related(
        models.Prefetch(
            "figures",
            queryset=CityFigure.objects.known().filter(metric__in=needs),
            to_attr="needed_known",
        )
    )
    missing = []
    for city in cities:
        have = {figure.metric for figure in city.needed_known}
        lacking = [
            i for metric, indicators in needs.items() if metric not in have for i in indicators
        ]
        if lacking:
            missing.append(MissingFigures(city, lacking))
    return missing


def build_data_health(today: dt.date) -> DataHealth:
    return DataHealth(
        today=today,
        stale_after_days=settings.STALE_AFTER_DAYS,
        stale_figures=stale_figures(today),
        credentials=credentials_needing_renewal(today),
        providers_without_evidence=providers_without_evidence(),
        missing_figures=cities_missing_figures(),
    )
