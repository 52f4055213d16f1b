"""An engagement with one member per role, and an outsider who belongs to another one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.urls import reverse

from providers.models import CredentialKind
from scorecard.models import (
    AssessmentStatus,
    Engagement,
    Evidence,
    GateDefinition,
    GateFact,
    IndicatorKind,
    IndicatorWeight,
    MeasuredSource,
    Role,
    ScoreStatus,
)
from tests.factories import (
    AssessmentFactory,
    CandidateFactory,
    CredentialFactory,
    CriterionFactory,
    EngagementFactory,
    IndicatorFactory,
    MembershipFactory,
    ProviderFactory,
    SiteFactory,
    UserFactory,
    assess,
    make_assumptions,
    make_candidate,
    make_quote,
)

ROLES = (Role.CONSULTANT, Role.ANALYST, Role.CLIENT_VIEWER)


@dataclass
class World:
    engagement: Engagement
    other: Engagement
    users: dict[str, object]  # role -> user
    outsider: object


@pytest.fixture
def world(db) -> World:
    engagement = EngagementFactory()
    engagement.reset_weights_to_defaults()
    users = {}
    for role in ROLES:
        users[role] = UserFactory(username=f"{role}-user")
        MembershipFactory(engagement=engagement, user=users[role], role=role)
    users[Role.CONSULTANT].user_permissions.add(Permission.objects.get(codename="add_engagement"))
    other = EngagementFactory(name="Someone else's RFP")
    outsider = UserFactory(username="outsider")
    MembershipFactory(engagement=other, user=outsider, role=Role.CONSULTANT)
    return World(engagement=engagement, other=other, users=users, outsider=outsider)


@pytest.fixture
def check_access(client):
    """Assert the access rules of an engagement URL for anonymous, outsider and each role.

    ``allowed`` roles get ``ok`` (a status or a set of statuses); others get 403; the
    outsider gets 404; anonymous users are sent to the login page.
    """

    def _check(world: World, url: str, allowed, *, method="get", data=None, ok=(200, 302)):
        send = getattr(client, method)
        ok = {ok} if isinstance(ok, int) else set(ok)
        client.logout()
        response = send(url, data or {})
        assert response.status_code == 302, f"anonymous {url}"
        assert response["Location"].startswith(reverse("login")), f"anonymous {url}"
        client.force_login(world.outsider)
        assert send(url, data or {}).status_code == 404, f"outsider {url}"
        for role in ROLES:
            client.force_login(world.users[role])
            status = send(url, data or {}).status_code
            expected = ok if role in allowed else {403}
            assert status in expected, f"{role} {method.upper()} {url}: {status}"
        client.logout()

    return _check


@dataclass
class Sheet:
    """A candidate of ``world.engagement`` with the analyst's draft assessment, and a catalogue
    of two criteria: ``criterion`` has two rated indicators, one measured and one out of scope
    (weighted 0); ``later`` has one rated indicator."""

    candidate: object
    assessment: object
    criterion: object
    later: object
    rated: list
    measured: object
    out_of_scope: object
    later_indicator: object

    def url(self, name: str, **kwargs) -> str:
        kwargs = {"pk": self.candidate.engagement_id, "assessment_id": self.assessment.pk, **kwargs}
        return reverse(f"scorecard:{name}", kwargs=kwargs)

    def criterion_url(self, criterion=None) -> str:
        return self.url("assessment-criterion", criterion_code=(criterion or self.criterion).code)


@pytest.fixture
def sheet(world) -> Sheet:
    criterion = CriterionFactory(code="talent", name="Talent", order=1)
    later = CriterionFactory(code="operations", name="Operations", order=2)
    rated = [
        IndicatorFactory(
            criterion=criterion, code="attrition-plan", name="Attrition plan", order=1
        ),
        IndicatorFactory(criterion=criterion, code="training", name="Training", order=2),
    ]
    measured = IndicatorFactory(
        criterion=criterion,
        code="attrition",
        name="Agent attrition",
        order=3,
        kind=IndicatorKind.MEASURED,
        measured_source=MeasuredSource.PROVIDER_ATTRITION,
        value_function={"kind": "piecewise", "points": [[10, 5], [60, 0]]},
    )
    out_of_scope = IndicatorFactory(criterion=criterion, code="perks", name="Perks", order=4)
    IndicatorWeight.objects.create(engagement=world.engagement, indicator=out_of_scope, weight=0)
    later_indicator = IndicatorFactory(criterion=later, code="wfm", name="Workforce management")
    candidate = CandidateFactory(engagement=world.engagement)
    assessment = AssessmentFactory(candidate=candidate, assessor=world.users[Role.ANALYST])
    return Sheet(
        candidate=candidate,
        assessment=assessment,
        criterion=criterion,
        later=later,
        rated=rated,
        measured=measured,
        out_of_scope=out_of_scope,
        later_indicator=later_indicator,
    )


@pytest.fixture
def private_files(monkeypatch, tmp_path):
    """Evidence files in a temporary folder.

    FileField calls its storage callable once, when the model class is built, so overriding
    settings.STORAGES does not reach it: the field's storage is swapped instead.
    """
    storage = FileSystemStorage(location=tmp_path, base_url=None)
    monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", storage)
    return tmp_path


def answer_data(*entries) -> dict:
    """POST data of the criterion form: ``(indicator, answer, revision[, extra fields])``."""
    data = {"go": "stay"}
    for indicator, answer, revision, *extra in entries:
        prefix = f"i{indicator.pk}-"
        data |= {
            f"{prefix}answer": answer,
            f"{prefix}revision": revision,
            f"{prefix}confidence": "self_declared",
            f"{prefix}note": "",
        }
        for key, value in (extra[0] if extra else {}).items():
            data[f"{prefix}{key}"] = value
    return data


# --- A ranked engagement: results pages and scorecard.ranking share it -------------------


@pytest.fixture
def catalogue(db):
    """Two criteria (60/40) with two rated indicators each, one measured indicator."""
    service = CriterionFactory(code="service", name="Service", default_weight=Decimal(60))
    talent = CriterionFactory(code="talent", name="Talent", default_weight=Decimal(40))
    indicators = [
        IndicatorFactory(criterion=service, code="s1", default_weight=Decimal(50)),
        IndicatorFactory(criterion=service, code="s2", default_weight=Decimal(50)),
        IndicatorFactory(criterion=talent, code="t1", default_weight=Decimal(50)),
        IndicatorFactory(
            criterion=talent,
            code="t-attrition",
            kind=IndicatorKind.MEASURED,
            measured_source="provider.attrition_pct",
            value_function={"kind": "piecewise", "points": [[20, 5], [60, 0]]},
            default_weight=Decimal(50),
        ),
    ]
    return {"criteria": [service, talent], "indicators": indicators}


def assess_noted(candidate, assessor, scores: dict, *, status=AssessmentStatus.SUBMITTED):
    """``assess`` with a note on every score (``n<value>``), submitted by default."""
    return assess(candidate, assessor, scores, status=status, note="n{value}")


@pytest.fixture
def ranked(world, catalogue):
    """Three candidates in ``world.engagement`` assessed by two analysts; B is on the 69-B list."""
    engagement = world.engagement
    engagement.reset_weights_to_defaults()
    analyst, other = world.users[Role.ANALYST], UserFactory(username="second-analyst")
    a = CandidateFactory(
        engagement=engagement,
        primary_site=SiteFactory(provider=ProviderFactory(trade_name="Alpha", attrition_pct=20)),
    )
    b = CandidateFactory(
        engagement=engagement,
        primary_site=SiteFactory(
            provider=ProviderFactory(trade_name="Bravo", sat_69b_status="listed", attrition_pct=60)
        ),
    )
    c = CandidateFactory(
        engagement=engagement,
        primary_site=SiteFactory(provider=ProviderFactory(trade_name="Charlie", attrition_pct=40)),
    )
    for candidate in (a, b, c):
        CredentialFactory(provider=candidate.provider, kind=CredentialKind.ISO_27001)
    assess_noted(a, analyst, {"s1": 5, "s2": 4, "t1": 4})
    assess_noted(a, other, {"s1": 5, "s2": 4, "t1": 4})
    assess_noted(b, analyst, {"s1": 5, "s2": 5, "t1": 5})
    assess_noted(c, analyst, {"s1": 1, "s2": ScoreStatus.NOT_APPLICABLE, "t1": 2})
    assess_noted(c, other, {"s1": 4, "s2": ScoreStatus.NOT_APPLICABLE, "t1": ScoreStatus.UNKNOWN})
    gate = GateDefinition.objects.create(
        code="no-69b", name="Not on the 69-B list", description="…", fact=GateFact.NOT_ON_69B
    )
    engagement.gates.add(gate)
    return {"a": a, "b": b, "c": c, "analyst": analyst, "other": other}


@pytest.fixture
def rates(db):
    """The shipped statutory rates (and the sources they cite)."""
    call_command("loaddata", "sources", "statutory_rates", verbosity=0)


@pytest.fixture
def priced(world, rates):
    """``world.engagement`` with cost assumptions and three candidates: two priced (USD 2,000
    and 3,000 per FTE-month, 10 FTEs, 2027) and one without pricing."""
    engagement = world.engagement
    make_assumptions(engagement)
    cheap = make_candidate(engagement, "Cheap")
    dear = make_candidate(engagement, "Dear")
    unpriced = make_candidate(engagement, "Unpriced")
    make_quote(cheap, "2000")
    make_quote(dear, "3000")
    return {"cheap": cheap, "dear": dear, "unpriced": unpriced}


@pytest.fixture
def gates_verified(request):
    """With ``ranked``: Alpha and Charlie checked as not on the 69-B list, so no unverified gate
    blocks publishing a decision that recommends one of them."""
    from providers.models import ListStatus, Provider

    if "ranked" in request.fixturenames:
        ranked = request.getfixturevalue("ranked")
        Provider.objects.filter(pk__in=[ranked["a"].provider_id, ranked["c"].provider_id]).update(
            sat_69b_status=ListStatus.NOT_LISTED
        )
