"""Validators shared by every app (``cities`` is the lowest layer: all others may import it)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# Dates people type (go-live, as-of, issue and expiry): anything outside is a typo, and a year
# past 9999 minus a term overflows Python's dates (a go-live of 9999-12-31 broke every TCO).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def validate_sensible_date(value: dt.date) -> None:
    """Refuse a date before :data:`EARLIEST_DATE` or after :data:`LATEST_DATE`."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": date_format(EARLIEST_DATE), "latest": date_format(LATEST_DATE)},
            code="date_out_of_range",
        )


def validate_not_future(value: dt.date) -> None:
    """Refuse a date after today: an as-of or publication date describes the past (a figure
    for a period not yet reached is a forecast, not a sourced figure)."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(
            _("Enter a date no later than today (%(today)s): this date describes the past.")
            % {"today": date_format(timezone.localdate())},
            code="date_in_future",
        )


# How a shortened address shows that it was cut: an ellipsis, typed or percent-encoded. Such an
# address does not open the page it names, so a reader cannot check the figure.
TRUNCATION_MARKS = ("\u2026", "...", "%e2%80%a6")


def validate_web_address(value: str) -> None:
    """Refuse anything but complete http(s) URLs, one or several separated by "; " (a source
    read in two places); a citation goes in the title. An address cut short with an ellipsis
    (:data:`TRUNCATION_MARKS`) is refused: leave it empty and mark the source weak instead."""
    check = URLValidator(
        schemes=["http", "https"],
        message=_(
            "Enter the source's web address, starting with https:// or http:// "
            "(several: separate them with “; ”)."
        ),
    )
    if not value:
        return
    for address in value.split(";"):
        if any(mark in address.lower() for mark in TRUNCATION_MARKS):
            raise ValidationError(
                _(
                    "This address is cut short (“…”): enter it in full, or leave it empty and "
                    "mark the source weak."
                ),
                code="truncated_address",
            )
        check(address.strip())
