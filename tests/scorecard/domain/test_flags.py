"""Every red-flag rule, on plain facts (no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

import pytest

from scorecard.domain.flags import (
    CityFigureFact,
    CredentialFact,
    FlagFacts,
    Severity,
    Thresholds,
    flag_fingerprint,
    red_flags,
)

TODAY = dt.date(2026, 12, 1)
THRESHOLDS = Thresholds(attrition_pct=D(40), concentration_pct=D(30), expiring_days=90)


def _credential(kind="ISO/IEC 27001", expires=dt.date(2028, 1, 1), **kwargs) -> CredentialFact:
    values = {
        "kind": kind,
        "number": "N-1",
        "is_registration": False,
        "is_security": kind == "ISO/IEC 27001",
        "issued_on": dt.date(2025, 1, 1),
        "expires_on": expires,
        "source": "Registry page",
    }
    return CredentialFact(**(values | kwargs))


def _clean() -> FlagFacts:
    """A candidate that raises no flag at all."""
    return FlagFacts(
        candidate="Provider — Monterrey",
        credentials=(_credential(),),
        cities=("Monterrey", "Saltillo"),
        seats_available=300,
        seats_needed=250,
        attrition_pct=D(30),
        concentration_pct=D(20),
        profile_source="RFP answer",
        profile_as_of=dt.date(2026, 10, 1),
        city_figures=(CityFigureFact("Monterrey", "English", "ok", dt.date(2025, 1, 1), "EPI24"),),
        go_live=dt.date(2027, 3, 1),
    )


def _codes(facts: FlagFacts) -> dict[str, str]:
    return {flag.code: flag.severity for flag in red_flags(facts, THRESHOLDS, TODAY)}


def test_flags_clean_candidate_has_none():
    assert red_flags(_clean(), THRESHOLDS, TODAY) == []


def test_flags_expired_registration_high_certificate_medium():
    repse = _credential(
        "REPSE", dt.date(2026, 11, 1), is_registration=True, is_repse=True, number="R-9"
    )
    facts = replace(_clean(), credentials=(repse, _credential("COPC", dt.date(2026, 1, 1))))
    flags = red_flags(facts, THRESHOLDS, TODAY)
    assert [(f.code, f.severity) for f in flags if f.code == "expired"] == [
        ("expired", Severity.HIGH),
        ("expired", Severity.MEDIUM),
    ]
    assert "REPSE R-9 expired on 2026-11-01 (Registry page)." in [f.reason for f in flags]


def test_flags_repse_expiring_before_go_live_is_high():
    repse = _credential("REPSE", dt.date(2027, 2, 1), is_registration=True, is_repse=True)
    facts = replace(_clean(), credentials=(*_clean().credentials, repse))
    assert _codes(facts)["expires_before_go_live"] == Severity.HIGH


def test_flags_expiring_soon_registration_medium_certificate_low():
    opinion = _credential("SAT 32-D", dt.date(2026, 12, 20), is_registration=True)
    cert = _credential("COPC", dt.date(2027, 2, 1))
    facts = replace(_clean(), credentials=(*_clean().credentials, opinion, cert))
    flags = [f for f in red_flags(facts, THRESHOLDS, TODAY) if f.code == "expiring"]
    assert [f.severity for f in flags] == [Severity.MEDIUM, Severity.LOW]
    assert "within 90 days" in flags[0].reason


def test_flags_renewed_certificate_clears_expiry():
    old = _credential("COPC", dt.date(2026, 1, 1), number="old")
    new = _credential("COPC", dt.date(2029, 1, 1), number="new")
    facts = replace(_clean(), credentials=(*_clean().credentials, old, new))
    assert "expired" not in _codes(facts)


def test_flags_no_security_certification():
    facts = replace(_clean(), credentials=(_credential("ISO/IEC 27001", dt.date(2026, 1, 1)),))
    codes = _codes(facts)
    assert codes["no_security_certification"] == Severity.MEDIUM


def test_flags_single_city_names_the_city():
    facts = replace(_clean(), cities=("Tijuana", "Tijuana"))
    flag = next(f for f in red_flags(facts, THRESHOLDS, TODAY) if f.code == "single_city")
    assert flag.severity == Severity.MEDIUM
    assert "Tijuana" in flag.reason


def test_flags_seats_below_scope_high():
    flag = next(
        f
        for f in red_flags(replace(_clean(), seats_available=200), THRESHOLDS, TODAY)
        if f.code == "seats_short"
    )
    assert flag.severity == Severity.HIGH
    assert flag.reason == (
        "200 seats available in the proposed sites for 250 needed at the scope's peak."
    )


@pytest.mark.parametrize(("value", "flagged"), [(D(40), False), (D("40.1"), True), (None, False)])
def test_flags_attrition_threshold(value, flagged):
    facts = replace(_clean(), attrition_pct=value)
    assert ("attrition_high" in _codes(facts)) is flagged


def test_flags_attrition_reason_names_source_and_date():
    facts = replace(_clean(), attrition_pct=D(55))
    flag = next(f for f in red_flags(facts, THRESHOLDS, TODAY) if f.code == "attrition_high")
    assert flag.reason == (
        "Annual agent attrition is 55 % (RFP answer, 2026-10-01), above the 40 % threshold."
    )


@pytest.mark.parametrize(("value", "flagged"), [(D(30), False), (D(31), True), (None, False)])
def test_flags_concentration_threshold(value, flagged):
    facts = replace(_clean(), concentration_pct=value)
    assert ("concentration_high" in _codes(facts)) is flagged


@pytest.mark.parametrize(
    ("state", "code", "severity"),
    [
        ("missing", "city_figure_missing", Severity.MEDIUM),
        ("unknown", "city_figure_missing", Severity.MEDIUM),
        ("stale", "city_figure_stale", Severity.LOW),
    ],
)
def test_flags_city_figure_stale_or_missing(state, code, severity):
    figure = CityFigureFact("Mérida", "Metro population", state, dt.date(2020, 3, 15), "POPMD")
    facts = replace(_clean(), city_figures=(figure,))
    assert _codes(facts) == {code: severity}


def test_flags_69b_listed_high():
    assert _codes(replace(_clean(), on_69b_list=True)) == {"sat_69b_listed": Severity.HIGH}


def test_flags_sorted_most_severe_first():
    facts = replace(_clean(), seats_available=1, attrition_pct=D(90), cities=("X",))
    severities = [f.severity for f in red_flags(facts, THRESHOLDS, TODAY)]
    assert severities == sorted(severities, key=Severity.ORDER.get)


def test_flags_credential_specific_window():
    """Compliance opinions use their own 7-day window instead of the default 90 days."""
    opinion = _credential(
        "IMSS opinion", dt.date(2026, 12, 20), is_registration=True, expiring_days=7
    )
    facts = replace(_clean(), credentials=(*_clean().credentials, opinion))
    assert "expiring" not in _codes(facts)


def test_a_flags_fingerprint_does_not_depend_on_the_language():
    """A review ties to the data, never to the words: Spanish and English texts, one print."""
    facts = FlagFacts(
        candidate="X",
        credentials=(),
        cities=("Mérida",),
        seats_available=10,
        seats_needed=20,
        attrition_pct=None,
        concentration_pct=None,
        profile_source="",
        profile_as_of=None,
    )
    english = red_flags(facts, THRESHOLDS, TODAY)
    spanish = red_flags(facts, THRESHOLDS, TODAY, lambda text: f"ES {text}")
    assert [f.reason for f in english] != [f.reason for f in spanish]
    assert [flag_fingerprint(f) for f in english] == [flag_fingerprint(f) for f in spanish]
    fewer_seats = red_flags(replace(facts, seats_available=5), THRESHOLDS, TODAY)
    seats = {f.code: flag_fingerprint(f) for f in english}["seats_short"]
    assert {f.code: flag_fingerprint(f) for f in fewer_seats}["seats_short"] != seats


def test_flags_name_a_city_as_the_reader_does_and_key_it_by_its_name():
    """The reason says "Ciudad de México"; subject and data keep the key "Mexico City", so a
    review made in one language still matches in the other."""
    figure = CityFigureFact(
        "Mexico City", "Metro population", "missing", city_label="Ciudad de México"
    )
    facts = replace(
        _clean(),
        cities=("Mexico City",),
        city_labels={"Mexico City": "Ciudad de México"},
        city_figures=(figure,),
    )
    in_spanish = {f.code: f for f in red_flags(facts, THRESHOLDS, TODAY)}
    in_english = {
        f.code: f
        for f in red_flags(
            replace(facts, city_labels={}, city_figures=(replace(figure, city_label=""),)),
            THRESHOLDS,
            TODAY,
        )
    }

    assert "Ciudad de México" in in_spanish["single_city"].reason
    assert "Ciudad de México" in in_spanish["city_figure_missing"].reason
    assert "Mexico City" in in_english["single_city"].reason
    assert in_spanish["city_figure_missing"].subject == "Mexico City|Metro population"
    assert {c: flag_fingerprint(f) for c, f in in_spanish.items()} == {
        c: flag_fingerprint(f) for c, f in in_english.items()
    }
