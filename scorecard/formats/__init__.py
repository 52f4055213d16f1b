"""Dates and numbers as the active language writes them (``FORMAT_MODULE_PATH``).

Spanish (Mexico) uses Django's es_MX formats as they are: decimal point, comma thousands
(82.8; 2,150.00) and dd/mm/yyyy. English keeps ISO dates (2027-03-01), as the app always
showed them, instead of Django's US month-first default: ``en/formats.py``.
"""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format


def short_date(value: dt.date | None, missing: str = "—") -> str:
    """``value`` in the active language's short date format (2027-03-01; 01/03/2027)."""
    return missing if value is None else date_format(value, "SHORT_DATE_FORMAT")
