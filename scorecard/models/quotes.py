"""Quotes: each candidate's price as quoted, and the costs that hide outside it. The
arithmetic lives in :mod:`scorecard.domain.tco`."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.validators import validate_sensible_date
from scorecard.domain import tco
from scorecard.models.candidates import Candidate


class QuoteBasis(models.TextChoices):
    FTE_MONTH = tco.Basis.FTE_MONTH, _("per FTE-month")
    HOUR = tco.Basis.HOUR, _("per productive hour")
    TRANSACTION = tco.Basis.TRANSACTION, _("per transaction")


class Currency(models.TextChoices):
    USD = "USD", "USD"
    MXN = "MXN", "MXN"


def _money(verbose_name, help_text="") -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
        help_text=help_text,
    )


class QuoteQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement_reference: str, provider: str, site: str):
        return self.get(
            candidate__engagement__reference=engagement_reference,
            candidate__primary_site__provider__legal_name=provider,
            candidate__primary_site__name=site,
        )


class Quote(models.Model):
    """A candidate's price as quoted, and the costs that hide outside the quote.

    Amounts are in ``currency``; monthly amounts are per month of service, one-off fees fall in
    the first month. A candidate without a quote has "no pricing" (never a zero cost).
    """

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="quote")
    basis = models.CharField(_("quote basis"), max_length=12, choices=QuoteBasis.choices)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    price = models.DecimalField(
        _("price per unit"), max_digits=12, decimal_places=4, validators=[MinValueValidator(0)]
    )
    quantity = models.DecimalField(
        _("FTEs, hours or transactions a month"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_(
            "At go-live: FTEs for per-FTE quotes; productive hours or transactions a month "
            "otherwise. The TCO grows it with the scope's seats."
        ),
    )
    ramp_fee = _money(_("ramp/transition fee (one-off)"))
    training = _money(_("training (one-off)"))
    overtime_share_pct = models.DecimalField(
        _("overtime share of hours (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    ccaas_monthly = _money(
        _("CCaaS seats (a month)"),
        _("For the seats at go-live; the TCO grows it with the scope's seats."),
    )
    qa_analytics_monthly = _money(_("QA/analytics tools (a month)"))
    licences_monthly = _money(_("other licences (a month)"))
    continuity_monthly = _money(_("continuity and security (a month)"))
    governance_monthly = _money(
        _("buyer-side governance effort (a month)"),
        _("Your own staff's time managing the provider, in the quote's currency."),
    )
    contacts_per_month = models.DecimalField(
        _("contacts a month"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty for per-transaction quotes (the volume is used)."),
    )
    fcr_pct = models.DecimalField(
        _("first-contact resolution (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(100)],
    )
    productive_share_pct = models.DecimalField(
        _("productive share of paid hours (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(85),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    quote_weekly_hours = models.DecimalField(
        _("weekly hours the price assumes"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(48),
        validators=[MinValueValidator(1), MaxValueValidator(48)],
    )
    agent_daily_salary_mxn = models.DecimalField(
        _("agent daily salary (MXN)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("For the statutory test of a cost-plus rate; empty uses the zone minimum."),
    )
    source = models.CharField(
        _("quote reference"), max_length=200, blank=True, help_text=_("e.g. RFP answer v2.")
    )
    quoted_on = models.DateField(
        _("quoted on"), null=True, blank=True, validators=[validate_sensible_date]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="quote_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.currency} {self.price} {self.get_basis_display()}"

    def natural_key(self) -> tuple[str, str, str]:
        return self.candidate.natural_key()

    natural_key.dependencies = ["scorecard.candidate"]

    def to_quote(self) -> tco.Quote:
        return tco.Quote(
            basis=self.basis,
            currency=self.currency,
            price=self.price,
            quantity=self.quantity,
            ramp_fee=self.ramp_fee,
            training=self.training,
            overtime_share_pct=self.overtime_share_pct,
            ccaas_monthly=self.ccaas_monthly,
            qa_analytics_monthly=self.qa_analytics_monthly,
            licences_monthly=self.licences_monthly,
            continuity_monthly=self.continuity_monthly,
            governance_monthly=self.governance_monthly,
            contacts_per_month=self.contacts_per_month,
            fcr_pct=self.fcr_pct,
            productive_share_pct=self.productive_share_pct,
            quote_weekly_hours=self.quote_weekly_hours,
            agent_daily_salary_mxn=self.agent_daily_salary_mxn,
        )
