"""The report read back with pypdf: invented providers and certifiers are marked "(fictional)"
and the cover says so; a figure from a weak source is marked where it is shown."""

from __future__ import annotations

import pytest

from tests.scorecard.reports.conftest import build_shared_report

pytestmark = pytest.mark.django_db

WEAK_REASON = "Wikipedia mirror with no address"


def _invent_alpha_and_weaken_its_city(scored) -> None:
    from cities.models import Metric
    from tests.factories import CityFigureFactory, SourceFactory

    alpha = scored.candidates["a"]
    alpha.provider.is_demo = True
    alpha.provider.save()
    alpha.provider.credentials.update(issuer="Sello Inventado S.C.", issuer_is_fictional=True)
    CityFigureFactory(
        city=alpha.primary_site.city,
        metric=Metric.METRO_POPULATION,
        source=SourceFactory(title="Mirror page", is_weak=True, weak_reason=WEAK_REASON),
    )


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker, tmp_path_factory):
    return build_shared_report(
        django_db_blocker,
        tmp_path_factory.mktemp("fictional-pdf"),
        prepare=_invent_alpha_and_weaken_its_city,
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_report_cover_says_it_names_fictional_entities(report):
    assert "Fictional entities" in _flat(report.texts[0])


def test_report_profile_marks_the_fictional_provider_and_certifier(report):
    profiles = _flat("\n".join(t for t in report.texts if "Candidate profiles" in t))
    # The candidate's label carries the mark (Candidate.label reads Provider.display_name).
    assert " (fictional) — " in report.winner
    assert report.winner in profiles
    assert "Sello Inventado S.C. (fictional)" in profiles


def test_report_marks_a_weak_source_in_the_cities_and_the_appendix(report):
    body = _flat("\n".join(report.texts))
    assert "weak source, not scored" in body
    assert f"weak source: {WEAK_REASON}" in body
