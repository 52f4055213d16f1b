"""Dates with the month abbreviated: "3 Dec 2026" in English, "3 dic 2026" in Spanish (Mexico),
where months are written in lower case (docs/glossary-es-mx.md)."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation


def _render(value, language: str, argument: str = "") -> str:
    template = Template(
        "{% load scorecard_tags %}{{ value|abbreviated_date"
        + (f':"{argument}"' if argument else "")
        + " }}"
    )
    with translation.override(language):
        return template.render(Context({"value": value}))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "3 Dec 2026"), ("es-mx", "3 dic 2026")],
)
def test_abbreviated_date_writes_the_month_as_the_language_does(language, expected):
    assert _render(dt.date(2026, 12, 3), language) == expected


def test_abbreviated_date_in_spanish_keeps_every_month_in_lower_case():
    months = [_render(dt.date(2027, m, 1), "es-mx").split()[1] for m in range(1, 13)]

    assert months == [m.lower() for m in months]
    assert months[0] == "ene"


def test_abbreviated_date_with_time_in_the_current_time_zone(settings):
    settings.TIME_ZONE = "America/Mexico_City"
    value = dt.datetime(2026, 12, 3, 20, 5, tzinfo=dt.UTC)

    assert _render(value, "es-mx", "time") == "3 dic 2026 14:05"


def test_abbreviated_date_of_nothing_is_empty():
    assert _render(None, "es-mx") == ""
