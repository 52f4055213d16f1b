"""A city's name as the reader's language writes it (``City.display_name``): with Spanish
active the demo's pages, exports and report say "Ciudad de México", never "Mexico City"; in
English they say "Mexico City". ``City.name`` stays the key in both."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from cities.models import City, CityFigure
from providers.models import Credential, Provider, Site
from scorecard.models import Candidate, Engagement, ReportLanguage
from scorecard.reports.build import build_report
from tests.i18n.catalogue import visible_texts

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ENGLISH, SPANISH = "Mexico City", "Ciudad de México"


@pytest.fixture
def demo(settings, client, django_user_model) -> Engagement:
    settings.DEBUG = True  # setup_demo creates the demo logins only with DEBUG
    call_command("setup_demo", stdout=io.StringIO())
    settings.DEBUG = False
    client.force_login(django_user_model.objects.get(username="consultant"))
    return Engagement.objects.get()


def _pages(engagement: Engagement) -> list[str]:
    """Pages that name the city Tzalam Collections delivers from (each does, in both languages)."""
    tzalam = Candidate.objects.get(engagement=engagement, primary_site__city__name=ENGLISH)
    base = f"/engagements/{engagement.pk}"
    return [
        "/cities/",
        "/cities/mexico-city/",
        "/providers/",
        f"/providers/{tzalam.provider.slug}/",
        f"{base}/candidates/",
        f"{base}/candidates/{tzalam.pk}/edit/",
        f"{base}/results/",
        f"{base}/results/cities/",
        f"{base}/results/compare/",
        f"{base}/costs/",
        f"{base}/costs/{tzalam.pk}/",
        f"{base}/compliance/",
    ]


def _free_text() -> list[str]:
    """Data written in one language that may name the city in passing: site names ("Mexico
    City Vallejo"), provider descriptions, figure notes. Not the city's name, so not checked."""
    texts = [
        *Site.objects.values_list("name", flat=True),
        *Site.objects.values_list("continuity_notes", flat=True),
        *Provider.objects.values_list("description", flat=True),
        *Credential.objects.values_list("scope", flat=True),
        *CityFigure.objects.values_list("note", flat=True),
        *CityFigure.objects.values_list("text", flat=True),
    ]
    return sorted({" ".join(t.split()) for t in texts if ENGLISH in t}, key=len, reverse=True)


def _without_free_text(text: str, free: list[str]) -> str:
    for passage in free:
        text = text.replace(passage, "")
    return text


def _texts(client, urls: list[str], language: str) -> dict[str, list[str]]:
    """Each page's visible text nodes, with the free text taken out."""
    free = _free_text()
    texts = {}
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        texts[url] = [_without_free_text(t, free) for t in visible_texts(response.text)]
    return texts


def _ranking_city(client, engagement: Engagement, language: str) -> str:
    text = client.get(
        f"/engagements/{engagement.pk}/export/ranking/?format=csv", HTTP_ACCEPT_LANGUAGE=language
    ).text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return next(row[3] for row in rows[1:] if row[1].startswith("Tzalam Collections"))


def test_pages_exports_and_report_name_mexico_city_in_the_readers_language(demo, client):
    pages = _pages(demo)
    free = _free_text()

    spanish = _texts(client, pages, "es-MX")
    built = build_report(
        demo,
        sections=["summary", "cities", "profiles"],
        language=ReportLanguage.ES_MX,
        data_pack=True,
    )
    english = _texts(client, pages, "en")

    assert [url for url in pages if not any(SPANISH in t for t in spanish[url])] == []
    assert {url: [t for t in nodes if ENGLISH in t] for url, nodes in spanish.items()} == {
        url: [] for url in pages
    }
    assert _ranking_city(client, demo, "es-MX").startswith(SPANISH)
    report = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(built.pdf)).pages
    )
    assert f"Tzalam Collections (ficticio) — {SPANISH}" in report
    assert ENGLISH not in _without_free_text(report, free)
    pack = [
        str(value)
        for sheet in load_workbook(io.BytesIO(built.data_pack)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert any(SPANISH in value for value in pack)
    assert not any(ENGLISH in _without_free_text(value, free) for value in pack)
    # English: the same pages and export name it Mexico City, and the key never changed.
    assert [url for url in pages if not any(ENGLISH in t for t in english[url])] == []
    assert _ranking_city(client, demo, "en").startswith(ENGLISH)
    assert City.objects.get_by_natural_key(ENGLISH).name_es_mx == SPANISH
    with translation.override("es-mx"):
        assert Candidate.objects.get(primary_site__city__name=ENGLISH).label == (
            f"Tzalam Collections (ficticio) — {SPANISH}"
        )
