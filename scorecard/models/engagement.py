"""Engagements: one client's selection, its members, scope, weights and gates.

Size: the engagement, its membership and weight rows belong together (one screen of
settings, one set of foreign keys); splitting them would scatter one aggregate.

Everything under an engagement is confidential to its members: views reach these rows only
through :func:`scorecard.access.get_engagement_for_user`, which answers 404 to outsiders.
The shortlist (:class:`~scorecard.models.candidates.Candidate`) has its own module.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cities.models import City, ComplexityTier
from cities.validators import validate_sensible_date
from providers.models import Channel, Language, ServiceFunction
from scorecard.domain.seats import TARGET_MONTH_MAX, SeatPlan, peak_seats
from scorecard.models.catalogue import Criterion, GateDefinition, Indicator
from scorecard.models.limits import LONG_TEXT_MAX_CHARS
from scorecard.storage import private_storage

# Percentage of the total weight that must rest on known data before a candidate is ranked.
DEFAULT_MIN_COMPLETENESS = 80


class Role(models.TextChoices):
    """What a member may do in an engagement."""

    CONSULTANT = "consultant", _("Consultant")
    ANALYST = "analyst", _("Analyst")
    CLIENT_VIEWER = "client_viewer", _("Client viewer")


class WeightingMethod(models.TextChoices):
    DIRECT = "direct", _("Direct weights")
    AHP = "ahp", _("Pairwise comparisons (AHP)")


class RankingMethod(models.TextChoices):
    WEIGHTED_SUM = "weighted_sum", _("Weighted sum")
    TOPSIS = "topsis", _("TOPSIS")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mean of assessors")
    MEDIAN = "median", _("Median of assessors")


class ReportLanguage(models.TextChoices):
    """The language a report is written in; ``BOTH`` writes it in English with the executive
    summary in Spanish as well, for a steering committee that reads both."""

    EN = "en", _("English")
    ES_MX = "es-mx", _("Spanish (Mexico)")
    BOTH = "both", _("English, with a bilingual executive summary")

    @classmethod
    def for_language(cls, code: str) -> ReportLanguage:
        """The report language of an interface language code (``es``, ``es-MX`` → Spanish)."""
        return cls.ES_MX if code.lower().startswith("es") else cls.EN


class ClientVertical(models.TextChoices):
    """The client's industry: some checklist items apply to one industry only (the HIPAA
    business-associate agreement to US healthcare, :data:`scorecard.models.ITEM_VERTICALS`)."""

    HEALTHCARE = "healthcare", _("Healthcare and health insurance")
    FINANCIAL_SERVICES = "financial_services", _("Financial services")
    RETAIL = "retail", _("Retail and e-commerce")
    TELECOM = "telecom", _("Telecommunications")
    TECHNOLOGY = "technology", _("Technology")
    OTHER = "other", _("Other")


class EngagementQuerySet(models.QuerySet):
    def get_by_natural_key(self, reference: str) -> Engagement:
        return self.get(reference=reference)

    def for_user(self, user) -> EngagementQuerySet:
        """Engagements ``user`` is a member of (superusers are not exempt: clients' data is
        visible to their members only)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Engagement(models.Model):
    """A client's BPO partner selection: scope, weights, gates and candidates.

    ``seats`` is the number of agent workstations the client needs at go-live; a growing scope
    adds ``target_seats`` reached ``target_seats_month`` months after go-live (both or
    neither; :attr:`seat_plan`, read through :mod:`scorecard.domain.seats`). Weights live in
    :class:`CriterionWeight` and :class:`IndicatorWeight` (percentage points) and start from
    the catalogue defaults when the engagement is created.
    """

    reference = models.SlugField(
        _("reference"),
        max_length=40,
        unique=True,
        help_text=_("A short code for the engagement, e.g. ACME-CARE-2027."),
    )
    name = models.CharField(_("engagement name"), max_length=160)
    client_name = models.CharField(_("client name"), max_length=160)
    client_logo = models.ImageField(
        _("client logo"),
        storage=private_storage,
        upload_to="logos/%Y/",
        blank=True,
        max_length=200,
    )
    client_vertical = models.CharField(
        _("client's industry"),
        max_length=20,
        choices=ClientVertical.choices,
        blank=True,
        help_text=_("Industry-specific checklist items (e.g. the HIPAA BAA) follow from it."),
    )
    description = models.TextField(_("background"), blank=True, max_length=LONG_TEXT_MAX_CHARS)
    functions = models.ManyToManyField(
        ServiceFunction, related_name="engagements", blank=True, verbose_name=_("functions")
    )
    channels = models.ManyToManyField(
        Channel, related_name="engagements", blank=True, verbose_name=_("channels")
    )
    languages = models.ManyToManyField(
        Language, related_name="engagements", blank=True, verbose_name=_("languages")
    )
    seats = models.PositiveIntegerField(
        _("seats at go-live"),
        validators=[MinValueValidator(1)],
        default=100,
        help_text=_("Agent workstations needed from the first month of service."),
    )
    target_seats = models.PositiveIntegerField(
        _("seats at full scale"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty when the scope does not grow after go-live."),
    )
    target_seats_month = models.PositiveSmallIntegerField(
        _("reached in month (after go-live)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(TARGET_MONTH_MAX)],
        help_text=_("Seats grow in a straight line from go-live to this month, e.g. 12."),
    )
    go_live = models.DateField(
        _("target go-live"), null=True, blank=True, validators=[validate_sensible_date]
    )
    complexity_tier = models.CharField(
        _("complexity"), max_length=10, choices=ComplexityTier.choices, default=ComplexityTier.HIGH
    )
    preferred_cities = models.ManyToManyField(
        City, related_name="preferred_by", blank=True, verbose_name=_("preferred cities")
    )
    weighting_method = models.CharField(
        _("criterion weights from"),
        max_length=10,
        choices=WeightingMethod.choices,
        default=WeightingMethod.DIRECT,
    )
    ranking_method = models.CharField(
        _("ranking method"),
        max_length=20,
        choices=RankingMethod.choices,
        default=RankingMethod.WEIGHTED_SUM,
    )
    aggregation = models.CharField(
        _("combine assessors by"), max_length=10, choices=Aggregation.choices, default="mean"
    )
    disagreement_threshold = models.DecimalField(
        _("flag disagreement at a spread of"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(5))],
        help_text=_("Points between the highest and lowest assessor score on an indicator."),
    )
    min_completeness = models.PositiveSmallIntegerField(
        _("minimum completeness to rank (%)"),
        default=DEFAULT_MIN_COMPLETENESS,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "A candidate whose known answers and figures carry less of the total weight than "
            "this is listed apart as insufficient evidence, never ranked or recommended."
        ),
    )
    evaluate_as_of = models.DateField(
        _("evaluate as of"),
        null=True,
        blank=True,
        validators=[validate_sensible_date],
        help_text=_(
            "The date credentials, years operating, time-zone overlap and the age of figures "
            "are read at. Empty: today."
        ),
    )
    report_language = models.CharField(
        _("report language"),
        max_length=10,
        choices=ReportLanguage.choices,
        default=ReportLanguage.EN,
        help_text=_("Each report can be requested in another language."),
    )
    gates = models.ManyToManyField(
        GateDefinition, related_name="engagements", blank=True, verbose_name=_("must-have gates")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="engagements",
        verbose_name=_("members"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Sealed scoring (scorecard.domain.sealing): until a consultant opens calibration, an
    # analyst sees other assessors' answers for a candidate only after submitting their own.
    calibration_opened_at = models.DateTimeField(_("calibration opened"), null=True, blank=True)
    calibration_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calibration opened by"),
    )

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            # The seat plan's rule (scorecard.domain.seats.SeatPlan) held by the database too,
            # so no import or fixture can store a plan the pages cannot read.
            models.CheckConstraint(
                condition=models.Q(target_seats__isnull=True, target_seats_month__isnull=True)
                | models.Q(
                    # Explicit: a check whose test is NULL passes.
                    target_seats__isnull=False,
                    target_seats_month__isnull=False,
                    target_seats__gte=models.F("seats"),
                    target_seats_month__gte=1,
                    target_seats_month__lte=TARGET_MONTH_MAX,
                ),
                name="engagement_seat_plan_coherent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_name}: {self.name}"

    def save(self, *args, **kwargs) -> None:
        if not self.reference:
            self.reference = _unique_reference(self.client_name, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("scorecard:engagement-detail", kwargs={"pk": self.pk})

    def natural_key(self) -> tuple[str]:
        return (self.reference,)

    @property
    def as_of(self) -> dt.date:
        """The evaluation date: :attr:`evaluate_as_of`, or today when it is empty."""
        return self.evaluate_as_of or timezone.localdate()

    @property
    def seat_plan(self) -> SeatPlan:
        """The scope's seats over time (validated by :meth:`clean`)."""
        return SeatPlan(self.seats, self.target_seats, self.target_seats_month)

    @property
    def peak_seats(self) -> int:
        """The most seats the plan needs: what capacity checks test."""
        return peak_seats(self.seat_plan)

    @property
    def seat_plan_in_words(self) -> str:
        """The plan in one sentence, from :attr:`seat_plan` (what pages and report print)."""
        plan = self.seat_plan
        if not plan.grows:
            return ngettext(
                "%(seats)s seat from go-live, not growing.",
                "%(seats)s seats from go-live, not growing.",
                plan.go_live,
            ) % {"seats": number_format(plan.go_live, force_grouping=True)}
        return gettext(
            "%(seats)s seats at go-live, growing in a straight line to %(target)s by month "
            "%(month)s after go-live; capacity is tested against the peak of %(target)s."
        ) % {
            "seats": number_format(plan.go_live, force_grouping=True),
            "target": number_format(self.peak_seats, force_grouping=True),
            "month": plan.target_month,
        }

    def clean(self) -> None:
        super().clean()
        self._clean_seat_plan()
        # A new engagement is created today.
        created = timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        if self.evaluate_as_of and self.evaluate_as_of < created:
            raise ValidationError(
                {
                    "evaluate_as_of": _(
                        "The evaluation date cannot be before the engagement was created "
                        "(%(created)s)."
                    )
                    % {"created": date_format(created)}
                }
            )

    def _clean_seat_plan(self) -> None:
        target, month = self.target_seats, self.target_seats_month
        if target is not None and month is None:
            raise ValidationError(
                {"target_seats_month": _("Say in which month after go-live the target is reached.")}
            )
        if month is not None and target is None:
            raise ValidationError(
                {"target_seats": _("Give the seats at full scale, or clear the month.")}
            )
        if target is not None and self.seats is not None and target < self.seats:
            raise ValidationError(
                {
                    "target_seats": _(
                        "The seats at full scale cannot be fewer than the %(seats)s at go-live."
                    )
                    % {"seats": self.seats}
                }
            )

    @property
    def calibration_open(self) -> bool:
        return self.calibration_opened_at is not None

    def role_of(self, user) -> str | None:
        """The user's role here, or ``None`` for outsiders (one query, cached per instance)."""
        cache = self.__dict__.setdefault("_roles", {})
        if user.pk not in cache:
            cache[user.pk] = (
                self.memberships.filter(user=user).values_list("role", flat=True).first()
            )
        return cache[user.pk]

    def reset_weights_to_defaults(self) -> None:
        """Copy the catalogue's default weights into this engagement (replacing any)."""
        self.criterion_weights.all().delete()
        self.indicator_weights.all().delete()
        CriterionWeight.objects.bulk_create(
            CriterionWeight(engagement=self, criterion=c, weight=c.default_weight)
            for c in Criterion.objects.all()
        )
        IndicatorWeight.objects.bulk_create(
            IndicatorWeight(engagement=self, indicator=i, weight=i.default_weight)
            for i in Indicator.objects.all()
        )


def _unique_reference(client_name: str, name: str) -> str:
    base = slugify(f"{client_name}-{name}")[:32].strip("-").upper() or "ENGAGEMENT"
    reference, n = base, 1
    while Engagement.objects.filter(reference=reference).exists():
        n += 1
        reference = f"{base}-{n}"
    return reference


class MembershipQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement_reference: str, username: str) -> Membership:
        return self.get(engagement__reference=engagement_reference, user__username=username)


class Membership(models.Model):
    """A user's role in one engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "user"], name="unique_membership"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.engagement}"

    def natural_key(self) -> tuple[str, str]:
        return (self.engagement.reference, self.user.username)

    natural_key.dependencies = ["scorecard.engagement"]


class CriterionWeightQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement_reference: str, criterion_code: str):
        return self.get(engagement__reference=engagement_reference, criterion__code=criterion_code)


class CriterionWeight(models.Model):
    """An engagement's weight for a criterion, in percentage points of the total."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="criterion_weights"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    objects = CriterionWeightQuerySet.as_manager()

    class Meta:
        ordering = ["criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "criterion"], name="unique_criterion_weight"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="criterion_weight_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.weight}%"

    def natural_key(self) -> tuple[str, str]:
        return (self.engagement.reference, self.criterion.code)

    natural_key.dependencies = ["scorecard.engagement", "scorecard.criterion"]


class IndicatorWeightQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement_reference: str, indicator_code: str):
        return self.get(engagement__reference=engagement_reference, indicator__code=indicator_code)


class IndicatorWeight(models.Model):
    """An engagement's weight for an indicator, in percentage points of its criterion.

    A weight of 0 leaves the indicator out of this engagement's scores.
    """

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="indicator_weights"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    weight = models.DecimalField(
        _("weight within criterion (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    objects = IndicatorWeightQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__criterion__order", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "indicator"], name="unique_indicator_weight"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="indicator_weight_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.weight}%"

    def natural_key(self) -> tuple[str, str]:
        return (self.engagement.reference, self.indicator.code)

    natural_key.dependencies = ["scorecard.engagement", "scorecard.indicator"]


# Saaty's fundamental scale: 1/9 … 9.
SAATY_MIN = Decimal(1) / Decimal(9)
SAATY_MAX = Decimal(9)


class PairwiseJudgementQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement_reference: str, row_code: str, column_code: str):
        return self.get(
            engagement__reference=engagement_reference, row__code=row_code, column__code=column_code
        )


class PairwiseJudgement(models.Model):
    """How much more important ``row`` is than ``column`` (Saaty scale 1/9–9).

    Only the upper triangle is stored (row before column in catalogue order); the matrix is
    completed with reciprocals when the weights are derived.
    """

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="pairwise_judgements"
    )
    row = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    column = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(
        _("judgement"),
        max_digits=8,
        decimal_places=6,
        validators=[MinValueValidator(SAATY_MIN - Decimal("0.000001")), MaxValueValidator(9)],
    )

    objects = PairwiseJudgementQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "row", "column"], name="unique_pairwise_judgement"
            ),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="judgement_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.row} vs {self.column}: {self.value}"

    def natural_key(self) -> tuple[str, str, str]:
        return (self.engagement.reference, self.row.code, self.column.code)

    natural_key.dependencies = ["scorecard.engagement", "scorecard.criterion"]
