"""Candidates: the providers (and their sites) shortlisted in an engagement.

Confidential to the engagement's members like everything under it (see
:mod:`scorecard.models.engagement`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.models import City
from providers.models import Provider, Site
from scorecard.models.engagement import Engagement
from scorecard.models.limits import LONG_TEXT_MAX_CHARS


class CandidateQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement_reference: str, provider: str, site: str):
        return self.get(
            engagement__reference=engagement_reference,
            primary_site__provider__legal_name=provider,
            primary_site__name=site,
        )

    def with_sites(self) -> CandidateQuerySet:
        return self.select_related("provider", "primary_site__city").prefetch_related(
            models.Prefetch("sites", queryset=Site.objects.select_related("city"))
        )


class DpaStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Not known")
    SIGNED = "signed", _("Signed")
    NOT_SIGNED = "not_signed", _("Not signed")


class Candidate(models.Model):
    """A provider delivering from one or more of its sites, shortlisted in an engagement.

    ``primary_site`` is the site whose city feeds the city-based indicators (talent pool,
    English, security, time-zone overlap); ``sites`` are all sites in the proposal, primary
    included, and their seats count towards the scope.
    """

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="candidates")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="candidacies")
    primary_site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="primary_candidacies"
    )
    sites = models.ManyToManyField(Site, related_name="candidacies", verbose_name=_("sites"))
    dpa_status = models.CharField(
        _("data-processing agreement"),
        max_length=12,
        choices=DpaStatus.choices,
        default=DpaStatus.UNKNOWN,
        help_text=_("Controller–processor contract under the LFPDPPP (2025)."),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=LONG_TEXT_MAX_CHARS)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["provider__trade_name", "primary_site__city__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "primary_site"], name="unique_candidate_primary_site"
            ),
        ]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self) -> str:
        return self.label

    def natural_key(self) -> tuple[str, str, str]:
        return (self.engagement.reference, *self.primary_site.natural_key())

    natural_key.dependencies = ["scorecard.engagement", "providers.site"]

    @property
    def label(self) -> str:
        """ "Provider — City" (the name used in tables, charts, exports and the report), the
        provider marked "(fictional)" when invented (:attr:`Provider.display_name`)."""
        return f"{self.provider.display_name} — {self.primary_site.city.display_name}"

    @property
    def city(self) -> City:
        return self.primary_site.city

    @property
    def seats_available(self) -> int:
        return sum(site.seats_available for site in self.sites.all())

    def clean(self) -> None:
        if (
            self.primary_site_id
            and self.provider_id
            and self.primary_site.provider_id != self.provider_id
        ):
            raise ValidationError({"primary_site": _("This site belongs to another provider.")})
