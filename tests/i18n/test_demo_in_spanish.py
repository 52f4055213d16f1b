"""The demo in Spanish (Mexico): every page each demo login reaches shows no English string
of the catalogue, and numbers, money and dates are written as in Mexico (82.7; 2,150.00;
dd/mm/yyyy), on the pages and in the exports."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from scorecard.models import Engagement
from tests.crawl import crawl
from tests.i18n.catalogue import database_texts, untranslated_when_shown, visible_texts

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LOGINS = ("consultant", "analyst", "analyst2", "client", "admin")
# Strings of other projects' templates that those projects do not translate: django-tasks'
# admin (no Spanish catalogue) and the admin search icon's alt text (not marked in Django).
NOT_OURS = (
    (re.compile(r"^/admin/django_tasks_database/"), None),
    (re.compile(r"^/admin/"), "Search"),
)


def _ours(url: str, text: str) -> bool:
    return not any(page.match(url) and what in (None, text) for page, what in NOT_OURS)


SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-MX"}


@pytest.fixture
def demo(settings, client) -> Engagement:
    settings.DEBUG = True  # setup_demo creates the demo logins only with DEBUG
    call_command("setup_demo", stdout=io.StringIO())
    settings.DEBUG = False
    client.defaults.update(SPANISH)
    return Engagement.objects.get()


def _log_in(client, django_user_model, username: str) -> None:
    client.force_login(django_user_model.objects.get(username=username))


def test_spanish_pages_show_no_untranslated_catalogue_string(demo, client, django_user_model):
    english = untranslated_when_shown() - database_texts()
    found: dict[str, set[str]] = {}
    pages = 0
    for username in LOGINS:
        _log_in(client, django_user_model, username)
        start = ["/", f"/engagements/{demo.pk}/", "/admin/"]
        for url, (status, body) in crawl(client, start).items():
            if status != 200 or not body.lstrip().startswith((b"<!doctype", b"<!DOCTYPE")):
                continue
            pages += 1
            for text in visible_texts(body.decode()):
                if text in english and _ours(url, text):
                    found.setdefault(text, set()).add(f"{username} {url}")
        client.logout()

    assert pages > 100, "the walk reached too few pages to say anything"
    assert {text: sorted(urls)[:3] for text, urls in found.items()} == {}


def test_spanish_ranking_and_costs_write_numbers_as_in_mexico(demo, client, django_user_model):
    _log_in(client, django_user_model, "consultant")

    ranking = client.get(f"/engagements/{demo.pk}/results/").text
    costs = client.get(f"/engagements/{demo.pk}/costs/").text
    overview = client.get(f"/engagements/{demo.pk}/").text

    assert re.search(r">82\.7<", ranking), "a total with a decimal point"
    assert not re.search(r">\d+,\d<", ranking), "no decimal comma (Spain's format)"
    assert "USD 2,150.00" in costs  # comma thousands, point decimals
    assert not re.search(r"\d \d{3},\d{2}", costs)  # not Spain's 2 150,00
    assert "1 de marzo de 2027" in overview  # go-live: Mexico's long date, month in lower case
    # The evaluation date, month abbreviated: in lower case too ("3 dic 2026", not "3 Dic 2026").
    assert re.search(r"Evaluado al \d{1,2} [a-z]{3} \d{4}", ranking)


def test_spanish_exports_keep_numbers_readable_in_mexico(demo, client, django_user_model):
    _log_in(client, django_user_model, "consultant")

    text = client.get(f"/engagements/{demo.pk}/export/ranking/?format=csv").content.decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    workbook = client.get(f"/engagements/{demo.pk}/export/ranking/?format=xlsx").content
    sheet = load_workbook(io.BytesIO(workbook)).worksheets[0]

    assert rows[0][:5] == ["Lugar", "Candidato", "Proveedor", "Ciudad", "Total"]
    # A decimal point, as Mexico and spreadsheets in es-MX read it (the winner's total).
    assert rows[1][4] == "82.71"
    assert sheet.title == "Clasificación"
    assert (sheet.cell(1, 5).value, sheet.cell(2, 5).value) == ("Total", 82.71)  # typed number
