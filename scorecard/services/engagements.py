"""Engagement writes that span several models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import transaction

from cities.models import City, ComplexityTier
from providers.models import Channel, Language, ServiceFunction
from scorecard.models import Engagement, Membership, ReportLanguage, Role
from scorecard.models.engagement import DEFAULT_MIN_COMPLETENESS


@transaction.atomic
def create_engagement(
    *,
    created_by: AbstractBaseUser,
    client_name: str,
    name: str,
    client_logo: File | None = None,
    client_vertical: str = "",
    description: str = "",
    functions: Iterable[ServiceFunction] = (),
    channels: Iterable[Channel] = (),
    languages: Iterable[Language] = (),
    seats: int = 100,
    target_seats: int | None = None,
    target_seats_month: int | None = None,
    go_live: dt.date | None = None,
    complexity_tier: str = ComplexityTier.HIGH,
    preferred_cities: Iterable[City] = (),
    min_completeness: int = DEFAULT_MIN_COMPLETENESS,
    evaluate_as_of: dt.date | None = None,
    report_language: str = ReportLanguage.EN,
) -> Engagement:
    """Save a new engagement, make ``created_by`` its consultant, copy the default weights.

    ``seats`` are agent workstations at go-live, growing to ``target_seats`` by month
    ``target_seats_month`` after go-live (both or neither); ``client_logo`` is an upload
    already checked by :func:`scorecard.uploads.validate_image_upload` (``None`` or empty: no
    logo). The
    reference is derived from the client and engagement names.
    """
    engagement = Engagement(
        client_name=client_name,
        name=name,
        client_vertical=client_vertical,
        description=description,
        seats=seats,
        target_seats=target_seats,
        target_seats_month=target_seats_month,
        go_live=go_live,
        complexity_tier=complexity_tier,
        report_language=report_language,
        created_by=created_by,
        min_completeness=min_completeness,
        evaluate_as_of=evaluate_as_of,
    )
    if client_logo:
        engagement.client_logo = client_logo
    engagement.save()
    engagement.functions.set(functions)
    engagement.channels.set(channels)
    engagement.languages.set(languages)
    engagement.preferred_cities.set(preferred_cities)
    Membership.objects.create(engagement=engagement, user=created_by, role=Role.CONSULTANT)
    engagement.reset_weights_to_defaults()
    return engagement
