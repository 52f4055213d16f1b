"""Dates and numbers as the active language writes them (``FORMAT_MODULE_PATH``).

Spanish (Mexico) uses Django's es_MX formats as they are: decimal point, comma thousands
(82.8; 2,150.00) and dd/mm/yyyy. English keeps ISO dates (2027-03-01), as the app always
showed them, instead of Django's US month-first default: ``en/formats.py``.
"""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format, get_format_modules


def short_date(value: dt.date | None, missing: str = "—") -> str:
    """``value`` in the active language's short date format (2027-03-01; 01/03/2027)."""
    return missing if value is None else date_format(value, "SHORT_DATE_FORMAT")


def abbreviated_date(value: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    """``value`` with the month abbreviated, in the active language ("3 Dec 2026"; "3 dic
    2026"), and its time ("3 dic 2026 14:05") when ``with_time``. The format is the
    language's ``ABBREVIATED_DATE_FORMAT`` (``en/formats.py``, ``es_MX/formats.py``), a name
    Django's ``get_format`` does not know, so it is looked up in the same format modules."""
    if value is None:
        return ""
    found = (getattr(m, "ABBREVIATED_DATE_FORMAT", None) for m in get_format_modules())
    fmt = next((f for f in found if f), "j M Y")
    return date_format(value, f"{fmt} H:i" if with_time else fmt)
