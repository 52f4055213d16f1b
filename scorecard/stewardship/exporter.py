"""Export reference tables as CSV or XLSX, in natural-key order, formula-like cells neutralised.

The files read back through :mod:`.importer` unchanged: exporting, then importing into an empty
database, reproduces the data (``tests/scorecard/stewardship/test_round_trip.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from scorecard.spreadsheets import build_csv, build_xlsx
from scorecard.stewardship.resources import (
    M2M_SEPARATOR,
    RESOURCES,
    Resource,
    export_scalar,
    key_column_of,
)


def export_rows(resource: Resource) -> Iterator[list[object]]:
    """The rows of ``resource`` as cells, sorted by natural key (a fixed number of queries)."""
    model = resource.model
    fields = [resource.field(c) for c in resource.columns]
    fks = [f.name for f in fields if f.many_to_one]
    links = {}
    for field in fields:
        if field.many_to_many:
            through = field.remote_field.through
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            code = key_column_of(field.related_model)
            links[field.name] = {}
            for left, right in through.objects.values_list(source + "_id", f"{target}__{code}"):
                links[field.name].setdefault(left, []).append(right)
    objects = sorted(
        model._default_manager.select_related(*fks),
        key=lambda obj: tuple(str(part) for part in obj.natural_key()),
    )
    for obj in objects:
        row = []
        for field in fields:
            if field.many_to_many:
                row.append(M2M_SEPARATOR.join(sorted(links[field.name].get(obj.pk, []))))
            elif field.many_to_one:
                related = getattr(obj, field.name)
                row.append(export_scalar(field, related.natural_key()[0]) if related else None)
            else:
                row.append(export_scalar(field, getattr(obj, field.attname)))
        yield row


def export_csv(resource: Resource) -> bytes:
    """One table as CSV (UTF-8 with BOM)."""
    return build_csv(list(resource.columns), export_rows(resource))


def export_xlsx(resources: Sequence[Resource] = RESOURCES) -> bytes:
    """A workbook with one sheet per table, named after it, in dependency order."""
    return build_xlsx(
        [(resource.name, list(resource.columns), export_rows(resource)) for resource in resources]
    )
