"""The fingerprint: the same for unchanged inputs, different when anything it covers changes."""

from __future__ import annotations

from django.core.cache import cache

from scorecard.models import Score
from scorecard.reports.context import ReportData
from scorecard.reports.fingerprint import compute_fingerprint


def _fingerprint(engagement, **options) -> str:
    options.setdefault("sections", ["summary", "method", "profiles"])
    return compute_fingerprint(ReportData(engagement, **options))


def test_fingerprint_unchanged_inputs_same_value(scored):
    first = _fingerprint(scored.engagement)
    cache.clear()  # recomputed from the database, not the cached results
    assert _fingerprint(scored.engagement) == first
    assert len(first) == 64


def test_fingerprint_after_a_score_changes_differs(scored, django_capture_on_commit_callbacks):
    before = _fingerprint(scored.engagement)
    score = Score.objects.filter(assessment__candidate=scored.candidates["a"]).first()
    with django_capture_on_commit_callbacks(execute=True):  # the data version moves on commit
        score.value = 1
        score.save()
    assert _fingerprint(scored.engagement) != before


def test_fingerprint_commentary_and_sections_count(scored):
    base = _fingerprint(scored.engagement)
    assert _fingerprint(scored.engagement, commentary="Go with Alpha.") != base
    assert _fingerprint(scored.engagement, sections=["summary"]) != base


def test_fingerprint_generation_date_does_not_count(scored):
    import datetime as dt

    later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    assert _fingerprint(scored.engagement, generated_at=later) == _fingerprint(scored.engagement)


def test_fingerprint_after_a_quote_price_changes_differs(scored):
    from decimal import Decimal

    from django.core.management import call_command

    from tests.factories import make_assumptions, make_quote

    call_command("loaddata", "sources", "statutory_rates", verbosity=0)
    make_assumptions(scored.engagement)
    quote = make_quote(scored.candidates["a"], "2000")
    before = _fingerprint(scored.engagement)
    assert _fingerprint(scored.engagement) == before
    quote.price = Decimal("2100")
    quote.save()
    assert _fingerprint(scored.engagement) != before


def test_fingerprint_costs_covers_every_assumption_the_form_edits(scored):
    from django.core.management import call_command

    from scorecard.forms.costs import CostAssumptionsForm
    from scorecard.reports.cost_sections import fingerprint_costs
    from tests.factories import make_assumptions

    call_command("loaddata", "sources", "statutory_rates", verbosity=0)
    assumptions = make_assumptions(scored.engagement)
    assumptions.refresh_from_db()  # decimals as stored

    hashed = fingerprint_costs(ReportData(scored.engagement, sections=["summary"]))["assumptions"]

    edited = CostAssumptionsForm.Meta.fields
    assert hashed == [str(getattr(assumptions, name)) for name in edited]


def test_fingerprint_exported_on_two_dates_with_unchanged_data_is_the_same(scored):
    import datetime as dt

    import time_machine
    from django.core.management import call_command

    from providers.models import CredentialKind
    from scorecard.reports.sections import default_keys
    from tests.factories import CredentialFactory, make_assumptions, make_quote

    call_command("loaddata", "sources", "statutory_rates", verbosity=0)
    make_assumptions(scored.engagement)
    make_quote(scored.candidates["a"], "2000")
    # Expires between the two dates: the red flag and checklist status change, the input not.
    CredentialFactory(
        provider=scored.candidates["a"].provider,
        kind=CredentialKind.SAT_OPINION,
        issued_on=dt.date(2026, 11, 1),
        expires_on=dt.date(2026, 12, 5),
    )
    fingerprints = []
    for day in (
        dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 9, 9, tzinfo=dt.UTC),
    ):
        with time_machine.travel(day, tick=False):
            cache.clear()
            fingerprints.append(_fingerprint(scored.engagement, sections=default_keys()))
    assert fingerprints[0] == fingerprints[1]


def test_fingerprint_after_a_credential_changes_differs(scored):
    from providers.models import CredentialKind
    from tests.factories import CredentialFactory

    before = _fingerprint(scored.engagement)
    CredentialFactory(provider=scored.candidates["a"].provider, kind=CredentialKind.COPC)
    cache.clear()
    assert _fingerprint(scored.engagement) != before


def test_fingerprint_after_a_city_moves_differs_with_the_city_section(scored):
    from decimal import Decimal

    before = _fingerprint(scored.engagement, sections=["cities"])
    without_map = _fingerprint(scored.engagement, sections=["summary"])
    city = scored.candidates["a"].primary_site.city
    city.latitude += Decimal("0.5")
    city.save()
    cache.clear()

    assert _fingerprint(scored.engagement, sections=["cities"]) != before
    assert _fingerprint(scored.engagement, sections=["summary"]) == without_map
