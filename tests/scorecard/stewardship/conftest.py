"""Reference data for the stewardship tests: the shipped fixtures, loaded once per test."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.core.management import call_command

from scorecard.management.commands.setup_demo import FIXTURES
from scorecard.stewardship.resources import RESOURCES


@pytest.fixture
def reference(db):
    call_command("loaddata", *FIXTURES, verbosity=0)


def reference_snapshot() -> dict[str, list]:
    """Every reference row by natural keys (no primary keys), sorted: equal means identical."""
    snapshot = {}
    for resource in RESOURCES:
        rows = serializers.serialize(
            "python",
            resource.model._default_manager.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        for row in rows:
            for name, value in row["fields"].items():
                if isinstance(value, list):
                    row["fields"][name] = sorted(map(repr, value))
        snapshot[resource.name] = sorted(repr(sorted(row["fields"].items())) for row in rows)
    return snapshot


def empty_reference_tables() -> None:
    """Delete every reference row, dependants first (statutory rates cite sources too)."""
    from scorecard.models import StatutoryRate

    StatutoryRate.objects.all().delete()
    for resource in reversed(RESOURCES):
        resource.model._default_manager.all().delete()
