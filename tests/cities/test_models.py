import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from cities.models import (
    City,
    CityFigure,
    ComplexityTier,
    FigureStatus,
    Metric,
    overlap_hours,
    tier_suits,
)
from tests.factories import CityFactory, CityFigureFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_overlap_hours_mexico_city_winter_is_seven_hours():
    # 09:00-17:00 ET in January is 08:00-16:00 in Mexico City (UTC-6): overlap 09:00-16:00.
    assert overlap_hours("America/Mexico_City", "America/New_York", dt.date(2026, 1, 15)) == 7


def test_overlap_hours_mexico_city_summer_loses_an_hour_to_us_dst():
    # Mexico has no DST since 2022; ET is UTC-4 in July: 07:00-15:00 local, overlap 09:00-15:00.
    assert overlap_hours("America/Mexico_City", "America/New_York", dt.date(2026, 7, 15)) == 6


def test_overlap_hours_tijuana_pacific_is_full_day_all_year():
    winter = overlap_hours("America/Tijuana", "America/Los_Angeles", dt.date(2026, 1, 15))
    summer = overlap_hours("America/Tijuana", "America/Los_Angeles", dt.date(2026, 7, 15))
    assert (winter, summer) == (8, 8)


def test_overlap_hours_no_overlap_is_zero_not_negative():
    assert overlap_hours("Asia/Tokyo", "America/New_York", dt.date(2026, 1, 15)) == 0


def test_city_clean_unknown_timezone_names_the_field():
    city = CityFactory.build(timezone="Mars/Olympus")
    with pytest.raises(ValidationError) as exc:
        city.full_clean()
    assert "timezone" in exc.value.message_dict


def test_city_clean_coordinates_outside_mexico_names_the_field_and_the_range():
    city = CityFactory.build(latitude=Decimal("25.6866"), longitude=Decimal("100.3161"))

    with pytest.raises(ValidationError) as raised:
        city.clean()

    assert list(raised.value.message_dict) == ["longitude"]
    assert "west is negative" in raised.value.message_dict["longitude"][0]


def test_city_clean_coordinates_in_mexico_or_none_are_valid():
    CityFactory.build(latitude=Decimal("25.6866"), longitude=Decimal("-100.3161")).clean()
    CityFactory.build(latitude=None, longitude=None).clean()


def test_city_natural_key_round_trips():
    city = CityFactory(name="Mérida")
    assert City.objects.get_by_natural_key(*city.natural_key()) == city


def test_city_save_without_slug_slugifies_name():
    city = City.objects.create(
        name="San Luis Potosí", state="SLP", timezone="America/Mexico_City", complexity_tier="low"
    )
    assert city.slug == "san-luis-potosi"


def test_figure_unknown_with_value_is_rejected():
    figure = CityFigureFactory.build(
        city=CityFactory(), source=SourceFactory(), status=FigureStatus.UNKNOWN, value=Decimal(0)
    )
    with pytest.raises(ValidationError) as exc:
        figure.full_clean()
    assert "value" in exc.value.message_dict


def test_figure_unknown_without_source_is_valid_and_not_zero():
    figure = CityFigureFactory(status=FigureStatus.UNKNOWN, value=None, source=None, as_of=None)
    figure.full_clean()
    assert (figure.numeric_value, figure.display_value, figure.is_stale()) == (
        None,
        "unknown",
        False,
    )


def test_figure_known_without_source_or_date_names_both_fields():
    figure = CityFigureFactory.build(city=CityFactory(), source=None, as_of=None)
    with pytest.raises(ValidationError) as exc:
        figure.full_clean()
    assert set(exc.value.message_dict) == {"source", "as_of"}


@pytest.mark.parametrize(
    ("metric", "value", "field"),
    [
        (Metric.ENGLISH_LEVEL, Decimal(6), "value"),
        (Metric.ENGLISH_LEVEL, Decimal(0), "value"),
        (Metric.UNSAFE_PERCEPTION, Decimal("100.5"), "value"),
        (Metric.METRO_POPULATION, Decimal(-1), "value"),
    ],
)
def test_figure_out_of_range_value_is_rejected(metric, value, field):
    figure = CityFigureFactory.build(
        city=CityFactory(), source=SourceFactory(), metric=metric, value=value
    )
    with pytest.raises(ValidationError) as exc:
        figure.full_clean()
    assert field in exc.value.message_dict


def test_figure_known_text_metric_needs_text():
    figure = CityFigureFactory.build(
        city=CityFactory(), source=SourceFactory(), metric=Metric.AIRPORT, value=None, text=" "
    )
    with pytest.raises(ValidationError) as exc:
        figure.full_clean()
    assert "text" in exc.value.message_dict


def test_figure_is_stale_after_configured_age(settings):
    settings.STALE_AFTER_DAYS = 365
    figure = CityFigureFactory(metric=Metric.UNSAFE_PERCEPTION, value=Decimal("40"))
    figure.as_of = dt.date(2025, 1, 1)
    assert (figure.is_stale(dt.date(2025, 12, 31)), figure.is_stale(dt.date(2026, 1, 2))) == (
        False,
        True,
    )


def test_figure_census_population_stays_fresh_within_its_cycle(settings):
    settings.STALE_AFTER_DAYS = 365
    figure = CityFigureFactory(metric=Metric.METRO_POPULATION, as_of=dt.date(2020, 3, 15))
    assert figure.is_stale(dt.date(2026, 11, 22)) is False


def test_figure_display_value_formats_levels_and_units():
    level = CityFigureFactory(metric=Metric.ENGLISH_LEVEL, value=Decimal("4"))
    wage = CityFigureFactory(metric=Metric.MIN_WAGE_DAILY, value=Decimal("315.04"))
    assert (level.display_value, wage.display_value) == ("4 / 5", "315.04 MXN/day")


def test_figure_natural_key_round_trips():
    figure = CityFigureFactory()
    assert CityFigure.objects.get_by_natural_key(*figure.natural_key()) == figure


@pytest.mark.parametrize(
    ("city", "needed", "fits"),
    [
        ("high", "low", True),
        ("high", "high", True),
        ("medium", "high", False),
        ("low", "medium", False),
        ("", "low", False),
        ("low", "", True),
    ],
)
def test_tier_suits_own_tier_and_below(city, needed, fits):
    assert tier_suits(city, needed) is fits


def test_tier_suits_is_the_rule_of_suggestions_and_city_fit():
    from scorecard.domain.suggestions import Scope, SiteProfile, assess_site
    from scorecard.selectors.cities import tier_fits

    for city in ComplexityTier.values:
        for needed in ComplexityTier.values:
            scope = Scope(complexity_tier=needed, functions={}, languages={}, seats=0)
            site = SiteProfile(1, 1, "P", "S", 1, "C", city, frozenset(), frozenset(), 0)
            suggested = assess_site(scope, site, tier_suits=tier_suits).reasons[0].fits
            assert suggested == tier_fits(city, needed) == tier_suits(city, needed)


def test_source_weak_needs_its_reason_and_a_reason_needs_weak():
    weak_without_reason = SourceFactory.build(is_weak=True, weak_reason="  ")
    reason_without_weak = SourceFactory.build(is_weak=False, weak_reason="Mirror")

    with pytest.raises(ValidationError) as first:
        weak_without_reason.full_clean()
    with pytest.raises(ValidationError) as second:
        reason_without_weak.full_clean()

    assert "weak_reason" in first.value.message_dict
    assert "weak_reason" in second.value.message_dict


@pytest.mark.parametrize(
    "url",
    [
        "https://eleconomista.com.mx/estados/aeropuerto-cancun…",
        "https://mondaq.com/mexico/…/1720930",
        "https://example.com/a; https://quierotv.mx/2026/01/26/…",
        "https://quierotv.mx/2026/01/26/...",
        "https://quierotv.mx/2026/01/26/%E2%80%A6",
    ],
)
def test_source_address_cut_short_is_refused_by_the_field(url):
    source = SourceFactory.build(url=url)

    with pytest.raises(ValidationError) as refused:
        source.full_clean()

    assert [e.code for e in refused.value.error_dict["url"]] == ["truncated_address"]


def test_source_address_cut_short_is_refused_by_the_database():
    source = SourceFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        type(source).objects.filter(pk=source.pk).update(url="https://mondaq.com/mexico/…/1")


def test_source_whole_addresses_pass():
    source = SourceFactory.build(
        url="https://mobiletime.la/noticias/12/08/2025/5g-de-telcel-velocidad-ookla; "
        "https://es.wikipedia.org/wiki/Anexo:Ciudades_de_México_por_población"
    )

    source.full_clean()


def test_city_display_name_is_its_spanish_name_with_spanish_active():
    city = CityFactory.build(name="Mexico City", name_es_mx="Ciudad de México", state="CDMX")

    with translation.override("es-mx"):
        assert (city.display_name, str(city)) == ("Ciudad de México", "Ciudad de México (CDMX)")
    with translation.override("en"):
        assert (city.display_name, str(city)) == ("Mexico City", "Mexico City (CDMX)")
    assert city.natural_key() == ("Mexico City",)


def test_city_display_name_without_a_spanish_name_is_the_name_in_every_language():
    city = CityFactory.build(name="Mérida", name_es_mx="")

    with translation.override("es-mx"):
        assert city.display_name == "Mérida"
    with translation.override(None):
        assert city.display_name == "Mérida"
