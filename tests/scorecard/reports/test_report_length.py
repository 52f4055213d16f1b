"""Issue 14: the demo report's body (cover to the appendix) fits in 20 pages, in English and in
Spanish (issue 15: the same report in either language, so the same limit)."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from scorecard.models import Engagement

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# One limit for every language.
BODY_PAGES = 20


def _chapter_pages(reader: PdfReader) -> dict[str, int]:
    """1-based first page of each top-level bookmark (the chapters' h1), by title."""
    return {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_demo_report_body_ends_before_page_21(settings, tmp_path, language):
    settings.DEBUG = True  # setup_demo creates the demo logins only with DEBUG
    call_command("setup_demo", verbosity=0)
    pdf = tmp_path / "report.pdf"
    call_command(
        "export_report",
        Engagement.objects.get().reference,
        language=language,
        output=str(pdf),
        stdout=io.StringIO(),
    )
    # The titles and phrases as the report prints them in that language (the catalogue's).
    with translation.override(language):
        appendix, cities, city_figures, workforce, every_figure = (
            gettext(text)
            for text in (
                "Appendix",
                "City comparison",
                "City figures",
                "Telephone-sales workforce",
                "Headline figures (every figure with its source and as-of date is in the appendix)",
            )
        )

    reader = PdfReader(pdf)
    chapters = _chapter_pages(reader)
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]

    assert chapters[appendix] <= BODY_PAGES + 1, chapters
    # Shorter, not poorer: the city page points to every figure, which the appendix carries.
    city_page = texts[chapters[cities] - 1]
    assert " ".join(every_figure.split()) in city_page
    appendix_text = "\n".join(texts[chapters[appendix] - 1 :])
    assert city_figures in appendix_text
    assert workforce in appendix_text
