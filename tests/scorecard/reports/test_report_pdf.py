"""The PDF read back with pypdf, as a reader would check it: one report shared by the module."""

from __future__ import annotations

import pytest
from pypdf.generic import NameObject

from tests.scorecard.reports.conftest import build_shared_report

# The module's PDF is built once, in a rolled-back transaction; the mark makes pytest-django
# create the test database even when this module runs alone.
pytestmark = pytest.mark.django_db

COMMENTARY = "Alpha is our pick.\n\nWe checked <b>everything</b> & more."
SECTION_TITLES = [
    "Executive summary",
    "Scope and method",
    "Results",
    "City comparison",
    "Candidate profiles",
    "Appendix",
]


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker, tmp_path_factory):
    return build_shared_report(
        django_db_blocker,
        tmp_path_factory.mktemp("charts-pdf"),
        commentary=COMMENTARY,
        author="Carla Consultant",
    )


def _outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles.extend(_outline_titles(item))
        else:
            titles.append(item.title)
    return titles


def test_report_sections_appear_in_order(report):
    body = "\n".join(report.texts[2:])  # after the cover and the contents
    positions = [body.find(title) for title in SECTION_TITLES]
    assert -1 not in positions, dict(zip(SECTION_TITLES, positions, strict=True))
    assert positions == sorted(positions)


def test_report_contents_lists_every_section_with_a_page_number(report):
    contents = report.texts[1]
    for title in SECTION_TITLES:
        assert title in contents
    assert "Alpha" in contents  # candidate profiles are listed under their section


def test_report_summary_names_the_recommended_provider(report):
    summary = next(
        text for text in report.texts if "Executive summary" in text and "What decides it" in text
    )
    assert "RECOMMENDATION" in summary  # the label is set in capitals by the stylesheet
    assert report.winner in summary
    assert "weight scenarios" in summary


def test_report_page_count_is_plausible(report):
    assert report.built.pages == len(report.reader.pages)
    assert 8 <= report.built.pages <= 30


def test_report_has_bookmarks_for_sections_and_candidates(report):
    titles = _outline_titles(report.reader.outline)
    for title in SECTION_TITLES:
        assert title in titles
    assert any(title.startswith("Alpha") for title in titles)


def test_report_has_no_embedded_files(report):
    root = report.reader.trailer["/Root"]
    names = root.get(NameObject("/Names"))
    assert names is None or "/EmbeddedFiles" not in names.get_object()
    assert report.reader.attachments == {}


def test_report_metadata_describes_the_engagement(report):
    metadata = report.reader.metadata
    assert "Member care 2027" in metadata.title
    assert metadata.author == "Carla Consultant"
    assert "BPO partner selection" in metadata.subject
    assert "Aurora Health" in metadata["/Keywords"]
    assert metadata.creation_date is not None


def test_report_prints_the_fingerprint_in_every_footer(report):
    short = report.built.fingerprint[:12]
    assert all(short in text for text in report.texts)
    assert report.built.fingerprint in report.texts[0]  # in full on the cover


def test_report_prints_page_x_of_y(report):
    total = len(report.texts)
    assert f"Page 2 of {total}" in report.texts[1]
    assert f"Page {total} of {total}" in report.texts[-1]


def test_report_escapes_the_commentary(report):
    summary = next(text for text in report.texts if "Consultant's commentary" in text)
    assert "<b>everything</b> & more" in summary


def test_report_lists_the_excluded_candidate_with_its_reason(report):
    appendix = "\n".join(report.texts[-3:])
    assert "Bravo" in appendix
    assert "Not on the 69-B list" in appendix


def test_report_city_comparison_opens_with_the_city_map(report):
    if not report.built.charts_drawn:
        pytest.skip("no browser to draw charts on this machine")
    page = next(text for text in report.texts if text.startswith("City comparison"))

    # The chart's title and city names are text in its SVG; the caption cites the outline.
    # City names come from the factories' sequence, so they depend on what ran before.
    city = report.winner.split(" — ")[1]  # Alpha's label, "Alpha — <its city>"
    assert "Where the candidates deliver from" in page
    assert f"1 {city}" in page
    assert "Outline: Natural Earth" in page
    assert page.index(f"1 {city} Alpha — {city}") < page.index("Fit to the scope")


def test_report_cover_has_no_fictional_note_when_every_entity_is_real(report):
    assert "Fictional entities" not in report.texts[0]
    assert "(fictional)" not in "\n".join(report.texts)
