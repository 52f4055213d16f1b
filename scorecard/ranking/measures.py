"""Figures and facts read from reference data for each candidate of an engagement.

Measured indicators (``Indicator.measured_source``) and must-have gates (``GateFact``) do not
ask assessors: they read the provider's profile and credentials, the candidate's sites and the
primary site's city. Measured indicators and gates read those figures and facts only through
this module, so the assessment form, the Gates tab, the results and the report all show the
same figure with the same source. (The red flags of :mod:`scorecard.selectors.risks` read
credentials and city figures for their own, different tests.)

Everything works on candidates fetched with :func:`candidates_for_measures`, so reading the
figures of 50 candidates costs the same handful of queries as reading those of one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from cities.models import CityFigure, Metric
from providers.models import (
    SECURITY_KINDS,
    Credential,
    CredentialKind,
    ListStatus,
    OpinionOutcome,
    Site,
)
from scorecard.formats import short_date
from scorecard.models import (
    Candidate,
    DpaStatus,
    Engagement,
    GateDefinition,
    GateFact,
    Indicator,
    MeasuredSource,
)

US_EASTERN = "America/New_York"

CITY_METRICS = {
    MeasuredSource.CITY_POPULATION: Metric.METRO_POPULATION,
    MeasuredSource.CITY_ENGLISH: Metric.ENGLISH_LEVEL,
    MeasuredSource.CITY_UNSAFE: Metric.UNSAFE_PERCEPTION,
}


@dataclass(frozen=True)
class Figure:
    """A figure a measured indicator reads: ``value`` is ``None`` when unknown (never 0).

    ``weak_source`` marks a figure its source records but no score may read (the source is
    weak, :attr:`cities.models.Source.is_weak`): ``value`` is ``None`` and ``note`` says why.
    """

    value: float | None
    display: str
    source: str = ""
    source_url: str = ""
    as_of: dt.date | None = None
    stale: bool = False
    note: str = ""
    weak_source: bool = False

    @property
    def is_known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class GateCheck:
    """The fact a gate tests for one candidate, ready for :class:`scorecard.engine.Gate`.

    ``value`` is ``None`` when there is no data; ``shown`` is the fact in words.
    """

    value: object
    shown: str


def candidates_for_measures(engagement: Engagement) -> QuerySet[Candidate]:
    """The engagement's candidates with everything measures and gates read, prefetched."""
    return engagement.candidates.select_related("provider", "primary_site__city").prefetch_related(
        Prefetch(
            "sites", queryset=Site.objects.select_related("city").prefetch_related("languages")
        ),
        Prefetch("provider__sites", queryset=Site.objects.select_related("city")),
        Prefetch("provider__credentials", queryset=Credential.objects.order_by("-expires_on")),
        Prefetch(
            "primary_site__city__figures", queryset=CityFigure.objects.select_related("source")
        ),
    )


def _number(value) -> str:
    return number_format(value, decimal_pos=None, force_grouping=True)


def _provider_figure(candidate: Candidate, value, display: str) -> Figure:
    provider = candidate.provider
    if value is None:
        return Figure(
            None,
            _("unknown"),
            source=provider.profile_source,
            note=_("The provider's profile does not give this figure."),
        )
    return Figure(
        float(value),
        display,
        source=provider.profile_source or _("Provider profile"),
        as_of=provider.profile_as_of,
    )


def _current_kinds(candidate: Candidate, kinds: Iterable[str], on: dt.date) -> list[Credential]:
    kinds = frozenset(kinds)
    return [
        credential
        for credential in candidate.provider.credentials.all()
        if credential.kind in kinds
        and (credential.expires_on is None or credential.expires_on >= on)
    ]


def _credentials_figure(candidate: Candidate, kinds: Iterable[str], on: dt.date) -> Figure:
    current = _current_kinds(candidate, kinds, on)
    distinct = sorted({c.get_kind_display() for c in current})
    return Figure(
        float(len(distinct)),
        ", ".join(distinct) if distinct else _("none current"),
        source=_("Credentials on file"),
        as_of=max((c.issued_on for c in current), default=None),
    )


def _city_figure(city, metric: str, on) -> Figure:
    """The city's figure for ``metric`` at ``on``: unknown when missing or from a weak source
    (shown, with the reason, never scored)."""
    figure = city.figure(metric)
    if figure is not None and figure.is_known and figure.from_weak_source:
        return Figure(
            None,
            _("unknown"),
            source=str(figure.source),
            source_url=figure.source.url,
            as_of=figure.as_of,
            note=_("Weak source (%(reason)s): %(value)s is not scored.")
            % {"reason": figure.source.weak_reason, "value": figure.display_value},
            weak_source=True,
        )
    if figure is None or figure.numeric_value is None:
        note = (
            figure.note
            if figure
            else _("No figure recorded for %(city)s.") % {"city": city.display_name}
        )
        return Figure(None, _("unknown"), note=note)
    return Figure(
        float(figure.numeric_value),
        figure.display_value,
        source=str(figure.source) if figure.source else "",
        source_url=figure.source.url if figure.source else "",
        as_of=figure.as_of,
        stale=figure.is_stale(on),
        note=figure.note,
    )


def measured_figure(candidate: Candidate, source: str, engagement: Engagement) -> Figure:
    """The figure ``source`` (a :class:`MeasuredSource`) reads for ``candidate``, at the
    engagement's evaluation date (:attr:`Engagement.as_of`)."""
    provider = candidate.provider
    on = engagement.as_of
    if source == MeasuredSource.PROVIDER_ATTRITION:
        value = provider.attrition_pct
        return _provider_figure(
            candidate, value, f"{_number(value)} %" if value is not None else ""
        )
    if source == MeasuredSource.PROVIDER_CONCENTRATION:
        value = provider.client_concentration_pct
        return _provider_figure(
            candidate, value, f"{_number(value)} %" if value is not None else ""
        )
    if source == MeasuredSource.PROVIDER_YEARS:
        years = provider.years_operating_on(on)
        return _provider_figure(
            candidate,
            years,
            _("%(years)s years (founded %(founded)s)")
            % {"years": years, "founded": provider.year_founded},
        )
    if source == MeasuredSource.PROVIDER_CITIES:
        cities = provider.cities
        return Figure(
            float(len(cities)),
            ", ".join(city.display_name for city in cities) or _("no sites"),
            source=_("Provider's delivery sites"),
        )
    if source == MeasuredSource.PROVIDER_SECURITY_CERTS:
        return _credentials_figure(candidate, SECURITY_KINDS, on)
    if source == MeasuredSource.PROVIDER_COPC:
        return _credentials_figure(candidate, {CredentialKind.COPC}, on)
    if source == MeasuredSource.CANDIDATE_SEATS_COVERAGE:
        available = sum(site.seats_available for site in candidate.sites.all())
        needed = engagement.peak_seats
        pct = round(100 * available / needed, 1)
        return Figure(
            pct,
            _("%(pct)s %% (%(available)s seats available for %(needed)s needed at peak)")
            % {"pct": _number(pct), "available": available, "needed": needed},
            source=_("Sites in the proposal"),
        )
    city = candidate.primary_site.city
    if source == MeasuredSource.CITY_OVERLAP_EASTERN:
        hours = city.us_overlap_hours(US_EASTERN, on)
        return Figure(
            hours,
            _("%(hours)s h with 09:00–17:00 New York (on %(date)s)")
            % {"hours": _number(hours), "date": date_format(on)},
            source=_("IANA time zone database (%(tz)s)") % {"tz": city.timezone},
            as_of=on,
        )
    if source in CITY_METRICS:
        return _city_figure(city, CITY_METRICS[source], on)
    raise ValueError(f"Unknown measured source {source!r}")


def measured_figures(
    engagement: Engagement, candidates: Iterable[Candidate], indicators: Iterable[Indicator]
) -> dict[tuple[int, str], Figure]:
    """Figures for every (candidate id, measured indicator code). No queries of its own when
    candidates come from :func:`candidates_for_measures`."""
    measured = [i for i in indicators if i.is_measured]
    return {
        (candidate.pk, indicator.code): measured_figure(
            candidate, indicator.measured_source, engagement
        )
        for candidate in candidates
        for indicator in measured
    }


def _repse(candidate: Candidate, until: dt.date) -> GateCheck:
    registrations = [
        c for c in candidate.provider.credentials.all() if c.kind == CredentialKind.REPSE
    ]
    if not registrations:
        return GateCheck(False, _("no REPSE registration on file"))
    latest = max(registrations, key=lambda c: c.expires_on or dt.date.max)
    if latest.expires_on is not None and latest.expires_on < until:
        return GateCheck(
            False,
            _("REPSE %(number)s expires %(date)s, before %(until)s")
            % {
                "number": latest.number,
                "date": short_date(latest.expires_on),
                "until": short_date(until),
            },
        )
    return GateCheck(True, _("REPSE %(number)s valid") % {"number": latest.number})


def _tax_opinion(candidate: Candidate, today: dt.date) -> GateCheck:
    opinions = [
        c for c in candidate.provider.credentials.all() if c.kind == CredentialKind.SAT_OPINION
    ]
    current = [c for c in opinions if c.expires_on is None or c.expires_on >= today]
    if any(c.outcome == OpinionOutcome.NEGATIVE for c in current):
        return GateCheck(False, _("negative SAT 32-D opinion on file"))
    if current:
        return GateCheck(True, _("positive SAT 32-D opinion current"))
    if opinions:
        return GateCheck(False, _("the SAT 32-D opinion on file has expired"))
    return GateCheck(None, _("no SAT 32-D opinion on file"))


def gate_check(
    candidate: Candidate, fact: str, engagement: Engagement, languages: dict[str, str]
) -> GateCheck:
    """The value of ``fact`` (a :class:`GateFact`) for ``candidate``; ``languages`` maps the
    codes of the languages in scope to their names. Dates are read at the engagement's
    evaluation date (:attr:`Engagement.as_of`)."""
    today = engagement.as_of
    provider = candidate.provider
    if fact == GateFact.REPSE_VALID:
        return _repse(candidate, max(engagement.go_live or today, today))
    if fact == GateFact.NOT_ON_69B:
        status = provider.sat_69b_status
        if status == ListStatus.UNKNOWN:
            return GateCheck(None, _("69-B list not checked"))
        return GateCheck(status == ListStatus.NOT_LISTED, provider.get_sat_69b_status_display())
    if fact == GateFact.TAX_OPINION_CURRENT:
        return _tax_opinion(candidate, today)
    if fact == GateFact.DPA_SIGNED:
        if candidate.dpa_status == DpaStatus.UNKNOWN:
            return GateCheck(None, _("data-processing agreement status not known"))
        return GateCheck(
            candidate.dpa_status == DpaStatus.SIGNED, candidate.get_dpa_status_display()
        )
    if fact == GateFact.SECURITY_CERTIFIED:
        current = _current_kinds(candidate, SECURITY_KINDS, today)
        if current:
            return GateCheck(True, ", ".join(sorted({c.get_kind_display() for c in current})))
        return GateCheck(False, _("no current ISO 27001, PCI DSS or SOC 2"))
    if fact == GateFact.SEATS_AVAILABLE:
        available = sum(site.seats_available for site in candidate.sites.all())
        return GateCheck(available, _("%(n)s seats available") % {"n": available})
    if fact == GateFact.LANGUAGES:
        needed = languages
        offered = {
            language.code for site in candidate.sites.all() for language in site.languages.all()
        }
        missing = sorted(name for code, name in needed.items() if code not in offered)
        if missing:
            return GateCheck(
                False, _("not delivered: %(languages)s") % {"languages": ", ".join(missing)}
            )
        return GateCheck(True, _("all languages in scope delivered"))
    raise ValueError(f"Unknown gate fact {fact!r}")


def gate_checks(
    engagement: Engagement, candidates: Iterable[Candidate], facts: Iterable[str]
) -> dict[int, dict[str, GateCheck]]:
    """``{candidate id: {fact: GateCheck}}`` for every candidate and fact (one query for the
    scope's languages, none per candidate)."""
    languages = {language.code: language.name for language in engagement.languages.all()}
    facts = list(facts)
    return {
        candidate.pk: {fact: gate_check(candidate, fact, engagement, languages) for fact in facts}
        for candidate in candidates
    }


def gate_threshold(gate: GateDefinition, engagement: Engagement):
    """The value a gate compares against (seats from the scope); ``None`` for true/false gates."""
    if gate.fact == GateFact.SEATS_AVAILABLE:
        return engagement.peak_seats
    return None
