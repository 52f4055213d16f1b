"""Re-export the current reference data to ``fixtures/*.yaml`` (natural keys, stable order).

Each file keeps its leading comment block; objects are sorted by natural key and fields keep
model order, so re-exporting unchanged data rewrites the files byte for byte and a diff of
the fixtures after an edit reads like a changelog. A translated field (``translation.py``) is
written once per language (``name_en``, ``name_es_mx``), never as its language-dependent base
field.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.core.serializers.pyyaml import DjangoSafeDumper
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

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
from scorecard.models import (
    Criterion,
    GateDefinition,
    Indicator,
    KpiDefinition,
    RubricLevel,
    StatutoryRate,
)

# File → models, in load order (see setup_demo.FIXTURES). Providers not marked as demo data
# go to providers.yaml, which exists only once there are some.
FIXTURE_FILES = {
    "taxonomy": (Language, Channel, ServiceFunction, Vertical),
    "sources": (Source,),
    "cities": (City, CityFigure),
    "criteria": (Criterion, Indicator, RubricLevel, GateDefinition),
    # Every source, the statutory rates' included, goes to sources.yaml (loaded first).
    "statutory_rates": (StatutoryRate,),
    "kpi_catalogue": (KpiDefinition,),
    "demo_providers": (Provider, Site, Credential),
    "providers": (Provider, Site, Credential),
}


def _objects(name: str, model) -> list:
    queryset = model._default_manager.all()
    if name in ("demo_providers", "providers"):
        demo = name == "demo_providers"
        path = "is_demo" if model is Provider else "provider__is_demo"
        queryset = queryset.filter(**{path: demo})
    return sorted(queryset, key=lambda obj: tuple(str(p) for p in obj.natural_key()))


def _header(path: Path) -> str:
    if not path.exists():
        return ""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def _translated_fields(label: str) -> set[str]:
    """The base names of ``label``'s translated fields (empty for untranslated models)."""
    try:
        return set(translator.get_options_for_model(apps.get_model(label)).fields)
    except NotRegistered:
        return set()


def _serialize(objects: list) -> str:
    rows = serializers.serialize(
        "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    for row in rows:
        for field in _translated_fields(row["model"]):
            row["fields"].pop(field, None)
    return yaml.dump(rows, Dumper=DjangoSafeDumper, allow_unicode=True, sort_keys=False)


def export_fixtures(directory: Path) -> list[Path]:
    """Write every fixture file to ``directory``; returns the files written."""
    written = []
    for name, models in FIXTURE_FILES.items():
        objects = [obj for model in models for obj in _objects(name, model)]
        path = directory / f"{name}.yaml"
        if not objects and name == "providers":
            continue
        path.write_text(_header(path) + _serialize(objects), encoding="utf-8")
        written.append(path)
    return written


class Command(BaseCommand):
    help = "Re-export reference data to fixtures/*.yaml with natural keys, in a stable order."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=Path(settings.FIXTURE_DIRS[0]),
            help="Default: fixtures/.",
        )

    def handle(self, *args, **options) -> None:
        directory: Path = options["output_dir"]
        directory.mkdir(parents=True, exist_ok=True)
        for path in export_fixtures(directory):
            self.stdout.write(_("Wrote %(path)s") % {"path": path})
