"""Issue 14: the demo report's body (cover to the appendix) fits in 20 pages."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from scorecard.models import Engagement

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BODY_PAGES = 20


def _chapter_pages(reader: PdfReader) -> dict[str, int]:
    """1-based first page of each top-level bookmark (the chapters' h1), by title."""
    return {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }


def test_demo_report_body_ends_before_page_21(settings, tmp_path):
    settings.DEBUG = True  # setup_demo creates the demo logins only with DEBUG
    call_command("setup_demo", verbosity=0)
    pdf = tmp_path / "report.pdf"
    call_command(
        "export_report", Engagement.objects.get().reference, output=str(pdf), stdout=io.StringIO()
    )

    chapters = _chapter_pages(PdfReader(pdf))

    assert chapters["Appendix"] <= BODY_PAGES + 1, chapters
