"""Check one table of a reference-data file against the database, writing nothing.

The reading-and-validating half of :mod:`.importer` (which applies what passes): the header
(:func:`check_headers`), what the rows are compared with, read once (:class:`TableState`),
each row parsed, matched by natural key and validated (:func:`check_row`), then classified
as new, changed or unchanged with its field diffs (:func:`classify_row`). :class:`Lookups`
resolves natural keys of related tables with one query per table.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext as _

from scorecard.stewardship.files import Formula, Table
from scorecard.stewardship.resources import (
    M2M_SEPARATOR,
    Resource,
    export_scalar,
    is_blank,
    key_column_of,
    parse_scalar,
)
from scorecard.stewardship.writer import PendingWrite

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
_placeholder_ids = itertools.count(-1, -1)


@dataclass(frozen=True)
class CellError:
    """A problem with one cell (or a whole row when ``column`` is empty)."""

    table: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("%(table)s, row %(row)s") % {"table": self.table, "row": self.row}
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class RowResult:
    row: int
    key: str
    status: str
    diffs: list[tuple[str, object, object]] = field(default_factory=list)


@dataclass
class TableResult:
    resource: Resource
    rows: list[RowResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def count_new(self) -> int:
        return self.count(NEW)

    @property
    def count_changed(self) -> int:
        return self.count(CHANGED)

    @property
    def count_unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def changes(self) -> list[RowResult]:
        return [row for row in self.rows if row.status != UNCHANGED]


class Lookups:
    """Natural key → primary key of every table a resource refers to (one query each)."""

    def __init__(self) -> None:
        self._maps: dict[type[models.Model], dict[str, int]] = {}
        self._names: dict[type[models.Model], dict[int, str]] = {}

    def for_model(self, model: type[models.Model]) -> dict[str, int]:
        if model not in self._maps:
            column = key_column_of(model)
            self._maps[model] = {
                str(key): pk for key, pk in model._default_manager.values_list(column, "pk")
            }
        return self._maps[model]

    def names(self, model: type[models.Model]) -> dict[int, str]:
        """Primary key → natural key (the reverse map, for diffs and row keys)."""
        if model not in self._names:
            self._names[model] = {pk: key for key, pk in self.for_model(model).items()}
        return self._names[model]

    def expect(self, model: type[models.Model], key: str) -> None:
        """Make ``key`` resolvable before it exists: a later table of the same file may
        refer to a row an earlier table creates (preview only; apply saves in order)."""
        self.for_model(model).setdefault(key, next(_placeholder_ids))
        self._names.pop(model, None)

    def forget(self, model: type[models.Model]) -> None:
        self._maps.pop(model, None)
        self._names.pop(model, None)


# (error reporter) row number, column, message
Report = Callable[[int, str, str], None]


@dataclass
class TableState:
    """What checking the rows of one table compares them with, read once (existing objects,
    their links, values unique columns hold), and what the rows so far have claimed."""

    resource: Resource
    width: int  # the number of headers: shorter rows are padded with empty cells
    columns: list[str]
    positions: dict[str, int]
    fields: dict[str, models.Field]
    m2m_columns: list[str]
    fk_columns: list[str]
    existing: dict[tuple, models.Model]
    m2m_now: dict[str, dict[int, set[int]]]
    unique_columns: list[str]
    taken: dict[str, dict[object, tuple]]
    seen_keys: dict[tuple, int] = field(default_factory=dict)
    to_save: list[PendingWrite] = field(default_factory=list)

    @classmethod
    def read(cls, resource: Resource, headers: list[str]) -> TableState:
        """The state for a table whose ``headers`` passed :func:`check_headers` (queries:
        the existing objects, then one per many-to-many column)."""
        columns = [c for c in resource.columns if c in headers]
        fields = {c: resource.field(c) for c in columns}
        m2m_columns = [c for c in columns if fields[c].many_to_many]
        existing = _existing(resource)
        unique_columns = [
            c
            for c in columns
            if fields[c].unique and not fields[c].is_relation and c not in resource.key
        ]
        return cls(
            resource=resource,
            width=len(headers),
            columns=columns,
            positions={c: headers.index(c) for c in columns},
            fields=fields,
            m2m_columns=m2m_columns,
            fk_columns=[c for c in columns if fields[c].many_to_one],
            existing=existing,
            m2m_now={c: _m2m_links(resource.model, c) for c in m2m_columns},
            unique_columns=unique_columns,
            taken={c: {getattr(o, c): k for k, o in existing.items()} for c in unique_columns},
        )


@dataclass
class _CheckedRow:
    """A row whose cells parsed and whose object validated, not yet classified."""

    number: int
    key: tuple
    obj: models.Model
    is_new: bool
    before: dict[str, object]
    values: dict[str, object]


def check_headers(resource: Resource, table: Table, error: Report) -> bool:
    """Report unknown, missing identifying and repeated columns; ``True`` when there are none.
    Columns without a header (blank, often just formatting) are ignored."""
    headers = table.headers
    unknown = [h for h in headers if h and h not in resource.columns]
    missing_keys = [k for k in resource.key if k not in headers]
    duplicates = {h for h in headers if h and headers.count(h) > 1}
    header_row = table.rows[0][0] - 1 if table.rows else 1
    for column in unknown:
        error(header_row, column, _("Unknown column; expected: %s.") % ", ".join(resource.columns))
    for column in missing_keys:
        error(header_row, column, _("This identifying column is missing."))
    for column in sorted(duplicates):
        error(header_row, column, _("The column appears twice."))
    return not (unknown or missing_keys or duplicates)


def check_row(
    state: TableState, number: int, cells: list, lookups: Lookups, error: Report
) -> _CheckedRow | None:
    """Parse one row's cells, match it by natural key and validate its object; ``None``
    (errors reported) when any of that fails or the row repeats an earlier one."""
    values = _parse_row(state, number, cells, lookups, error)
    if values is None:
        return None
    resource, fields = state.resource, state.fields
    key = tuple(_key_part(fields[c], values[c], lookups) for c in resource.key)
    if key in state.seen_keys:
        error(number, "", _("This row repeats row %(row)s.") % {"row": state.seen_keys[key]})
        return None
    state.seen_keys[key] = number
    obj = state.existing.get(key)
    is_new = obj is None
    before = {} if is_new else _snapshot(obj, state.columns, fields, state.m2m_now)
    if is_new:
        obj = resource.model()
    for column in state.columns:
        if column in state.m2m_columns:
            continue
        setattr(obj, fields[column].attname, values[column])
    if resource.slug_from and not getattr(obj, "slug", ""):
        obj.slug = slugify(getattr(obj, resource.slug_from) or "")
    try:
        obj.full_clean(
            exclude=[*state.fk_columns, *state.m2m_columns],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            column = "" if column == NON_FIELD_ERRORS else column
            error(number, column, " ".join(messages))
        return None
    if _claims_taken_value(state, obj, key, number, error):
        return None
    return _CheckedRow(number, key, obj, is_new, before, values)


def _parse_row(
    state: TableState, number: int, cells: list, lookups: Lookups, error: Report
) -> dict[str, object] | None:
    """Each column's value (related objects as primary keys, links as sets of them); ``None``
    when a cell is a formula or does not parse (every such cell reported)."""
    cells = cells + [None] * (state.width - len(cells))
    values: dict[str, object] = {}
    row_ok = True
    for column in state.columns:
        raw = cells[state.positions[column]]
        if isinstance(raw, Formula):
            error(number, column, _("Formula cells are not accepted; type the value."))
            row_ok = False
            continue
        try:
            values[column] = _parse(state.fields[column], raw, lookups)
        except ValidationError as exc:
            error(number, column, " ".join(exc.messages))
            row_ok = False
    return values if row_ok else None


def _claims_taken_value(
    state: TableState, obj: models.Model, key: tuple, number: int, error: Report
) -> bool:
    """Whether ``obj`` holds a unique column's value another object (in the database or an
    earlier row) has; every column is checked, and the values are claimed for ``key``."""
    clash = False
    for column in state.unique_columns:
        value = getattr(obj, column)
        owner = state.taken[column].get(value)
        if owner is not None and owner != key:
            error(
                number,
                column,
                _("“%(value)s” is already used by %(owner)s.")
                % {"value": value, "owner": " / ".join(map(str, owner))},
            )
            clash = True
        state.taken[column][value] = key
    return clash


def classify_row(
    state: TableState, row: _CheckedRow, outcome: TableResult, *, write: bool, lookups: Lookups
) -> None:
    """Record the row as new, changed (with its diffs) or unchanged; with ``write``, queue a
    new or changed row for the importer's save. A preview makes a new row's key resolvable for the
    tables after it."""
    columns, fields = state.columns, state.fields
    after = _snapshot(row.obj, columns, fields, row.values)
    display_key = " / ".join(str(part) for part in row.key)
    if row.is_new:
        outcome.rows.append(RowResult(row.number, display_key, NEW))
        if not write and len(state.resource.key) == 1:
            lookups.expect(state.resource.model, str(row.key[0]))
    else:
        diffs = [
            (c, _show(fields[c], row.before[c], lookups), _show(fields[c], after[c], lookups))
            for c in columns
            if row.before[c] != after[c]
        ]
        outcome.rows.append(
            RowResult(row.number, display_key, CHANGED if diffs else UNCHANGED, diffs)
        )
    if write and outcome.rows[-1].status != UNCHANGED:
        links = {c: after[c] for c in state.m2m_columns if row.is_new or row.before[c] != after[c]}
        changed_columns = [c for c, _old, _new in outcome.rows[-1].diffs]
        state.to_save.append(
            PendingWrite(row.number, row.obj, links, row.is_new, changed_columns, row.before)
        )


def _existing(resource: Resource) -> dict[tuple, models.Model]:
    related = [c for c in resource.columns if resource.field(c).many_to_one]
    queryset = resource.model._default_manager.select_related(*related)
    return {obj.natural_key(): obj for obj in queryset}


def _m2m_links(model: type[models.Model], column: str) -> dict[int, set[int]]:
    """Links of every object (one query on the through table)."""
    field = model._meta.get_field(column)
    through = field.remote_field.through
    source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
    links: dict[int, set[int]] = defaultdict(set)
    for left, right in through.objects.values_list(source, target):
        links[left].add(right)
    return links


def _snapshot(obj, columns, fields, m2m_or_values) -> dict[str, object]:
    """Comparable values of ``obj``: attribute values, FK ids, and sets of linked ids."""
    snapshot = {}
    for column in columns:
        field = fields[column]
        if field.many_to_many:
            source = m2m_or_values
            snapshot[column] = (
                set(source[column].get(obj.pk, set()))
                if isinstance(source[column], dict)
                else set(source[column])
            )
        else:
            snapshot[column] = getattr(obj, field.attname)
    return snapshot


def _parse(field: models.Field, raw: object, lookups: Lookups):
    if not field.is_relation:
        return parse_scalar(field, raw)
    target = lookups.for_model(field.related_model)
    if field.many_to_many:
        if is_blank(raw):
            return set()
        codes = [code.strip() for code in str(raw).split(M2M_SEPARATOR) if code.strip()]
        unknown = [code for code in codes if code not in target]
        if unknown:
            raise ValidationError(
                _("Unknown %(what)s: %(codes)s.")
                % {"what": field.related_model._meta.verbose_name, "codes": ", ".join(unknown)}
            )
        return {target[code] for code in codes}
    if is_blank(raw):
        if not field.null:
            raise ValidationError(_("This field cannot be blank."))
        return None
    value = str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        value = str(int(raw))
    if value not in target:
        raise ValidationError(
            _("No %(what)s “%(value)s”.")
            % {"what": field.related_model._meta.verbose_name, "value": value}
        )
    return target[value]


def _key_part(field: models.Field, value: object, lookups: Lookups) -> object:
    """The natural-key part as ``natural_key()`` returns it (related objects by their key)."""
    if field.many_to_one:
        return lookups.names(field.related_model).get(value) if value is not None else None
    return value


def _show(field: models.Field, value: object, lookups: Lookups) -> object:
    """A value as the diff shows it: related objects by natural key, sets sorted."""
    if field.is_relation:
        names = lookups.names(field.related_model)
        if field.many_to_many:
            return M2M_SEPARATOR.join(sorted(names.get(pk, "?") for pk in value))
        return names.get(value, "") if value is not None else ""
    shown = export_scalar(field, value)
    return "" if shown is None else str(shown)
