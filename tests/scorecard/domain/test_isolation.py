"""The domain layer is pure: importing it loads no ORM (models, database or queries)."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import scorecard.domain

ROOT = Path(__file__).resolve().parents[3]


def test_importing_domain_modules_loads_no_orm():
    modules = [
        f"scorecard.domain.{info.name}" for info in pkgutil.iter_modules(scorecard.domain.__path__)
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "orm = [m for m in sys.modules if m.startswith('django.db') or m.endswith('.models')]\n"
        "assert not orm, orm\n"
    )

    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert modules
    assert completed.returncode == 0, completed.stderr
