"""The demo's invented providers and certifiers are never named without their "(fictional)"
mark: every page the consultant and the client reach (charts' data, the CSV and XLSX exports
among them), the vendor portal, the e-mails, and the report's PDF, data pack and deck.

The mark is one rule (:func:`providers.models.mark_fictional`); this test reads what each
output says, so a new place that prints ``trade_name`` or ``issuer`` instead of the marked
name fails here.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from providers.models import Credential, Provider, mark_fictional
from scorecard.models import Assessment, Engagement
from scorecard.notifications import notify_assessment_submitted
from tests.crawl import crawl
from vendors.services import invite_vendor

pytestmark = [pytest.mark.django_db(transaction=True, reset_sequences=True), pytest.mark.slow]

NOW = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)
MARK = re.compile(r"(?:\s|<br>|\\n)*\((?:fictional|ficticio)\)")
# What a field holds is the stored name, not a name shown: form values are left out.
FORM_VALUES = re.compile(r'value="[^"]*"|<textarea[^>]*>.*?</textarea>', re.S)


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in response.get("Content-Type", ""):
        return _workbook_text(body)
    return FORM_VALUES.sub("", body.decode("utf-8", "replace"))


def _workbook_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        " | ".join(str(v) for v in row if v is not None)
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
    )


def _deck_text(data: bytes) -> str:
    deck = Presentation(io.BytesIO(data))
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_chart", False) and shape.has_chart:
                texts.extend(str(c) for c in shape.chart.plots[0].categories)
            if shape.has_table:
                texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(texts)


def _unmarked(outputs: dict[str, str]) -> dict[str, str]:
    """``{where: …context of its first one…}`` for every output that names a fictional firm
    without its mark. A marked legal name ("Amate Nearshore Labs, S.A.P.I. de C.V.
    (fictional)") holds the trade name unmarked, so marked legal names are taken out first."""
    providers = list(Provider.objects.filter(is_demo=True))
    legal = [re.escape(p.legal_name) + MARK.pattern for p in providers]
    names = {p.trade_name for p in providers} | set(
        Credential.objects.filter(issuer_is_fictional=True).values_list("issuer", flat=True)
    )
    found: dict[str, str] = {}
    for where, text in outputs.items():
        for pattern in legal:
            text = re.sub(pattern, "", text)
        for name in names:
            for form in {name, json.dumps(name)[1:-1]}:  # as written, and inside chart JSON
                for hit in re.finditer(re.escape(form) + r"(?![\w])", text):
                    if not MARK.match(text, hit.end()):
                        context = text[max(0, hit.start() - 40) : hit.end() + 30]
                        found.setdefault(where, " ".join(context.split()))
    return found


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # setup_demo creates the demo logins only with DEBUG
    with time_machine.travel(NOW, tick=False):
        call_command("setup_demo", stdout=io.StringIO())
        settings.DEBUG = False
        yield Engagement.objects.get()


def test_demo_outputs_name_no_fictional_firm_without_its_mark(
    demo, client, django_user_model, tmp_path
):
    outputs: dict[str, str] = {}
    for username in ("consultant", "client"):
        client.force_login(django_user_model.objects.get(username=username))
        start = ["/", f"/engagements/{demo.pk}/", "/providers/"]
        pages = crawl(client, start, lambda response: _text(response).encode())
        for url, (_status, text) in pages.items():
            outputs[f"{username} GET {url}"] = text.decode()
        client.logout()
    # The vendor portal and its invitation e-mail, for the top-ranked fictional candidate.
    candidate = demo.candidates.filter(provider__is_demo=True).first()
    mail.outbox.clear()  # setup_demo's "decision published" notices name no firm
    _invitation, link = invite_vendor(
        candidate=candidate,
        contact_name="Vera Vendor",
        email="vera@example.com",
        language="en",
        deadline=NOW + dt.timedelta(days=14),
        blind=False,
        user=None,
        base_url="http://testserver",
    )
    portal = client.get(link, follow=True)
    outputs["vendor portal"] = _text(portal)
    notify_assessment_submitted(
        Assessment.objects.filter(candidate__provider__is_demo=True).first()
    )
    for number, message in enumerate(mail.outbox):
        bodies = [message.subject, message.body] + [a[0] for a in message.alternatives]
        outputs[f"e-mail {number}"] = "\n".join(bodies)
    pdf = tmp_path / "report.pdf"
    call_command("export_report", demo.reference, output=str(pdf), stdout=io.StringIO())
    outputs["report PDF"] = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    outputs["data pack"] = _workbook_text(pdf.with_suffix(".xlsx").read_bytes())
    outputs["deck"] = _deck_text(pdf.with_suffix(".pptx").read_bytes())

    # Each output was read, and names the demo's firms (so the walk below has something to
    # check); the crawl reached the exports, the compare, robustness and cost pages.
    walked = [key for key in outputs if "GET" not in key] + [
        key
        for key in outputs
        if re.search(r"consultant GET .*/(export/|compare/|robustness/|costs/\d+/)", key)
    ]
    named = [key for key in walked if "(fictional)" in outputs[key]]
    assert len(mail.outbox) >= 2
    assert sorted(named) == sorted(walked)
    assert len(walked) >= 12
    assert _unmarked(outputs) == {}


def test_mark_fictional_reads_the_active_language():
    with translation.override("es-mx"):
        spanish = mark_fictional("Cenzontle CX", True)

    assert (mark_fictional("Cenzontle CX", True), spanish, mark_fictional("SAT", False)) == (
        "Cenzontle CX (fictional)",
        "Cenzontle CX (ficticio)",
        "SAT",
    )
