"""Mexican company RFC (tax id) checks, on top of python-stdnum.

A company RFC has 12 characters: three letters of the name (A–Z, &, Ñ), the incorporation date
as YYMMDD and a three-character homoclave whose last character is a mod-11 check digit. About
1.5% of real RFCs fail that checksum, so the format is enforced and the checksum only warns.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.mx import rfc as stdnum_rfc


def validate_company_rfc(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is a well-formed 12-character company RFC."""
    number = stdnum_rfc.compact(value or "")
    if len(number) != 12:
        raise ValidationError(
            _("A company RFC has 12 characters (3 letters, 6 digits, 3 homoclave); got %(n)d."),
            code="rfc_length",
            params={"n": len(number)},
        )
    try:
        stdnum_rfc.validate(number, validate_check_digits=False)
    except StdnumError:
        raise ValidationError(
            _(
                "%(rfc)s is not a valid company RFC: expected 3 letters, a date as YYMMDD "
                "and a 3-character homoclave."
            ),
            code="rfc_format",
            params={"rfc": number},
        ) from None


def company_rfc_checksum_ok(value: str) -> bool:
    """True when a well-formed company RFC's check digit matches; False otherwise."""
    try:
        stdnum_rfc.validate(value, validate_check_digits=True)
    except StdnumError:
        return False
    return True


def make_company_rfc(prefix: str, yymmdd: str, homoclave2: str) -> str:
    """Build a company RFC with a correct check digit (used for demo data and tests).

    ``homoclave2`` is the first two homoclave characters: [1-9A-V] then [1-9A-Z].
    """
    body = f"{prefix}{yymmdd}{homoclave2}".upper()
    return body + stdnum_rfc.calc_check_digit(body)
