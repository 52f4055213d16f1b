"""Value functions: turn a measured figure (attrition %, salary, km) into a 0–5 score."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

SCORE_MIN = 0.0
SCORE_MAX = 5.0


def _format_number(value: float) -> str:
    """``3.5``, ``500,000``, ``1,000,000`` (whole numbers grouped, never ``1e+06``)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:g}"


def gettext_noop(text: str) -> str:
    """Marks ``text`` for ``makemessages`` (which finds calls by this name) without importing
    Django, which the engine never does; the app translates it where it shows it."""
    return text


# How the points are joined, said once; translated by Indicator.describe_value_function.
DESCRIBE_SUFFIX = gettext_noop("(linear between points, flat beyond)")


def _is_missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class ValueFunction:
    """Piecewise-linear value function through ``points`` ``(x, score)``.

    ``x`` must be strictly increasing; scores lie in 0–5. Between points the score is linear;
    below the first and above the last point it is flat (clamped to the end scores).
    Decreasing functions (lower is better, e.g. attrition ``[[10, 5], [60, 0]]``) are fine.
    An unknown figure (``None`` or NaN) maps to NaN, meaning unknown, never 0.
    """

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.xs) != len(self.ys):
            raise ValueError("value function needs as many x values as scores")
        if len(self.xs) < 2:
            raise ValueError("value function needs at least 2 points")
        for x, y in zip(self.xs, self.ys, strict=True):
            if not (math.isfinite(x) and math.isfinite(y)):
                raise ValueError(f"value function point ({x}, {y}) is not finite")
            if not SCORE_MIN <= y <= SCORE_MAX:
                raise ValueError(f"value function score {_format_number(y)} is outside 0–5")
        for a, b in zip(self.xs, self.xs[1:], strict=False):
            if not b > a:
                raise ValueError(
                    f"value function x values must be strictly increasing; "
                    f"{_format_number(b)} follows {_format_number(a)}"
                )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ValueFunction:
        """Parse ``{"kind": "piecewise", "points": [[x0, y0], [x1, y1], ...]}``.

        Raises ``TypeError`` when ``data`` or a point has the wrong shape, ``KeyError`` when
        ``kind`` or ``points`` is missing, and ``ValueError`` for an unknown kind, fewer than 2
        points, non-increasing x or a score outside 0–5.
        """
        if not isinstance(data, Mapping):
            raise TypeError(
                f"value function must be a mapping like "
                f'{{"kind": "piecewise", "points": [[x, score], ...]}}, got {type(data).__name__}'
            )
        for key in ("kind", "points"):
            if key not in data:
                raise KeyError(f"value function is missing {key!r}")
        if data["kind"] != "piecewise":
            raise ValueError(f"unknown value function kind {data['kind']!r}; use 'piecewise'")
        points = data["points"]
        if isinstance(points, str | bytes) or not isinstance(points, Sequence):
            raise TypeError("value function points must be a list of [x, score] pairs")
        xs, ys = [], []
        for point in points:
            if isinstance(point, str | bytes) or not isinstance(point, Sequence) or len(point) != 2:
                raise TypeError(f"value function point {point!r} is not an [x, score] pair")
            for part in point:
                if isinstance(part, bool) or not isinstance(part, int | float):
                    raise TypeError(f"value function point {list(point)!r} must hold numbers")
            xs.append(float(point[0]))
            ys.append(float(point[1]))
        return cls(tuple(xs), tuple(ys))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form accepted by :meth:`from_dict`."""
        return {
            "kind": "piecewise",
            "points": [[x, y] for x, y in zip(self.xs, self.ys, strict=True)],
        }

    def __call__(self, x: Any) -> float:
        """Score (0–5) for the figure ``x``; NaN when ``x`` is ``None`` or NaN."""
        if _is_missing(x):
            return math.nan
        return float(np.interp(float(x), self.xs, self.ys))

    def apply(self, values: Any) -> np.ndarray:
        """Vectorised :meth:`__call__` over an array of figures (NaN stays NaN)."""
        array = np.asarray(values, dtype=float)
        out = np.interp(array, self.xs, self.ys)
        return np.where(np.isnan(array), np.nan, out)

    def describe_points(self) -> str:
        """The points alone, e.g. ``4 → 1, 6 → 3.5, 8 → 5`` (the same in every language)."""
        return ", ".join(
            f"{_format_number(x)} → {_format_number(y)}"
            for x, y in zip(self.xs, self.ys, strict=True)
        )

    def describe(self) -> str:
        """Plain English, e.g. ``4 → 1, 6 → 3.5, 8 → 5 (linear between points, flat beyond)``;
        translated by :meth:`scorecard.models.Indicator.describe_value_function`."""
        return f"{self.describe_points()} {DESCRIBE_SUFFIX}"
