"""Which reference tables can be exported and imported, and how a cell maps to a field.

A :class:`Resource` is a model, its natural-key columns and its other columns, named after the
model fields. A translated field (``translation.py`` of each app) has one column per language,
``name_en`` and ``name_es_mx``, so a file carries both languages and reads back unchanged.
Related objects appear by their natural key (a city by name, a provider by legal
name, a source or term by code); many-to-many columns hold codes separated by ``|``.
:data:`RESOURCES` is in dependency order: importing a workbook applies its sheets in this order,
so a sheet may refer to rows that an earlier sheet creates.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from cities.models import City, CityFigure, Source
from providers.models import (
    Channel,
    Credential,
    Language,
    Provider,
    ServiceFunction,
    Site,
    Vertical,
)
from scorecard.models import Criterion, GateDefinition, Indicator, RubricLevel
from scorecard.spreadsheets import FORMULA_TRIGGERS

M2M_SEPARATOR = "|"
_TRUE = {"true", "1", "yes", "y", "t", "sí", "si"}
_FALSE = {"false", "0", "no", "n", "f"}


@dataclass(frozen=True)
class Resource:
    """A table of one reference model. ``key`` are the natural-key columns, in the order of
    the model's ``natural_key()``; ``columns`` are all columns, key first."""

    name: str
    model: type[models.Model]
    key: tuple[str, ...]
    columns: tuple[str, ...]
    # For models whose ``save()`` fills a blank slug: the column it is made from.
    slug_from: str = ""

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def field(self, column: str) -> models.Field:
        return self.model._meta.get_field(column)

    @property
    def relation_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if self.field(c).is_relation)


def in_each_language(*fields: str) -> tuple[str, ...]:
    """The columns of translated ``fields``: each field once per language (``name_en``,
    ``name_es_mx``), in the order of ``settings.LANGUAGES``."""
    return tuple(
        build_localized_fieldname(field, language)
        for field in fields
        for language in AVAILABLE_LANGUAGES
    )


def _term(name: str, model: type[models.Model]) -> Resource:
    return Resource(name, model, ("code",), ("code", *in_each_language("name"), "order"))


RESOURCES: tuple[Resource, ...] = (
    _term("languages", Language),
    _term("channels", Channel),
    _term("functions", ServiceFunction),
    _term("verticals", Vertical),
    Resource(
        "sources",
        Source,
        ("code",),
        (
            "code",
            "title",
            "publisher",
            "url",
            "published_on",
            "is_secondary",
            "is_weak",
            "weak_reason",
        ),
    ),
    Resource(
        "cities",
        City,
        ("name",),
        (
            "name",
            "name_es_mx",
            "slug",
            "state",
            "timezone",
            "wage_zone",
            "complexity_tier",
            "latitude",
            "longitude",
            *in_each_language("summary"),
        ),
        slug_from="name",
    ),
    Resource(
        "city_figures",
        CityFigure,
        ("city", "metric"),
        ("city", "metric", "status", "value", "text", "source", "as_of", "period", "note"),
    ),
    Resource(
        "providers",
        Provider,
        ("legal_name",),
        (
            "legal_name",
            "trade_name",
            "slug",
            "rfc",
            "is_demo",
            "description",
            "website",
            "headquarters",
            "year_founded",
            "headcount",
            "revenue_band",
            "ownership",
            "client_concentration_pct",
            "attrition_pct",
            "sat_69b_status",
            "sat_69b_checked_on",
            "profile_source",
            "profile_as_of",
            "languages",
            "channels",
            "functions",
            "verticals",
        ),
        slug_from="trade_name",
    ),
    Resource(
        "sites",
        Site,
        ("provider", "name"),
        (
            "provider",
            "name",
            "city",
            "seats_total",
            "seats_available",
            "wfh_share_pct",
            "functions",
            "languages",
            "continuity_notes",
        ),
    ),
    Resource(
        "credentials",
        Credential,
        ("provider", "kind", "number"),
        (
            "provider",
            "kind",
            "number",
            "issuer",
            "issuer_is_fictional",
            "scope",
            "outcome",
            "issued_on",
            "expires_on",
            "evidence_url",
            "source",
        ),
    ),
    Resource(
        "criteria",
        Criterion,
        ("code",),
        ("code", *in_each_language("name", "description"), "default_weight", "order"),
    ),
    Resource(
        "indicators",
        Indicator,
        ("code",),
        (
            "code",
            "criterion",
            *in_each_language("name", "guidance"),
            "kind",
            "default_weight",
            "measured_source",
            "value_function",
            "order",
        ),
    ),
    Resource(
        "rubric_levels",
        RubricLevel,
        ("indicator", "level"),
        ("indicator", "level", *in_each_language("label", "description")),
    ),
    Resource(
        "gates",
        GateDefinition,
        ("code",),
        ("code", *in_each_language("name", "description", "legal_basis"), "fact", "order"),
    ),
)
RESOURCES_BY_NAME = {resource.name: resource for resource in RESOURCES}
RESOURCES_BY_MODEL = {resource.model: resource for resource in RESOURCES}


def get_resource(name: str) -> Resource:
    """The resource called ``name``; ``KeyError`` names the known ones."""
    try:
        return RESOURCES_BY_NAME[name]
    except KeyError:
        raise KeyError(
            _("Unknown table %(name)s; known tables: %(known)s.")
            % {"name": name, "known": ", ".join(RESOURCES_BY_NAME)}
        ) from None


def key_column_of(model: type[models.Model]) -> str:
    """The single natural-key field of a model other tables refer to."""
    (column,) = RESOURCES_BY_MODEL[model].key
    return column


# --- cells ------------------------------------------------------------------------------


def neutralise(value: object) -> object:
    """Export form of a text cell: one apostrophe in front of text a spreadsheet would run
    (after any apostrophes it already starts with, so :func:`unneutralise` is its inverse)."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unneutralise(value: object) -> object:
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value.lstrip("'").startswith(FORMULA_TRIGGERS)
    ):
        return value[1:]
    return value


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_scalar(field: models.Field, raw: object) -> object:
    """The Python value of a non-relation cell; raises ``ValidationError`` with the reason."""
    raw = unneutralise(raw)
    if is_blank(raw):
        # A language column (django-modeltranslation) is nullable even when its field is not:
        # blank there means what it means in the field itself ("" for text).
        original = getattr(field, "translated_field", field)
        if field.null and original.null:
            return None
        if isinstance(field, models.BooleanField):
            return False
        return "" if isinstance(field, models.CharField | models.TextField) else None
    if isinstance(field, models.BooleanField):
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValidationError(_("“%(value)s” is not true or false.") % {"value": raw})
    if isinstance(field, models.JSONField):
        if not isinstance(raw, str):
            raise ValidationError(_("Expected JSON text."))
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValidationError(_("Invalid JSON: %(error)s") % {"error": exc}) from exc
    if isinstance(field, models.DecimalField):
        if isinstance(raw, bool):
            raise ValidationError(_("Expected a number."))
        if isinstance(raw, float):
            raw = repr(raw)
        try:
            return Decimal(str(raw).strip())
        except InvalidOperation:
            raise ValidationError(_("“%(value)s” is not a number.") % {"value": raw}) from None
    if isinstance(field, models.IntegerField):
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        return field.to_python(str(raw).strip() if isinstance(raw, str) else raw)
    if isinstance(field, models.DateField):
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        return field.to_python(str(raw).strip())
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw)


def export_scalar(field: models.Field, value: object) -> object:
    """The cell for a non-relation field value (typed where the format can keep the type)."""
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return neutralise(json.dumps(value, ensure_ascii=False))
    return neutralise(value)
