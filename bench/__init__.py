"""Benchmarks and the load test: scripts that print figures, never pass/fail tests.

    python -m bench.engine [--quick]        the pure decision engine (no Django)
    python -m bench.pages [--quick]         the ranking dashboard against a minimal page
    python -m bench.stewardship [--quick]   preview and apply of a provider import
    python -m bench.import_locks [--quick]  how long an import holds SQLite's write lock
    python -m bench.reports [--quick]       the PDF report: layout, re-export, background job
    python -m bench.loadtest [--quick]      locust against a throw-away gunicorn deployment

``make test`` runs each with ``--quick`` (a smoke run); ``make bench`` runs them in full.
"""
