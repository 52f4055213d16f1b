"""factory_boy factories: the smallest valid object of each model."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone as django_timezone

from cities.models import City, CityFigure, ComplexityTier, FigureStatus, Metric, Source
from providers.models import (
    Credential,
    CredentialKind,
    Language,
    Provider,
    ServiceFunction,
    Site,
)
from providers.rfc import make_company_rfc
from scorecard.models import (
    Assessment,
    AssessmentStatus,
    Candidate,
    CostAssumptions,
    Criterion,
    Engagement,
    Evidence,
    Indicator,
    IndicatorKind,
    Membership,
    Quote,
    Role,
    RubricLevel,
    Score,
    ScoreStatus,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("correct-horse-battery")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    code = factory.Sequence(lambda n: f"SRC{n}")
    title = factory.Sequence(lambda n: f"Statistics release {n}")
    publisher = "INEGI"


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    state = "Nuevo León"
    timezone = "America/Monterrey"
    complexity_tier = ComplexityTier.HIGH
    # Spread over central Mexico, so that maps have distinct points.
    latitude = factory.Sequence(lambda n: Decimal(19 + n % 8))
    longitude = factory.Sequence(lambda n: Decimal(-105 + n % 9))


class CityFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityFigure

    city = factory.SubFactory(CityFactory)
    metric = Metric.METRO_POPULATION
    status = FigureStatus.KNOWN
    value = Decimal("5341171")
    source = factory.SubFactory(SourceFactory)
    as_of = dt.date(2020, 3, 15)


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "en"
    name = "English"


class ServiceFunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceFunction
        django_get_or_create = ("code",)

    code = "customer-care"
    name = "Customer care"


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    legal_name = factory.Sequence(lambda n: f"Proveedor {n}, S.A. de C.V.")
    trade_name = factory.Sequence(lambda n: f"Provider {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    rfc = factory.Sequence(lambda n: make_company_rfc("PRV", "150301", f"K{(n % 9) + 1}"))
    year_founded = 2010
    headcount = 1200
    attrition_pct = Decimal("30.0")
    client_concentration_pct = Decimal("20.0")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    provider = factory.SubFactory(ProviderFactory)
    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    seats_total = 500
    seats_available = 120


class CredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credential

    provider = factory.SubFactory(ProviderFactory)
    kind = CredentialKind.ISO_27001
    number = factory.Sequence(lambda n: f"CERT-{n:05d}")
    issuer = "Certifica Norte S.C."
    issued_on = dt.date(2025, 1, 10)
    expires_on = dt.date(2028, 1, 9)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    code = factory.Sequence(lambda n: f"criterion-{n}")
    name = factory.Sequence(lambda n: f"Criterion {n}")
    description = "What it covers."
    default_weight = Decimal("20")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    criterion = factory.SubFactory(CriterionFactory)
    code = factory.Sequence(lambda n: f"indicator-{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    guidance = "What to look at."
    kind = IndicatorKind.RATED
    default_weight = Decimal("25")

    @factory.post_generation
    def rubric(self, create: bool, extracted, **kwargs) -> None:
        if create and self.kind == IndicatorKind.RATED:
            RubricLevel.objects.bulk_create(
                RubricLevel(indicator=self, level=level, label=f"L{level}", description="…")
                for level in range(6)
            )


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    name = factory.Sequence(lambda n: f"Customer care RFP {n}")
    client_name = factory.Sequence(lambda n: f"Client {n} Inc.")
    seats = 200
    go_live = dt.date(2027, 6, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    engagement = factory.SubFactory(EngagementFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.CONSULTANT


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate
        skip_postgeneration_save = True

    engagement = factory.SubFactory(EngagementFactory)
    primary_site = factory.SubFactory(SiteFactory)
    provider = factory.LazyAttribute(lambda c: c.primary_site.provider)

    @factory.post_generation
    def sites(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.sites.add(self.primary_site, *(extracted or []))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    candidate = factory.SubFactory(CandidateFactory)
    assessor = factory.SubFactory(UserFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    assessment = factory.SubFactory(AssessmentFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    status = ScoreStatus.SCORED
    value = 3


class RubricLevelFactory(factory.django.DjangoModelFactory):
    """A rubric level on its own (rated indicators from IndicatorFactory already have 0–5)."""

    class Meta:
        model = RubricLevel

    indicator = factory.SubFactory(IndicatorFactory, kind=IndicatorKind.MEASURED)
    level = 0
    label = factory.LazyAttribute(lambda r: f"Level {r.level}")
    description = "What this level looks like."


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    score = factory.SubFactory(ScoreFactory)
    file = factory.django.FileField(filename="report.pdf", data=b"%PDF-1.7\n%evidence\n")
    original_name = "report.pdf"
    content_type = "application/pdf"
    size = 19
    uploaded_by = factory.LazyAttribute(lambda e: e.score.assessment.assessor)


def assess(
    candidate,
    assessor,
    scores: dict,
    *,
    status: str = AssessmentStatus.SUBMITTED,
    notes: dict | None = None,
    note: str = "Seen on site: level {value}.",
):
    """An assessment of ``candidate`` by ``assessor`` with ``{indicator code: 0–5 or a
    ScoreStatus}`` answers (indicators from the engagement's weights); ``notes`` overrides the
    note per indicator, ``note`` is the default, formatted with the value."""
    assessment = AssessmentFactory(
        candidate=candidate,
        assessor=assessor,
        status=status,
        submitted_at=django_timezone.now(),
    )
    for code, value in scores.items():
        indicator = candidate.engagement.indicator_weights.get(indicator__code=code).indicator
        if value in (ScoreStatus.NOT_APPLICABLE, ScoreStatus.UNKNOWN):
            ScoreFactory(assessment=assessment, indicator=indicator, status=value, value=None)
        else:
            text = (notes or {}).get(code, note.format(value=value))
            ScoreFactory(assessment=assessment, indicator=indicator, value=value, note=text)
    return assessment


# Cost data: a candidate with its own sites, a quote, the engagement's cost assumptions.


def make_candidate(engagement, name: str, *, zone: str = "general", cities: int = 2):
    provider = ProviderFactory(trade_name=name)
    primary = SiteFactory(provider=provider, city=CityFactory(wage_zone=zone), seats_available=300)
    others = [SiteFactory(provider=provider) for _ in range(cities - 1)]
    return CandidateFactory(engagement=engagement, primary_site=primary, sites=others)


def make_quote(candidate, price: str = "2000", **kwargs) -> Quote:
    values = {
        "basis": "fte_month",
        "currency": "USD",
        "price": Decimal(price),
        "quantity": Decimal(10),
    }
    return Quote.objects.create(candidate=candidate, **(values | kwargs))


def make_assumptions(engagement, **kwargs) -> CostAssumptions:
    values = {
        "fx_rate": Decimal("18.25"),
        "fx_date": dt.date(2026, 11, 20),
        "horizon_years": 1,
        "start": dt.date(2027, 1, 1),
    }
    return CostAssumptions.objects.create(engagement=engagement, **(values | kwargs))


def scope_voice_in_english(engagement):
    """``engagement`` scoped to 250 seats of high-complexity English voice work."""
    engagement.seats = 250
    engagement.complexity_tier = "high"
    engagement.save()
    engagement.functions.add(ServiceFunctionFactory(code="voice", name="voice"))
    engagement.languages.add(LanguageFactory(code="en", name="English"))
    return engagement


def fitting_site(**kwargs):
    """A site that fits :func:`scope_voice_in_english` (320 seats, English voice)."""
    site = SiteFactory(seats_available=320, **kwargs)
    site.functions.add(ServiceFunctionFactory(code="voice", name="voice"))
    site.languages.add(LanguageFactory(code="en", name="English"))
    return site


def make_invitation(candidate, *, days: int = 7, blind: bool = False, **kwargs):
    """A vendor invitation for ``candidate`` (sent through the console e-mail backend) and
    the token of its link: ``(invitation, token)``."""
    from vendors.services import invite_vendor

    invitation, link = invite_vendor(
        candidate=candidate,
        contact_name=kwargs.pop("contact_name", "Ana Vendor"),
        email=kwargs.pop("email", "ana@vendor.example"),
        language=kwargs.pop("language", "en"),
        deadline=django_timezone.now() + dt.timedelta(days=days),
        blind=blind,
        user=kwargs.pop("user", None),
        base_url="http://testserver",
    )
    return invitation, link.rstrip("/").rsplit("/", 1)[-1]
