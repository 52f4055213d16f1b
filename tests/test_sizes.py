"""Size limits on our own source (STYLE.md: split a module that passes ~400 lines).

No function or method longer than :data:`MAX_FUNCTION_LINES`; no module longer than
:data:`MAX_MODULE_LINES` unless its docstring has a line starting ``Size:`` that says why it
stays whole. Migrations and tests are not checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "bench", "cities", "providers", "scorecard", "vendors")
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 400

# Paths (relative to the repository, a folder ending in "/") left unchecked, each with its reason.
# Remove an entry as soon as its reason no longer holds.
NOT_CHECKED_YET: dict[str, str] = {}


def _checked_sources() -> list[tuple[str, str]]:
    sources = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if {"migrations", "tests"} & set(path.parts) or any(
                relative == skipped or (skipped.endswith("/") and relative.startswith(skipped))
                for skipped in NOT_CHECKED_YET
            ):
                continue
            sources.append((relative, path.read_text(encoding="utf-8")))
    return sources


def test_sizes_sources_found_finds_every_app() -> None:
    found = {relative.split("/")[0] for relative, _text in _checked_sources()}

    assert found == set(APPS)


def test_sizes_long_functions_none_over_the_limit() -> None:
    too_long = []
    for relative, text in _checked_sources():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    too_long.append(f"{relative}:{node.lineno} {node.name}() {lines} lines")

    assert too_long == []


def test_sizes_long_modules_each_say_why() -> None:
    unexplained = []
    for relative, text in _checked_sources():
        lines = len(text.splitlines())
        docstring = ast.get_docstring(ast.parse(text)) or ""
        has_reason = any(line.strip().startswith("Size:") for line in docstring.splitlines())
        if lines > MAX_MODULE_LINES and not has_reason:
            unexplained.append(f"{relative} {lines} lines")

    assert unexplained == []
