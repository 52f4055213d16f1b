"""The load-test tests drive the engagement pages of the shared test world."""

from tests.scorecard.conftest import World, sheet, world  # noqa: F401  (fixtures)
