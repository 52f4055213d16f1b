"""What the demo shows, pinned: every page each demo login can reach, every export,
``manage.py rank`` and ``export_report``, compared with the recorded fingerprints in
``tests/golden/``.

A change that should not change what users see (a restructure, a speed-up) keeps this green. A
change that does change it re-records the fingerprints on purpose and says so in its commit::

    GOLDEN_UPDATE=1 .venv/bin/pytest tests/test_golden_demo.py            # SQLite
    GOLDEN_UPDATE=1 DATABASE_URL=postgres://... .venv/bin/pytest tests/test_golden_demo.py

``GOLDEN_DUMP=DIR`` also writes each normalised output to DIR, so that two runs (before and
after a change) can be compared with ``diff -r``.

The clock is frozen and primary keys start at 1, so the pages are the same on every run; what
varies by design (CSRF tokens, CSP nonces, random element ids) is normalised away.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from pypdf import PdfReader

from scorecard.models import Engagement, RankingMethod
from tests.crawl import crawl

pytestmark = [pytest.mark.django_db(transaction=True, reset_sequences=True), pytest.mark.slow]

GOLDEN = Path(__file__).parent / "golden"
NOW = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)
LOGINS = ("consultant", "analyst", "analyst2", "client", "admin")
_VARYING = [
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"'), b'name="csrfmiddlewaretoken"'),
    (re.compile(rb'"csrfToken": ?"[^"]+"'), b'"csrfToken"'),
    (re.compile(rb'nonce="[^"]+"'), b'nonce=""'),
    (re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), b"UUID"),
    # Password salts and hashes (the admin's user page), a new device's random key.
    (re.compile(rb"<bdi>[^<*]+\*+</bdi>"), b"<bdi>***</bdi>"),
    (re.compile(rb'value="[0-9a-f]{40}"'), b'value="KEY"'),
    # Content types and permissions are re-created after any transactional test's flush, with
    # new ids in another order: the admin's "view on site" links and permission lists.
    (re.compile(rb"/admin/r/\d+/"), b"/admin/r/CT/"),
    (re.compile(rb'<option value="\d+"(?=[^<]* \| [^<]* \| Can )'), b'<option value="PERM"'),
]


def _normalised(body: bytes) -> bytes:
    for pattern, replacement in _VARYING:
        body = pattern.sub(replacement, body)
    return body


def _content(response) -> bytes:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:  # an XLSX zip carries its creation time: compare the cells
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        cells = {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book
        }
        return json.dumps(cells, default=str, ensure_ascii=False).encode()
    return _normalised(body)


def _outputs(client, django_user_model, tmp_path) -> dict[str, bytes]:
    outputs: dict[str, bytes] = {}
    engagement = Engagement.objects.get()
    for username in LOGINS:
        client.force_login(django_user_model.objects.get(username=username))
        start = ["/", f"/engagements/{engagement.pk}/", "/admin/"]
        for url, (status, body) in crawl(client, start, _content).items():
            outputs[f"{username} GET {url}"] = f"{status}\n".encode() + body
        client.logout()
    for method in RankingMethod.values:
        for fmt in ("table", "csv", "json"):
            out = io.StringIO()
            call_command("rank", engagement.reference, method=method, format=fmt, stdout=out)
            outputs[f"manage.py rank --method {method} --format {fmt}"] = out.getvalue().encode()
    pdf = tmp_path / "report.pdf"
    out = io.StringIO()
    call_command("export_report", engagement.reference, output=str(pdf), stdout=out)
    reader = PdfReader(pdf)
    text = "\n\f".join(page.extract_text() for page in reader.pages)
    # The timings in the command's own line vary; the fingerprint and page count do not.
    line = out.getvalue().replace(str(pdf), "report.pdf")
    outputs["manage.py export_report (output)"] = re.sub(r" \(.*\)$", "", line).encode()
    outputs["manage.py export_report (text)"] = text.encode()
    return outputs


def test_demo_outputs_match_the_recorded_fingerprints(
    client, django_user_model, settings, tmp_path
):
    settings.DEBUG = True  # setup_demo creates the demo logins only with DEBUG
    with time_machine.travel(NOW, tick=False):
        call_command("setup_demo", stdout=io.StringIO())
        settings.DEBUG = False
        outputs = _outputs(client, django_user_model, tmp_path)

    fingerprints = {key: hashlib.sha256(body).hexdigest() for key, body in sorted(outputs.items())}
    golden = GOLDEN / f"demo-{connection.vendor}.json"
    if dump := os.environ.get("GOLDEN_DUMP"):
        folder = Path(dump) / connection.vendor
        folder.mkdir(parents=True, exist_ok=True)
        for key, body in outputs.items():
            (folder / re.sub(r"[^\w.-]+", "_", key)[:200]).write_bytes(body)
    if os.environ.get("GOLDEN_UPDATE"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(fingerprints, indent=1, sort_keys=True) + "\n")
    recorded = json.loads(golden.read_text())
    assert len(fingerprints) > 150, "the crawl reached too few pages to pin anything"
    changed = sorted(
        key for key in recorded.keys() & fingerprints.keys() if recorded[key] != fingerprints[key]
    )
    assert (
        changed,
        sorted(recorded.keys() - fingerprints.keys()),
        sorted(fingerprints.keys() - recorded.keys()),
    ) == (
        [],
        [],
        [],
    )
