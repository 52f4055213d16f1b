"""Safety: user text is escaped, and WeasyPrint reaches nothing but the app's static files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from scorecard.reports.build import build_report
from scorecard.reports.fetcher import StaticOnlyFetcher, static_file_url, static_roots
from scorecard.reports.layout import write_pdf

PASSWD_MARK = "root:x:0:0"


@pytest.fixture
def fetcher(settings):
    return StaticOnlyFetcher(static_roots())


def test_fetcher_serves_the_report_stylesheet(fetcher):
    response = fetcher.fetch(static_file_url("report/report.css"))
    assert b"@page" in response.read()


def test_fetcher_serves_data_uris(fetcher):
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:1/",
        "https://example.com/logo.png",
        "ftp://127.0.0.1/x",
        "file:///etc/../etc/passwd",
    ],
)
def test_fetcher_refuses_anything_else(fetcher, url):
    with pytest.raises(ValueError, match="Refused"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_a_path_climbing_out_of_static(fetcher):
    css = Path(static_file_url("report/report.css").removeprefix("file://"))
    climbing = css.parent.as_uri() + "/../../../../../../etc/passwd"
    with pytest.raises(ValueError):
        fetcher.fetch(climbing)


def test_layout_of_hostile_html_has_no_file_content_and_no_attachment():
    # What an unescaped note could add: the fetcher is the second wall.
    html = (
        '<p>Hello</p><img src="file:///etc/passwd">'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<a rel="attachment" href="http://127.0.0.1:1/">x</a>'
        '<link rel="stylesheet" href="http://127.0.0.1:1/evil.css">'
    )
    result = write_pdf(html, static_roots())
    reader = PdfReader(io.BytesIO(result.pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Hello" in text
    assert PASSWD_MARK not in text
    assert PASSWD_MARK.encode() not in result.pdf
    assert reader.attachments == {}


def test_report_with_hostile_note_prints_it_as_text(scored):
    built = build_report(scored.engagement, sections=["profiles", "appendix"])
    reader = PdfReader(io.BytesIO(built.pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert '<img src="file:///etc/passwd">' in text  # the note, escaped, as the assessor typed it
    assert PASSWD_MARK not in text
    assert reader.attachments == {}
    assert b"/EmbeddedFiles" not in built.pdf
    links = [
        annotation.get_object().get("/A", {}).get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    ]
    assert not [uri for uri in links if uri]  # no link out of the document
