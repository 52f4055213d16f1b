"""Compliance checklist entries, the risk register and the governance pack of an engagement.

Size: the checklist items with their legal bases, the severity bands and the register's rows
are one vocabulary that the compliance page, the register and the report read together.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords

from cities.validators import validate_sensible_date
from scorecard.models.candidates import Candidate
from scorecard.models.engagement import ClientVertical, Engagement
from scorecard.models.limits import LONG_TEXT_MAX_CHARS
from scorecard.storage import private_storage


class ComplianceItem(models.TextChoices):
    """The Mexican due-diligence items of the reference (mexico.md §2)."""

    REPSE = "repse", _("REPSE registration valid for this service through go-live")
    SAT_OPINION = "sat_32d", _("SAT compliance opinion (32-D) positive and current")
    IMSS_OPINION = "imss_opinion", _("IMSS compliance opinion positive and current")
    INFONAVIT_OPINION = "infonavit_opinion", _("INFONAVIT compliance opinion positive and current")
    SAT_69B = "sat_69b", _("Not on the SAT 69-B list")
    PRIVACY_NOTICE = "privacy_notice", _("Privacy notice under the LFPDPPP (2025)")
    PROCESSOR_CONTRACT = "processor_contract", _("Controller–processor (encargado) contract")
    CROSS_BORDER = "cross_border", _("Basis for cross-border data transfers")
    NOM_035 = "nom_035", _("NOM-035 psychosocial-risk policy and evaluation")
    NOM_037 = "nom_037", _("NOM-037 telework policy for home-based agents")
    PTU = "ptu", _("PTU profit sharing paid")
    SISUB_ICSOE = "sisub_icsoe", _("SISUB (IMSS) and ICSOE (INFONAVIT) reports filed")
    CCT_LEGITIMACY = "cct_legitimacy", _("Collective agreement (CCT) legitimised by the workers")
    AGUINALDO = "aguinaldo", _("Christmas bonus (aguinaldo) of at least 15 days paid")
    VACATION_PREMIUM = "vacation_premium", _("Vacation days (2023 reform) and 25 % premium paid")
    HIPAA_BAA = "hipaa_baa", _("HIPAA business-associate agreement (US healthcare clients only)")


# Legal basis per item, as the reference states it (mexico.md §2); translated, because a
# citation's words are (Spanish: "regla", "reforma", "T-MEC", months in lower case).
LEGAL_BASIS = {
    ComplianceItem.REPSE: _("LFT arts. 12–15; STPS Acuerdo DOF 21-Feb-2024"),
    ComplianceItem.SAT_OPINION: _("CFF art. 32-D; LISR art. 27 fr. V"),
    ComplianceItem.IMSS_OPINION: _("LSS art. 15-A"),
    ComplianceItem.INFONAVIT_OPINION: _("Ley INFONAVIT art. 29-Bis"),
    ComplianceItem.SAT_69B: _("CFF art. 69-B; RMF 2026 rule 2.9.18"),
    ComplianceItem.PRIVACY_NOTICE: _("LFPDPPP 2025 (DOF 20-Mar-2025)"),
    ComplianceItem.PROCESSOR_CONTRACT: _("LFPDPPP 2025 (DOF 20-Mar-2025)"),
    ComplianceItem.CROSS_BORDER: _("LFPDPPP 2025; USMCA arts. 19.8, 19.11, 19.12"),
    ComplianceItem.NOM_035: _("NOM-035-STPS-2018; LFT art. 994 fr. V"),
    ComplianceItem.NOM_037: _("NOM-037-STPS-2023; LFT arts. 330-A ff."),
    ComplianceItem.PTU: _("Const. art. 123-A IX; LFT arts. 117–131, 127 fr. VIII"),
    ComplianceItem.SISUB_ICSOE: _("LSS art. 15-A; Ley INFONAVIT art. 29 Bis"),
    ComplianceItem.CCT_LEGITIMACY: _("LFT arts. 390 Bis, 390 Ter; reform DOF 1-May-2019"),
    ComplianceItem.AGUINALDO: _("LFT art. 87"),
    ComplianceItem.VACATION_PREMIUM: _("LFT arts. 76, 80 (reform DOF 27-Dec-2022)"),
    ComplianceItem.HIPAA_BAA: _("45 CFR 164.502(e), 164.504(e)"),
}

# Items that apply only to clients in these industries; every other item applies to all.
ITEM_VERTICALS: dict[str, frozenset[str]] = {
    ComplianceItem.HIPAA_BAA: frozenset({ClientVertical.HEALTHCARE}),
}


def checklist_items(client_vertical: str) -> list[ComplianceItem]:
    """The checklist items that apply to a client of ``client_vertical`` (an
    :class:`~scorecard.models.ClientVertical` value, or "" when not recorded: then no
    industry-specific item applies)."""
    return [
        item
        for item in ComplianceItem
        if item not in ITEM_VERTICALS or client_vertical in ITEM_VERTICALS[item]
    ]


class ComplianceStatus(models.TextChoices):
    MET = "met", _("Met")
    # Evidence on file, but whether it covers this service is still to be confirmed.
    MET_SCOPE = "met_scope", _("Met, scope to confirm")
    NOT_MET = "not_met", _("Not met")
    UNKNOWN = "unknown", _("Unknown")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ComplianceCheckQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement_reference, provider, site, item):
        return self.get(
            candidate__engagement__reference=engagement_reference,
            candidate__primary_site__provider__legal_name=provider,
            candidate__primary_site__name=site,
            item=item,
        )


class ComplianceCheck(models.Model):
    """A consultant's answer to a checklist item that provider data cannot settle.

    Items derived from credentials and the provider profile (REPSE, opinions, 69-B, the
    data-processing agreement) are not stored: they are read from that data every time.
    """

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="compliance_checks"
    )
    item = models.CharField(_("item"), max_length=30, choices=ComplianceItem.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.UNKNOWN,
    )
    evidence = models.CharField(
        _("evidence"),
        max_length=500,
        blank=True,
        help_text=_("What was seen: document, version, date, where it is filed."),
    )
    issued_on = models.DateField(
        _("issued on"), null=True, blank=True, validators=[validate_sensible_date]
    )
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, validators=[validate_sensible_date]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ComplianceCheckQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "item"], name="unique_compliance_item"),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="compliance_expiry_after_issue",
            ),
        ]
        verbose_name = _("compliance check")
        verbose_name_plural = _("compliance checks")

    def __str__(self) -> str:
        return f"{self.candidate} · {self.get_item_display()}: {self.get_status_display()}"

    def natural_key(self):
        return (*self.candidate.natural_key(), self.item)

    natural_key.dependencies = ["scorecard.candidate"]

    def clean(self) -> None:
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": _("The expiry date is before the issue date.")})


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATING = "mitigating", _("Mitigating")
    CLOSED = "closed", _("Closed")


class RiskQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement_reference: str, title: str):
        return self.get(engagement__reference=engagement_reference, title=title)


# A likelihood × impact rating from this is high, from the second medium, below it low.
HIGH_RATING_FROM = 15
MEDIUM_RATING_FROM = 6


def rating_severity(rating: int) -> str:
    """A likelihood × impact rating (1–25) as a severity: high (15–25), medium (6–14) or
    low (1–5). The register, its heat map and :attr:`Risk.severity` read this."""
    if rating >= HIGH_RATING_FROM:
        return "high"
    return "medium" if rating >= MEDIUM_RATING_FROM else "low"


class Risk(models.Model):
    """A risk a consultant adds to an engagement's register (automatic red flags are computed,
    not stored). Likelihood and impact are 1–5; the rating is their product (1–25)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="risks")
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="risks",
        null=True,
        blank=True,
        verbose_name=_("candidate"),
        help_text=_("Leave empty for a risk of the whole selection."),
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True, max_length=LONG_TEXT_MAX_CHARS)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    owner = models.CharField(_("owner"), max_length=120, blank=True)
    mitigation = models.TextField(_("mitigation"), blank=True, max_length=LONG_TEXT_MAX_CHARS)
    status = models.CharField(
        _("status"), max_length=12, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-likelihood", "-impact", "title"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "title"], name="unique_risk_title"),
            models.CheckConstraint(
                condition=models.Q(
                    likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5
                ),
                name="risk_scales_1_to_5",
            ),
        ]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str, str]:
        return (self.engagement.reference, self.title)

    natural_key.dependencies = ["scorecard.engagement", "scorecard.candidate"]

    @property
    def rating(self) -> int:
        return self.likelihood * self.impact

    @property
    def severity(self) -> str:
        """high (15–25), medium (6–14) or low (1–5), to sit next to the automatic flags."""
        return rating_severity(self.rating)

    def clean(self) -> None:
        if (
            self.candidate_id
            and self.engagement_id
            and (self.candidate.engagement_id != self.engagement_id)
        ):
            raise ValidationError({"candidate": _("This candidate is in another engagement.")})


class KpiDefinitionQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str) -> KpiDefinition:
        return self.get(code=code)


class KpiDefinition(models.Model):
    """A KPI of the admin-curated catalogue, with the default target a governance pack starts
    from (copied into the engagement, then edited there)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    definition = models.TextField(_("definition"), max_length=LONG_TEXT_MAX_CHARS)
    unit = models.CharField(_("unit"), max_length=30)
    default_target = models.CharField(_("default target"), max_length=80)
    measurement = models.CharField(_("measured"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = KpiDefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("KPI definition")
        verbose_name_plural = _("KPI catalogue")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class GovernancePlanQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement_reference: str) -> GovernancePlan:
        return self.get(engagement__reference=engagement_reference)


class GovernancePlan(models.Model):
    """The governance pack proposed for an engagement: reporting, escalation and audits."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="governance_plan"
    )
    reporting_cadence = models.TextField(
        _("reporting cadence"),
        max_length=LONG_TEXT_MAX_CHARS,
        default=_(
            "Daily operational dashboard; weekly performance review; monthly business "
            "review; quarterly executive review."
        ),
    )
    escalation_path = models.TextField(
        _("escalation path"),
        max_length=LONG_TEXT_MAX_CHARS,
        default=_(
            "Team lead → operations manager → account director → client steering "
            "committee, with response times agreed per level."
        ),
    )
    audit_rights = models.TextField(
        _("audit rights"),
        max_length=LONG_TEXT_MAX_CHARS,
        default=_(
            "Client may audit security controls, data handling, payroll and social-"
            "security payments of the staff assigned (REPSE, IMSS, INFONAVIT), with notice."
        ),
    )
    audit_cadence = models.CharField(
        _("audit cadence"), max_length=200, default=_("Twice a year, plus on cause.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GovernancePlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("governance plan")
        verbose_name_plural = _("governance plans")

    def __str__(self) -> str:
        return str(self.engagement)

    def natural_key(self) -> tuple[str]:
        return (self.engagement.reference,)

    natural_key.dependencies = ["scorecard.engagement"]


class KpiTargetQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement_reference: str, name: str) -> KpiTarget:
        return self.get(plan__engagement__reference=engagement_reference, name=name)


class KpiTarget(models.Model):
    """A KPI and its target in an engagement's governance pack."""

    plan = models.ForeignKey(GovernancePlan, on_delete=models.CASCADE, related_name="kpis")
    definition = models.ForeignKey(
        KpiDefinition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("KPI"), max_length=120)
    target = models.CharField(_("target"), max_length=80)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    measurement = models.CharField(_("measured"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = KpiTargetQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="unique_kpi_per_plan"),
        ]
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")

    def __str__(self) -> str:
        return f"{self.name}: {self.target}"

    # Each field a KPI starts as a copy of, from its catalogue definition.
    CATALOGUE_WORDING = {
        "name": "name",
        "target": "default_target",
        "unit": "unit",
        "measurement": "measurement",
    }

    def in_language(self, field: str) -> str:
        """``field`` as the reader's language words it: while it still reads as its catalogue
        definition does (in either language), the definition's text in the active language;
        once the engagement rewords it, the engagement's own words."""
        value = getattr(self, field)
        source = self.CATALOGUE_WORDING[field]
        definition = self.definition
        wordings = (
            {
                getattr(definition, build_localized_fieldname(source, code))
                for code in AVAILABLE_LANGUAGES
            }
            if definition
            else set()
        )
        return getattr(definition, source) if value and value in wordings else value

    @property
    def shown(self) -> dict[str, str]:
        """Every catalogue-worded field in the reader's language (:meth:`in_language`)."""
        return {field: self.in_language(field) for field in self.CATALOGUE_WORDING}

    def natural_key(self) -> tuple[str, str]:
        return (self.plan.engagement.reference, self.name)

    natural_key.dependencies = ["scorecard.governanceplan", "scorecard.kpidefinition"]


class FlagReview(models.Model):
    """What the team decided about one automatic red flag of a candidate: owner, status, note.

    The flag itself stays computed from the data; ``fingerprint`` is the flag as it read when
    reviewed (:func:`scorecard.domain.flags.flag_fingerprint`). When the data changes, the flag
    reads differently, the fingerprints differ and the flag is shown re-raised (open again)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="flag_reviews")
    code = models.CharField(_("flag"), max_length=60)
    subject = models.CharField(_("about"), max_length=200, blank=True)
    fingerprint = models.CharField(max_length=64)
    owner = models.CharField(_("owner"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True, max_length=LONG_TEXT_MAX_CHARS)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "code", "subject"], name="unique_flag_review"
            ),
        ]
        verbose_name = _("red-flag review")
        verbose_name_plural = _("red-flag reviews")

    def __str__(self) -> str:
        return f"{self.candidate} · {self.code} · {self.get_status_display()}"


class ComplianceEvidence(models.Model):
    """A file backing a consultant's checklist answer (a signed DPA, an opinion's PDF).
    Private storage, checked like assessment evidence, served by a permission-checked view."""

    answer = models.ForeignKey(ComplianceCheck, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="compliance/%Y/%m/", max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("checklist evidence file")
        verbose_name_plural = _("checklist evidence files")

    def __str__(self) -> str:
        return self.original_name
