"""Imports flow one way: each rule names some source files and the modules they may not import.

Read from the source (every ``import`` and ``from … import`` statement, those inside functions
included, relative ones resolved), never by importing it. Add a row to :data:`RULES` to add a
rule; a rule whose files are all gone fails, so a renamed folder cannot make it pass vacuously.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Our own top-level packages: "nothing from the app" means none of these.
APP_PACKAGES = ("accounts", "cities", "providers", "scorecard", "vendors")


@dataclass(frozen=True)
class Rule:
    """Files matching ``sources`` (globs under the repository root) import no module matching
    ``forbidden`` unless it matches ``allowed``. A pattern is a module and its submodules
    (``scorecard`` matches ``scorecard.models.costs``), or ``*.name``: any module with a part
    called ``name`` (``*.forms`` matches ``django.forms`` and ``scorecard.forms.setup``)."""

    name: str
    sources: tuple[str, ...]
    forbidden: tuple[str, ...]
    allowed: tuple[str, ...] = ()


RULES = (
    Rule(
        "the engine imports no Django and nothing from the app",
        ("scorecard/engine/**/*.py",),
        ("django", *APP_PACKAGES),
        allowed=("scorecard.engine",),
    ),
    Rule(
        "the domain layer imports nothing from the app and of Django only translation",
        ("scorecard/domain/**/*.py",),
        ("django", *APP_PACKAGES),
        allowed=("scorecard.domain", "scorecard.engine", "django.utils.translation"),
    ),
    Rule(
        "the pure cost maths imports no Django at all",
        tuple(
            f"scorecard/domain/{name}.py"
            for name in ("statutory", "tco", "seats", "sustainability", "value", "flags")
        ),
        ("django", *APP_PACKAGES),
        allowed=("scorecard.domain",),
    ),
    Rule(
        "cities import nothing from the evaluation app",
        ("cities/**/*.py",),
        ("scorecard", "accounts"),
    ),
    Rule(
        "providers import nothing from the evaluation app",
        ("providers/**/*.py",),
        ("scorecard", "accounts"),
    ),
    Rule(
        "cities import nothing from providers (providers refer to cities)",
        ("cities/**/*.py",),
        ("providers",),
    ),
    Rule(
        "services take plain data, never a form",
        ("scorecard/services.py", "scorecard/services/**/*.py"),
        ("*.forms",),
    ),
    Rule(
        "selectors read: no views, forms, services, charts or reports",
        ("scorecard/selectors/**/*.py",),
        ("*.views", "*.forms", "scorecard.services", "scorecard.charts", "scorecard.reports"),
    ),
    Rule(
        "selectors use of the ranking package only its measures (ranking reads selectors.costs)",
        ("scorecard/selectors/**/*.py",),
        ("scorecard.ranking",),
        allowed=("scorecard.ranking.measures",),
    ),
    Rule(
        "the ranking package reads of the selectors only the cost criterion",
        ("scorecard/ranking/**/*.py",),
        ("scorecard.selectors",),
        allowed=("scorecard.selectors.costs",),
    ),
    Rule(
        "ranking measures import no selectors (selectors read them)",
        ("scorecard/ranking/measures.py",),
        ("scorecard.selectors",),
    ),
    Rule(
        "the evaluation app imports the vendor portal only where its views show vendor answers",
        ("scorecard/**/*.py",),
        ("vendors",),
        allowed=("vendors.selectors",),
    ),
    Rule(
        "only the assessment views read the vendor portal (its one integration point)",
        tuple(
            f"scorecard/{path}.py"
            for path in (
                "models/*",
                "selectors/*",
                "services/*",
                "ranking/*",
                "reports/*",
                "engine/*",
            )
        ),
        ("vendors",),
    ),
    Rule(
        "the vendor portal uses the evaluation app's models, reads, uploads and access only",
        ("vendors/**/*.py",),
        (
            "scorecard.views",
            "scorecard.services",
            "scorecard.ranking",
            "scorecard.reports",
            "scorecard.charts",
            "scorecard.exports",
            "scorecard.stewardship",
            "accounts",
        ),
        allowed=("scorecard.stewardship.files",),
    ),
    Rule(
        "vendor-portal services take plain data, never a form; its selectors read",
        ("vendors/services.py", "vendors/selectors.py", "vendors/profile.py"),
        ("*.forms", "*.views"),
    ),
    Rule(
        "reports import no views",
        ("scorecard/reports/**/*.py",),
        ("*.views",),
    ),
)

# Rules that fail today because of code another change is moving: rule name -> why. Strict, so
# the rule must be taken off this list the day it holds.
XFAIL: dict[str, str] = {}


def _matches(module: str, pattern: str) -> bool:
    if pattern.startswith("*."):
        return pattern[2:] in module.split(".")
    return module == pattern or module.startswith(pattern + ".")


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file; ``from a import b`` gives ``a.b`` (``b``
    may be a submodule, and the rule about ``a.b`` must see it)."""
    package = (
        _module_of(path) if path.name == "__init__.py" else _module_of(path).rpartition(".")[0]
    )
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return sorted(found)


def _files(rule: Rule) -> list[Path]:
    return sorted({path for pattern in rule.sources for path in ROOT.glob(pattern)})


def violations(rule: Rule) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _files(rule)
        for line, module in imported_modules(path)
        if any(_matches(module, p) for p in rule.forbidden)
        and not any(_matches(module, p) for p in rule.allowed)
    ]


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param(rule, marks=pytest.mark.xfail(strict=True, reason=XFAIL[rule.name]))
        if rule.name in XFAIL
        else rule
        for rule in RULES
    ],
    ids=[rule.name for rule in RULES],
)
def test_layers_rule_holds(rule):
    assert _files(rule), f"no file matches {rule.sources}"
    assert violations(rule) == []


def test_imported_modules_resolves_relative_and_from_imports(tmp_path, monkeypatch):
    package = tmp_path / "scorecard" / "reports"
    package.mkdir(parents=True)
    source = package / "example.py"
    source.write_text(
        "import django.db\n"
        "from . import views\n"
        "from ..forms import setup\n"
        "def f():\n"
        "    from scorecard import engine\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)

    assert imported_modules(source) == [
        (1, "django.db"),
        (2, "scorecard.reports.views"),
        (3, "scorecard.forms.setup"),
        (5, "scorecard.engine"),
    ]


def test_rule_patterns_match_modules_and_parts():
    assert _matches("scorecard.models.costs", "scorecard")
    assert not _matches("scorecard_extra", "scorecard")
    assert _matches("django.forms", "*.forms")
    assert not _matches("scorecard.formset", "*.forms")
