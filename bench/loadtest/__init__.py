"""Load test: locust users browsing, assessing and ranking against gunicorn (issue 8).

    python -m bench.loadtest            # 30 users, 2 minutes idle + 2 minutes with reports
    python -m bench.loadtest --quick    # a short smoke run (CI)

See :mod:`bench.loadtest.__main__` for what is measured and :mod:`.locustfile` for the
simulated users.
"""
