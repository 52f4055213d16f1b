"""Audit the locked dependencies for known vulnerabilities with pip-audit, without a false green.

    python .ci/audit.py requirements/dev.txt

Fails (exit 1) when a locked package has a known vulnerability. pip-audit also says "No known
vulnerabilities found" when it could not look a package up at all (it marks the package
skipped): that is what happens where the network reaches only a PyPI mirror without PyPI's
per-release JSON API, as on the machines this project is built on. For those packages this
script falls back to PyPI's project JSON, whose "vulnerabilities" are exactly the latest
release's, so a package locked at its latest release is still checked. Whatever is left is an
incomplete audit, said in capitals with the package names. An incomplete audit fails only
with ``AUDIT_REQUIRED=true`` (set it where the vulnerability service is reachable, so that a
network outage cannot pass for a clean audit).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BIN = Path(sys.executable).parent
Lookup = Callable[[str, str], "list[dict] | None"]


def pip_audit(lock: str) -> list[dict] | None:
    """pip-audit's JSON "dependencies" for the lock file, or None if pip-audit did not run."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        result = subprocess.run(
            [
                str(BIN / "pip-audit"),
                "--requirement",
                lock,
                "--no-deps",  # the lock pins every dependency already
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--timeout",
                "20",
                "--format",
                "json",
                "--output",
                str(report),
            ],
            capture_output=True,
            text=True,
        )
        if not report.exists():
            print(f"pip-audit failed ({result.returncode}):", file=sys.stderr)
            print(result.stderr.strip()[-2000:], file=sys.stderr)
            return None
        return json.loads(report.read_text())["dependencies"]


def latest_release_vulns(name: str, version: str) -> list[dict] | None:
    """Known vulnerabilities of ``name`` ``version`` if that is its latest release on PyPI
    (PyPI's project JSON lists exactly the latest release's), else None (unknown from here)."""
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=20) as page:
            data = json.load(page)
    except (OSError, ValueError):
        return None
    if data["info"]["version"] != version:
        return None
    return [
        {"id": v["id"], "fix_versions": v.get("fixed_in") or []}
        for v in data.get("vulnerabilities") or []
        if not v.get("withdrawn")
    ]


def verdict(packages: list[dict], lookup: Lookup, *, required: bool) -> tuple[list[str], int]:
    """The lines to print and the exit code for pip-audit's result, skipped packages looked up
    with ``lookup(name, version)``."""
    skipped = [p for p in packages if "skip_reason" in p]
    for package in skipped:
        package["version"] = package["skip_reason"].rsplit("(", 1)[-1].rstrip(")")
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda p: lookup(p["name"], p["version"]), skipped))
    for package, vulns in zip(skipped, found, strict=True):
        if vulns is not None:
            del package["skip_reason"]
            package["vulns"] = vulns
    unknown = [p for p in packages if "skip_reason" in p]
    vulnerable = [p for p in packages if p.get("vulns")]
    lines = [
        f"{p['name']} {p['version']}: {v['id']} (fixed in "
        f"{', '.join(v.get('fix_versions') or []) or 'no release yet'})"
        for p in vulnerable
        for v in p["vulns"]
    ]
    checked = len(packages) - len(unknown)
    if vulnerable:
        lines.append(
            f"{len(vulnerable)} of {len(packages)} locked packages have known vulnerabilities."
        )
        return lines, 1
    if unknown:
        names = ", ".join(f"{p['name']} {p['version']}" for p in unknown)
        lines.append(
            f"AUDIT INCOMPLETE: {checked} of {len(packages)} locked packages checked, no known "
            f"vulnerabilities; {len(unknown)} could not be checked ({names}): PyPI's per-release "
            "vulnerability API is not reachable from here and they are not at their latest "
            "release, so nothing is known either way about them."
        )
        return lines, 1 if required else 0
    lines.append(f"No known vulnerabilities in {checked} locked packages.")
    return lines, 0


def main(lock: str) -> int:
    required = os.environ.get("AUDIT_REQUIRED", "").lower() in {"1", "true", "yes"}
    packages = pip_audit(lock)
    if packages is None:
        print("AUDIT NOT RUN.")
        return 1 if required else 0
    lines, code = verdict(packages, latest_release_vulns, required=required)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "requirements/dev.txt"))
