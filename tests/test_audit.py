"""The dependency audit (.ci/audit.py): a package pip-audit could not look up is never a pass."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "ci_audit", Path(__file__).resolve().parent.parent / ".ci" / "audit.py"
)
audit = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(audit)


def _skipped(name: str, version: str) -> dict:
    return {
        "name": name,
        "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} ({version})",
    }


def _clean(name: str, version: str) -> dict:
    return {"name": name, "version": version, "vulns": [], "fixes": []}


def _latest(releases: dict[tuple[str, str], list[dict]]):
    """A lookup that knows only the given (name, version) pairs as latest releases."""
    return lambda name, version: releases.get((name, version))


def test_vulnerability_found_by_pip_audit_fails():
    packages = [
        _clean("django", "5.2.19"),
        {
            "name": "pillow",
            "version": "10.0.0",
            "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["10.0.1"]}],
        },
    ]
    lines, code = audit.verdict(packages, _latest({}), required=False)
    assert code == 1
    assert lines[0] == "pillow 10.0.0: GHSA-xxxx (fixed in 10.0.1)"


def test_skipped_package_at_its_latest_release_is_checked_on_the_project_page():
    packages = [_skipped("asgiref", "3.13.0"), _skipped("sqlparse", "0.5.0")]
    vuln = {"id": "PYSEC-2099-1", "fix_versions": []}
    lookup = _latest({("asgiref", "3.13.0"): [], ("sqlparse", "0.5.0"): [vuln]})
    lines, code = audit.verdict(packages, lookup, required=False)
    assert code == 1
    assert lines[0] == "sqlparse 0.5.0: PYSEC-2099-1 (fixed in no release yet)"


@pytest.mark.parametrize(("required", "expected"), [(False, 0), (True, 1)])
def test_packages_nobody_could_check_make_an_incomplete_audit(required, expected):
    packages = [_clean("django", "5.2.19"), _skipped("numpy", "2.4.6")]
    lines, code = audit.verdict(packages, _latest({}), required=required)
    assert code == expected
    assert lines[-1].startswith("AUDIT INCOMPLETE: 1 of 2 locked packages checked")
    assert "numpy 2.4.6" in lines[-1]


def test_everything_checked_and_clean_passes():
    packages = [_clean("django", "5.2.19"), _skipped("asgiref", "3.13.0")]
    lines, code = audit.verdict(packages, _latest({("asgiref", "3.13.0"): []}), required=True)
    assert (lines, code) == (["No known vulnerabilities in 2 locked packages."], 0)


def test_lock_files_pin_every_declared_dependency_within_its_range():
    """`make lock` was run after the last change to pyproject.toml's dependencies."""
    import tomllib

    from packaging.requirements import Requirement

    root = Path(__file__).resolve().parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    for lock, groups in (("prod.txt", ["s3"]), ("dev.txt", ["s3", "dev"])):
        pins = {}
        for line in (root / "requirements" / lock).read_text().splitlines():
            if "==" in line and not line.startswith("#"):
                name, version = line.split("==")
                pins[name.strip().lower().replace("_", "-")] = version.split()[0]
        declared = project["dependencies"] + [
            spec for group in groups for spec in project["optional-dependencies"][group]
        ]
        for spec in map(Requirement, declared):
            name = spec.name.lower().replace("_", "-")
            assert name in pins, f"{spec.name} is not in requirements/{lock}: run make lock"
            assert spec.specifier.contains(pins[name], prereleases=True), (
                f"requirements/{lock} pins {name}=={pins[name]} outside {spec.specifier}: "
                "run make lock"
            )
