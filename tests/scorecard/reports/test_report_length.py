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

    reader = PdfReader(pdf)
    chapters = _chapter_pages(reader)
    texts = [page.extract_text() for page in reader.pages]

    assert chapters["Appendix"] <= BODY_PAGES + 1, chapters
    # Shorter, not poorer: the city page points to every figure, which the appendix carries.
    city_page = texts[chapters["City comparison"] - 1]
    assert "every figure with its source and as-of date is in the appendix" in city_page
    appendix = "\n".join(texts[chapters["Appendix"] - 1 :])
    assert "City figures" in appendix
    assert "Telephone-sales workforce" in appendix
