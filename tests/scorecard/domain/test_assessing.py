"""Who starts assessments: analysts; consultants only in an engagement without analysts."""

import pytest

from scorecard.domain.assessing import starts_assessments


@pytest.mark.parametrize(
    ("role", "n_analysts", "expected"),
    [
        ("analyst", 2, True),
        ("consultant", 2, False),
        ("consultant", 0, True),
        ("client_viewer", 0, False),
    ],
)
def test_starts_assessments(role, n_analysts, expected):
    assert starts_assessments(role, n_analysts) is expected
