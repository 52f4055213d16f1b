"""BPO providers, their delivery sites and their registrations and certifications.

A *candidate* in an engagement is a provider delivering from one or more of its sites, so the
site carries what differs by city (seats, functions, languages, home-working share) and the
provider carries what belongs to the legal entity (RFC, registrations, financial profile).

Size: a reference app keeps one ``models.py`` like every other app (STYLE.md: every app has
the same module set), which keeps migrations, admin, fixture and stewardship imports simple;
the models here are one small schema that is read together.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cities.models import City, Source
from cities.validators import validate_not_future, validate_sensible_date
from providers.rfc import validate_company_rfc


def mark_fictional(name: str, fictional: bool) -> str:
    """``name`` as every page, chart, export, e-mail and report shows it: an invented (demo)
    provider or certifier gets its "(fictional)" mark in the active language, so that no reader
    takes it for a real firm; a real one is shown as it is. The one rule for the mark: the
    properties below (:attr:`Provider.display_name`, :attr:`Credential.issuer_display`) and
    through them a candidate's label read it."""
    if not fictional:
        return name
    return gettext("%(name)s (fictional)") % {"name": name}


class TermQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str) -> Term:
        return self.get(code=code)


class Term(models.Model):
    """A controlled vocabulary entry (a language, channel, function or vertical)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # inherit=True gives each concrete vocabulary (Language, Channel…) its own history table.
    history = HistoricalRecords(inherit=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Language(Term):
    """A language agents work in (ISO 639-1 code)."""

    class Meta(Term.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class Channel(Term):
    """A contact channel: voice, chat, email, social, messaging."""

    class Meta(Term.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")


class ServiceFunction(Term):
    """A function a provider delivers: customer care, tech support, finance & accounting…"""

    class Meta(Term.Meta):
        verbose_name = _("service function")
        verbose_name_plural = _("service functions")


class Vertical(Term):
    """An industry a provider has experience in: financial services, healthcare…"""

    class Meta(Term.Meta):
        verbose_name = _("vertical")
        verbose_name_plural = _("verticals")


class RevenueBand(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    UNDER_5M = "lt5m", _("Under US$5M")
    FROM_5M = "5m-25m", _("US$5M–25M")
    FROM_25M = "25m-100m", _("US$25M–100M")
    FROM_100M = "100m-500m", _("US$100M–500M")
    OVER_500M = "gt500m", _("Over US$500M")


class Ownership(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    MEXICAN_PRIVATE = "mx_private", _("Mexican, privately held")
    FOREIGN_SUBSIDIARY = "foreign_sub", _("Subsidiary of a foreign group")
    PRIVATE_EQUITY = "private_equity", _("Private-equity backed")
    LISTED = "listed", _("Publicly listed")


class ListStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Not checked")
    NOT_LISTED = "not_listed", _("Not listed")
    LISTED = "listed", _("Listed")


class ProviderQuerySet(models.QuerySet):
    def get_by_natural_key(self, legal_name: str) -> Provider:
        return self.get(legal_name=legal_name)

    def for_list(self) -> ProviderQuerySet:
        """What the provider list shows, in a fixed number of queries."""
        return self.prefetch_related(
            "languages",
            "functions",
            models.Prefetch("sites", queryset=Site.objects.select_related("city")),
            "credentials",
        )


class Provider(models.Model):
    """A BPO company (the legal entity that contracts and holds registrations).

    Percentages are 0–100. ``None`` in a figure means unknown, never zero. Self-declared
    figures (headcount, attrition, concentration) share ``profile_source`` and ``profile_as_of``.
    """

    legal_name = models.CharField(_("legal name"), max_length=200, unique=True)
    trade_name = models.CharField(_("trade name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    rfc = models.CharField(
        _("RFC"),
        max_length=12,
        blank=True,
        validators=[validate_company_rfc],
        help_text=_("Company RFC: 3 letters, YYMMDD of incorporation, 3-character homoclave."),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Fictional provider shipped as demo data.")
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    headquarters = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        related_name="headquartered_providers",
        null=True,
        blank=True,
        verbose_name=_("headquarters"),
    )
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    revenue_band = models.CharField(
        _("revenue band"), max_length=12, choices=RevenueBand.choices, blank=True
    )
    ownership = models.CharField(
        _("ownership"), max_length=20, choices=Ownership.choices, blank=True
    )
    client_concentration_pct = models.DecimalField(
        _("largest client's share of revenue (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    attrition_pct = models.DecimalField(
        _("annual agent attrition (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(300)],
        help_text=_("Leavers in 12 months over average agent headcount; can exceed 100."),
    )
    sat_69b_status = models.CharField(
        _("SAT 69-B list"),
        max_length=12,
        choices=ListStatus.choices,
        default=ListStatus.UNKNOWN,
        help_text=_("CFF art. 69-B list of companies invoicing simulated operations."),
    )
    sat_69b_checked_on = models.DateField(
        _("69-B list checked on"), null=True, blank=True, validators=[validate_sensible_date]
    )
    profile_source = models.CharField(
        _("profile source"),
        max_length=200,
        blank=True,
        help_text=_("Where the headcount, attrition and concentration figures come from."),
    )
    profile_as_of = models.DateField(
        _("profile as of"),
        null=True,
        blank=True,
        validators=[validate_sensible_date, validate_not_future],
    )
    languages = models.ManyToManyField(
        Language, related_name="providers", blank=True, verbose_name=_("languages")
    )
    channels = models.ManyToManyField(
        Channel, related_name="providers", blank=True, verbose_name=_("channels")
    )
    functions = models.ManyToManyField(
        ServiceFunction, related_name="providers", blank=True, verbose_name=_("functions")
    )
    verticals = models.ManyToManyField(
        Vertical, related_name="providers", blank=True, verbose_name=_("verticals")
    )

    history = HistoricalRecords()
    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["trade_name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.trade_name)
        self.rfc = self.rfc.strip().upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("providers:provider-detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.legal_name,)

    @property
    def is_fictional(self) -> bool:
        """An invented provider (demo data, ``is_demo``): marked "fictional" wherever named
        (:func:`mark_fictional`)."""
        return self.is_demo

    @property
    def display_name(self) -> str:
        """The trade name as shown to readers: marked "(fictional)" for an invented provider."""
        return mark_fictional(self.trade_name, self.is_fictional)

    @property
    def display_legal_name(self) -> str:
        """The legal name as shown to readers, marked like :attr:`display_name`."""
        return mark_fictional(self.legal_name, self.is_fictional)

    def clean(self) -> None:
        self.rfc = self.rfc.strip().upper()
        if self.year_founded and self.year_founded > timezone.localdate().year:
            raise ValidationError({"year_founded": _("The year founded is in the future.")})
        if self.sat_69b_status != ListStatus.UNKNOWN and self.sat_69b_checked_on is None:
            raise ValidationError({"sat_69b_checked_on": _("Say when the 69-B list was checked.")})

    @property
    def rfc_checksum_ok(self) -> bool | None:
        """Whether the RFC's check digit matches; ``None`` when there is no valid-format RFC.

        About 1.5% of real RFCs fail the checksum, so a mismatch is a warning, not an error.
        """
        from providers.rfc import company_rfc_checksum_ok

        return company_rfc_checksum_ok(self.rfc) if self.rfc else None

    @property
    def cities(self) -> list[City]:
        """Distinct cities of the provider's sites (uses prefetched sites)."""
        seen: dict[int, City] = {}
        for site in self.sites.all():
            seen.setdefault(site.city_id, site.city)
        return sorted(seen.values(), key=lambda c: c.name)

    @property
    def seats_available(self) -> int:
        return sum(site.seats_available for site in self.sites.all())

    def current_credentials(self, on: dt.date | None = None) -> list[Credential]:
        """Credentials in force on ``on`` (uses prefetched credentials)."""
        on = on or timezone.localdate()
        return [c for c in self.credentials.all() if c.expires_on is None or c.expires_on >= on]

    @property
    def years_operating(self) -> int | None:
        return self.years_operating_on(timezone.localdate())

    def years_operating_on(self, on: dt.date) -> int | None:
        """Whole calendar years since ``year_founded`` in the year of ``on`` (None unknown)."""
        if self.year_founded is None:
            return None
        return on.year - self.year_founded


class SiteQuerySet(models.QuerySet):
    def get_by_natural_key(self, provider_legal_name: str, name: str) -> Site:
        return self.get(provider__legal_name=provider_legal_name, name=name)


class Site(models.Model):
    """A delivery centre of a provider in a city. Seats are workstations (not FTE)."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="sites", verbose_name=_("provider")
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="sites", verbose_name=_("city")
    )
    name = models.CharField(_("name"), max_length=120)
    seats_total = models.PositiveIntegerField(_("seats in total"))
    seats_available = models.PositiveIntegerField(
        _("seats available"), help_text=_("Seats free for a new client within 90 days.")
    )
    wfh_share_pct = models.DecimalField(
        _("agents working from home (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    functions = models.ManyToManyField(
        ServiceFunction, related_name="sites", blank=True, verbose_name=_("functions")
    )
    languages = models.ManyToManyField(
        Language, related_name="sites", blank=True, verbose_name=_("languages")
    )
    continuity_notes = models.TextField(
        _("business-continuity notes"),
        blank=True,
        help_text=_("Carriers, power backup, BCP/DR tests with RTO/RPO, physical security."),
    )

    history = HistoricalRecords()
    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["provider__trade_name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="unique_site_name"),
            models.CheckConstraint(
                condition=models.Q(seats_available__lte=models.F("seats_total")),
                name="site_available_within_total",
            ),
        ]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return f"{self.provider} – {self.name} ({self.city.display_name})"

    def natural_key(self) -> tuple[str, str]:
        return (self.provider.legal_name, self.name)

    natural_key.dependencies = ["providers.provider", "cities.city"]

    def clean(self) -> None:
        if (
            self.seats_total is not None
            and self.seats_available is not None
            and self.seats_available > self.seats_total
        ):
            raise ValidationError(
                {"seats_available": _("Seats available cannot exceed the seats in total.")}
            )


class CredentialKind(models.TextChoices):
    """Registrations (legal standing) and certifications (audited practice)."""

    REPSE = "repse", _("REPSE registration (STPS)")
    SAT_OPINION = "sat_32d", _("SAT compliance opinion (32-D)")
    IMSS_OPINION = "imss_opinion", _("IMSS compliance opinion")
    INFONAVIT_OPINION = "infonavit_opinion", _("INFONAVIT compliance opinion")
    ISO_27001 = "iso27001", _("ISO/IEC 27001")
    PCI_DSS = "pci_dss", _("PCI DSS")
    SOC2 = "soc2", _("SOC 2 Type II")
    ISO_22301 = "iso22301", _("ISO 22301")
    COPC = "copc", _("COPC")
    HIPAA = "hipaa", _("HIPAA attestation")


REGISTRATION_KINDS = frozenset(
    {
        CredentialKind.REPSE,
        CredentialKind.SAT_OPINION,
        CredentialKind.IMSS_OPINION,
        CredentialKind.INFONAVIT_OPINION,
    }
)
SECURITY_KINDS = frozenset({CredentialKind.ISO_27001, CredentialKind.PCI_DSS, CredentialKind.SOC2})

# STPS Acuerdo (DOF 21-Feb-2024): a REPSE folio is valid three years from registration.
REPSE_VALIDITY_YEARS = 3
# Registrations and certificates expiring within this window are shown as expiring soon…
EXPIRING_SOON_DAYS = 90
# …except compliance opinions, which SAT/IMSS/INFONAVIT issue for about 30 days at a time and
# providers download again on demand: only their last week counts as "expiring soon".
OPINION_KINDS = frozenset(
    {CredentialKind.SAT_OPINION, CredentialKind.IMSS_OPINION, CredentialKind.INFONAVIT_OPINION}
)
OPINION_EXPIRING_SOON_DAYS = 7


class OpinionOutcome(models.TextChoices):
    NOT_APPLICABLE = "", _("Not an opinion")
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")


class CredentialStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")
    NO_EXPIRY = "no_expiry", _("No expiry date")


class CredentialQuerySet(models.QuerySet):
    def get_by_natural_key(self, provider_legal_name: str, kind: str, number: str) -> Credential:
        return self.get(provider__legal_name=provider_legal_name, kind=kind, number=number)

    def current(self, on: dt.date | None = None) -> CredentialQuerySet:
        """Credentials in force on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=on))

    def with_status(self, status: str, on: dt.date | None = None) -> CredentialQuerySet:
        """Credentials whose :meth:`Credential.status` on ``on`` is ``status``."""
        on = on or timezone.localdate()
        opinion = models.Q(kind__in=OPINION_KINDS)
        soon = (
            opinion & models.Q(expires_on__lte=on + dt.timedelta(OPINION_EXPIRING_SOON_DAYS))
        ) | (~opinion & models.Q(expires_on__lte=on + dt.timedelta(EXPIRING_SOON_DAYS)))
        rules = {
            CredentialStatus.NO_EXPIRY: models.Q(expires_on__isnull=True),
            CredentialStatus.EXPIRED: models.Q(expires_on__lt=on),
            CredentialStatus.EXPIRING: models.Q(expires_on__gte=on) & soon,
            CredentialStatus.VALID: models.Q(expires_on__gte=on) & ~soon,
        }
        return self.filter(rules[status])


class Credential(models.Model):
    """A provider's registration (REPSE, SAT/IMSS/INFONAVIT opinions) or certification.

    A REPSE registration without an expiry date gets one three years after issue. ``scope``
    says which services a REPSE folio covers or which sites a certificate's audit covered.
    """

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="credentials", verbose_name=_("provider")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CredentialKind.choices)
    number = models.CharField(_("number / folio"), max_length=80)
    issuer = models.CharField(_("issuer"), max_length=120)
    scope = models.CharField(_("scope"), max_length=300, blank=True)
    outcome = models.CharField(
        _("opinion outcome"),
        max_length=10,
        choices=OpinionOutcome.choices,
        blank=True,
        help_text=_("For SAT, IMSS and INFONAVIT compliance opinions: positive or negative."),
    )
    issued_on = models.DateField(_("issued on"), validators=[validate_sensible_date])
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, validators=[validate_sensible_date]
    )
    evidence = models.FileField(
        _("evidence file"), upload_to="credentials/%Y/", blank=True, max_length=200
    )
    issuer_is_fictional = models.BooleanField(
        _("issuer is fictional"),
        default=False,
        help_text=_(
            "The issuer is an invented certifier (demo data): marked wherever it is named."
        ),
    )
    evidence_url = models.CharField(
        _("evidence reference"),
        max_length=300,
        blank=True,
        help_text=_("Registry page or document reference that proves the credential."),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="credentials",
        null=True,
        blank=True,
        verbose_name=_("source"),
    )

    history = HistoricalRecords()
    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["provider__trade_name", "kind", "-issued_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "kind", "number"], name="unique_credential_number"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="credential_expiry_after_issue",
            ),
        ]
        verbose_name = _("registration or certification")
        verbose_name_plural = _("registrations and certifications")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def natural_key(self) -> tuple[str, str, str]:
        return (self.provider.legal_name, self.kind, self.number)

    natural_key.dependencies = ["providers.provider", "cities.source"]

    @property
    def issuer_display(self) -> str:
        """The issuer as shown to readers: marked "(fictional)" for an invented certifier."""
        return mark_fictional(self.issuer, self.issuer_is_fictional)

    @property
    def is_registration(self) -> bool:
        return self.kind in REGISTRATION_KINDS

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence) or bool(self.evidence_url)

    @property
    def expiring_window_days(self) -> int:
        return OPINION_EXPIRING_SOON_DAYS if self.kind in OPINION_KINDS else EXPIRING_SOON_DAYS

    @property
    def is_negative_opinion(self) -> bool:
        return self.outcome == OpinionOutcome.NEGATIVE

    def status(self, on: dt.date | None = None) -> str:
        """Valid, expiring within its window (7 days for opinions, else 90), expired, or
        without expiry."""
        on = on or timezone.localdate()
        if self.expires_on is None:
            return CredentialStatus.NO_EXPIRY
        if self.expires_on < on:
            return CredentialStatus.EXPIRED
        if (self.expires_on - on).days <= self.expiring_window_days:
            return CredentialStatus.EXPIRING
        return CredentialStatus.VALID

    def get_status_display(self) -> str:
        return CredentialStatus(self.status()).label

    def clean(self) -> None:
        if self.kind == CredentialKind.REPSE and self.issued_on and self.expires_on is None:
            self.expires_on = _add_years(self.issued_on, REPSE_VALIDITY_YEARS)
        errors = {}
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            errors["expires_on"] = _("The expiry date is before the issue date.")
        if self.kind in OPINION_KINDS and not self.outcome:
            errors["outcome"] = _("Say whether the compliance opinion is positive or negative.")
        if self.kind not in OPINION_KINDS and self.outcome:
            errors["outcome"] = _("Only compliance opinions have an outcome.")
        if errors:
            raise ValidationError(errors)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return day.replace(year=day.year + years, day=28)
