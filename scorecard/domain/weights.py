"""Weights without a database: Saaty's scale and its wording, the AHP matrix from pairwise
judgements, and percentages that add up to exactly 100.

Pure (no ORM import); :mod:`scorecard.services.weights` stores what these compute.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    import pandas as pd

    from scorecard.engine import AhpResult

# Saaty's fundamental scale (2–9) in words; 1 is "equally important".
SAATY_INTENSITY = {
    2: gettext_lazy("slightly more important than"),
    3: gettext_lazy("moderately more important than"),
    4: gettext_lazy("moderately to strongly more important than"),
    5: gettext_lazy("strongly more important than"),
    6: gettext_lazy("strongly to very strongly more important than"),
    7: gettext_lazy("very strongly more important than"),
    8: gettext_lazy("very to extremely strongly more important than"),
    9: gettext_lazy("extremely more important than"),
}
SAATY_VALUES: list[Fraction] = [Fraction(n) for n in range(9, 0, -1)] + [
    Fraction(1, n) for n in range(2, 10)
]


def saaty_key(value: Fraction) -> str:
    """The form value of a judgement: "5" or "1/5"."""
    return str(value.numerator) if value.denominator == 1 else f"1/{value.denominator}"


def describe_judgement(value: Fraction, row: str, column: str) -> str:
    """``value`` (row over column) in words, e.g. "Talent is strongly more important than
    Compliance"; below 1 the sentence turns round."""
    if value == 1:
        return _("%(a)s and %(b)s are equally important") % {"a": row, "b": column}
    if value > 1:
        return _("%(a)s is %(how)s %(b)s") % {
            "a": row,
            "how": SAATY_INTENSITY[int(value)],
            "b": column,
        }
    return _("%(a)s is %(how)s %(b)s") % {
        "a": column,
        "how": SAATY_INTENSITY[int(1 / value)],
        "b": row,
    }


def nearest_saaty(value: Decimal | float) -> Fraction:
    """The scale value closest to a stored judgement (stored with six decimals)."""
    return min(SAATY_VALUES, key=lambda v: abs(float(v) - float(value)))


def round_percentages(
    shares: Mapping[str, float], *, total: int = 100, places: int = 2
) -> dict[str, Decimal]:
    """Shares (any positive scale) as percentages rounded to ``places`` decimals that add up
    to exactly ``total``: largest-remainder rounding, ties to the first key."""
    whole = sum(shares.values())
    if whole <= 0:
        raise ValueError("shares must have a positive sum")
    unit = Decimal(1).scaleb(-places)
    exact = {
        key: Decimal(str(value)) / Decimal(str(whole)) * total for key, value in shares.items()
    }
    floored = {key: value.quantize(unit, rounding=ROUND_DOWN) for key, value in exact.items()}
    missing = int((Decimal(total) - sum(floored.values())) / unit)
    by_remainder = sorted(exact, key=lambda key: exact[key] - floored[key], reverse=True)
    for key in by_remainder[:missing]:
        floored[key] += unit
    return floored


def shown_weights(weights: Sequence[float], *, places: int = 1) -> list[float]:
    """Weights (percent, in order) as printed with ``places`` decimals, rounded by largest
    remainder so that they add up to 100.0 (:func:`round_percentages`); as they are when they
    do not sum to anything positive."""
    if sum(weights) <= 0 or any(weight < 0 for weight in weights):
        return [float(weight) for weight in weights]
    shown = round_percentages(dict(enumerate(weights)), total=100, places=places)
    return [float(shown[k]) for k in range(len(weights))]


def shown_parts(values: Sequence[float], *, places: int = 1) -> list[float]:
    """Parts of a total (a candidate's contributions) as printed with ``places`` decimals,
    rounded by largest remainder so that they add up to their sum as printed: the page and the
    report never show parts that disagree with the total beside them."""
    if sum(values) <= 0 or any(value < 0 for value in values):
        return [round(value, places) for value in values]
    scale = 10**places
    shown = round_percentages(dict(enumerate(values)), total=round(sum(values) * scale), places=0)
    return [float(shown[k]) / scale for k in range(len(values))]


def pairwise_matrix(
    codes: list[str], judgements: Mapping[tuple[str, str], Fraction]
) -> pd.DataFrame:
    """The full reciprocal matrix (a pandas DataFrame labelled by ``codes``) from the upper
    triangle; a missing judgement counts as 1 (equal importance)."""
    import pandas as pd

    size = len(codes)
    rows = [[1.0] * size for _ in range(size)]
    for i, row in enumerate(codes):
        for j in range(i + 1, size):
            value = float(judgements.get((row, codes[j]), 1))
            rows[i][j] = value
            rows[j][i] = 1 / value
    return pd.DataFrame(rows, index=codes, columns=codes)


def derive_ahp_weights(
    codes: list[str], judgements: Mapping[tuple[str, str], Fraction]
) -> AhpResult | None:
    """The engine's :class:`AhpResult` for the judgements (``None`` under two criteria)."""
    if len(codes) < 2:
        return None
    from scorecard.engine import ahp_weights

    return ahp_weights(pairwise_matrix(codes, judgements))
