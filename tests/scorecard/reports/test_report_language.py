"""The report's language: the engagement's by default, chosen per report, in the fingerprint,
and the whole report written in it (``both``: the executive summary in Spanish as well)."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from scorecard.forms.reports import ReportForm
from scorecard.models import Report, ReportLanguage, Role
from scorecard.reports.build import build_report
from scorecard.reports.context import ReportData
from scorecard.reports.fingerprint import compute_fingerprint


def _fingerprint(engagement, language: str) -> str:
    return compute_fingerprint(ReportData(engagement, sections=["summary"], language=language))


def test_report_language_changes_the_fingerprint(scored):
    english = _fingerprint(scored.engagement, ReportLanguage.EN)

    assert _fingerprint(scored.engagement, ReportLanguage.EN) == english
    assert _fingerprint(scored.engagement, ReportLanguage.ES_MX) != english
    assert _fingerprint(scored.engagement, ReportLanguage.BOTH) != english


def test_report_form_defaults_to_the_engagements_language_and_takes_another(world, client):
    world.engagement.report_language = ReportLanguage.ES_MX
    world.engagement.save()
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:report-list", args=[world.engagement.pk])

    page = client.get(url).content.decode()

    assert '<option value="es-mx" selected>' in page
    form = ReportForm(
        user=world.users[Role.CONSULTANT],
        engagement=world.engagement,
        data={"sections": ["summary"]},
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["language"] == ReportLanguage.ES_MX
    chosen = ReportForm(
        user=world.users[Role.CONSULTANT],
        engagement=world.engagement,
        data={"sections": ["summary"], "language": ReportLanguage.BOTH},
    )
    assert chosen.is_valid()
    assert chosen.cleaned_data["language"] == ReportLanguage.BOTH


def test_report_form_refuses_an_unknown_language(world):
    form = ReportForm(
        user=world.users[Role.CONSULTANT],
        engagement=world.engagement,
        data={"sections": ["summary"], "language": "fr"},
    )

    assert not form.is_valid()
    assert "language" in form.errors


def test_report_generated_in_spanish_keeps_its_language(world, scored, client):
    client.force_login(world.users[Role.CONSULTANT])

    client.post(
        reverse("scorecard:report-create", args=[world.engagement.pk]),
        {"sections": ["summary"], "language": ReportLanguage.ES_MX},
    )

    report = Report.objects.get()
    assert (report.language, report.status) == (ReportLanguage.ES_MX, "done")
    pdf = b"".join(
        client.get(
            reverse("scorecard:report-download", args=[world.engagement.pk, report.pk])
        ).streaming_content
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Resumen ejecutivo" in text
    assert "Executive summary" not in text


def test_export_report_command_writes_the_report_in_spanish(scored, tmp_path):
    output = tmp_path / "informe.pdf"
    out = io.StringIO()

    call_command(
        "export_report",
        str(scored.engagement.pk),
        "--language",
        "es-mx",
        "--sections",
        "summary",
        "method",
        "-o",
        str(output),
        stdout=out,
    )

    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert "Wrote" in out.getvalue()
    for heading in ("Resumen ejecutivo", "Contenido", "Alcance y método", "Confidencial"):
        assert heading in text
    assert "Executive summary" not in text


def test_report_both_languages_has_the_summary_in_english_then_spanish(scored):
    built = build_report(
        scored.engagement, sections=["summary", "method"], language=ReportLanguage.BOTH
    )

    html = built.html
    assert '<html lang="en">' in html
    assert html.index(">Executive summary<") < html.index(">Resumen ejecutivo<")
    assert html.index(">Resumen ejecutivo<") < html.index(">Scope and method<")
    assert '<div lang="es-MX">' in html
    assert "Alcance y método" not in html  # only the summary is bilingual


SPANISH_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def test_report_in_spanish_writes_dates_as_mexico_does(scored):
    # es_MX formats: "3 de diciembre de 2026", "marzo de 2027", 01/03/2027; never ISO dates.
    scored.engagement.go_live = dt.date(2027, 3, 1)
    scored.engagement.save()

    built = build_report(
        scored.engagement,
        sections=["summary", "method", "profiles"],
        language=ReportLanguage.ES_MX,
    )

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(built.pdf)).pages)
    today = timezone.localdate()
    assert f"Fecha {today.day} de {SPANISH_MONTHS[today.month - 1]} de {today.year}" in text
    assert "Arranque de operación previsto: marzo de 2027." in text
    assert "(01/03/2027)" in text  # next steps: before go-live
    # A credential's expiry (CredentialFactory), wherever its line wraps.
    assert "hasta enero de 2028" in " ".join(text.split())
    assert re.findall(r"\b\d{4}-\d{2}(?:-\d{2})?\b", text) == []
