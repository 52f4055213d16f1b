"""The evaluation date: credentials, years operating, overlap and staleness are read at
``Engagement.evaluate_as_of`` (today when empty); pages and ``manage.py rank`` say which."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from providers.models import CredentialKind
from scorecard.models import Engagement, GateDefinition, GateFact, Role
from scorecard.ranking.cache import get_results
from scorecard.ranking.measures import measured_figure
from tests.factories import CredentialFactory

EXPIRY = dt.date(2027, 4, 16)


@pytest.fixture
def certified(ranked):
    """Alpha's only security certificate (PCI DSS) lapses on ``EXPIRY``."""
    alpha = ranked["a"]
    alpha.provider.credentials.all().delete()
    CredentialFactory(provider=alpha.provider, kind=CredentialKind.PCI_DSS, expires_on=EXPIRY)
    gate = GateDefinition.objects.create(
        code="security",
        name="Security certified",
        description="…",
        fact=GateFact.SECURITY_CERTIFIED,
    )
    alpha.engagement.gates.add(gate)
    return alpha


def _at(engagement_id: int, day: dt.date | None) -> Engagement:
    Engagement.objects.filter(pk=engagement_id).update(evaluate_as_of=day)
    return Engagement.objects.get(pk=engagement_id)


@pytest.mark.parametrize(
    ("day", "outcome"),
    [
        (EXPIRY - dt.timedelta(days=1), "passed"),
        (EXPIRY, "passed"),  # valid through its expiry date
        (EXPIRY + dt.timedelta(days=1), "failed"),
    ],
)
def test_as_of_date_decides_credential_validity(certified, day, outcome):
    engagement = _at(certified.engagement_id, day)

    results = get_results(engagement)

    row = next(r for r in results.rows if r.candidate.id == certified.pk)
    assert row.gates["security"] == outcome
    assert results.as_of == day


def test_years_operating_read_at_the_as_of_date(ranked):
    alpha = ranked["a"]
    alpha.provider.year_founded = 2010
    alpha.provider.save()
    engagement = _at(alpha.engagement_id, dt.date(2030, 6, 1))

    figure = measured_figure(alpha, "provider.years_operating", engagement)

    assert figure.value == 20.0


def test_us_eastern_overlap_follows_daylight_saving_at_the_as_of_date(ranked):
    alpha = ranked["a"]
    city = alpha.primary_site.city
    city.timezone = "America/Mexico_City"
    city.save()
    winter = measured_figure(
        alpha, "city.overlap_us_eastern", _at(alpha.engagement_id, dt.date(2027, 1, 15))
    )
    summer = measured_figure(
        alpha, "city.overlap_us_eastern", _at(alpha.engagement_id, dt.date(2027, 7, 15))
    )

    assert (winter.as_of, summer.as_of) == (dt.date(2027, 1, 15), dt.date(2027, 7, 15))
    assert winter.value != summer.value


def test_cache_key_carries_the_as_of_date(certified):
    before = get_results(_at(certified.engagement_id, EXPIRY))
    # No write in between (the data version is unchanged): only the date differs.
    after = get_results(_at(certified.engagement_id, EXPIRY + dt.timedelta(days=1)))

    gates = [
        next(r for r in res.rows if r.candidate.id == certified.pk).gates["security"]
        for res in (before, after)
    ]
    assert gates == ["passed", "failed"]


def test_results_pages_show_the_as_of_date(client, world, ranked):
    _at(world.engagement.pk, dt.date(2026, 12, 3))
    # The live results (client viewers see published decisions, with their own date).
    client.force_login(world.users[Role.CONSULTANT])

    for name in ("results", "results-compare", "results-robustness", "results-cities", "gates"):
        html = client.get(reverse(f"scorecard:{name}", args=[world.engagement.pk])).content
        assert "Evaluated as of 3 Dec 2026" in html.decode(), name


def test_rank_command_prints_the_as_of_date(ranked):
    engagement = _at(ranked["a"].engagement_id, dt.date(2027, 2, 1))
    outputs = {}
    for fmt in ("table", "csv", "json"):
        out = StringIO()
        call_command("rank", engagement.reference, "--format", fmt, stdout=out)
        outputs[fmt] = out.getvalue()

    assert "2027-02-01" in outputs["table"].splitlines()[0]
    assert outputs["csv"].startswith("# as of 2027-02-01")
    assert json.loads(outputs["json"])["as_of"] == "2027-02-01"


def test_as_of_before_creation_is_a_form_error_and_nothing_written(client, world):
    client.force_login(world.users[Role.CONSULTANT])
    created = timezone.localdate(world.engagement.created_at)  # the engagement's time zone

    response = client.post(
        reverse("scorecard:engagement-edit", args=[world.engagement.pk]),
        {
            "client_name": "Acme",
            "name": "Care",
            "seats": 10,
            "complexity_tier": "high",
            "evaluate_as_of": (created - dt.timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert "evaluate_as_of" in response.context["form"].errors
    world.engagement.refresh_from_db()
    assert world.engagement.evaluate_as_of is None
    assert world.engagement.client_name != "Acme"


@pytest.mark.parametrize("day", ["2101-01-01", "not a date"])
def test_as_of_out_of_bounds_is_a_form_error(client, world, day):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        reverse("scorecard:engagement-edit", args=[world.engagement.pk]),
        {
            "client_name": "Acme",
            "name": "Care",
            "seats": 10,
            "complexity_tier": "high",
            "evaluate_as_of": day,
        },
    )

    assert "evaluate_as_of" in response.context["form"].errors
