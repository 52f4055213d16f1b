"""The load test's simulated users read and submit the real forms; its figures add up.

The load test itself runs as a smoke in ``make test`` (``python -m bench.loadtest
--quick``); these tests pin what it relies on, so a template change that would make every
simulated save fail shows up here with a clear message rather than as a load-test error count.
"""

from __future__ import annotations

import math

import pytest
from django.test import Client
from django.urls import reverse

from bench.loadtest.__main__ import summarise
from bench.loadtest.forms import find_form, read_forms
from scorecard.models import Role, Score
from scorecard.reports.sections import default_keys

pytestmark = pytest.mark.django_db


def _post_data(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The (name, value) pairs locust posts, as the test client takes them."""
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def test_reader_submits_what_a_browser_would():
    html = """
    <form method="post" action="/a/"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="title" value="R&amp;D"><input type="submit" name="go" value="x">
      <input type="checkbox" name="s" value="one" checked>
      <input type="checkbox" name="s" value="two">
      <input type="radio" name="r" value="1"><input type="radio" name="r" value="2">
      <input name="locked" value="no" disabled><input type="file" name="f">
      <select name="c"><option value="a">A</option><option value="b" selected>B</option></select>
      <select name="d"><option value="first">1</option><option value="second">2</option></select>
      <textarea name="note">
line one</textarea>
    </form><form method="post" action="/b/"><input name="other" value="1"></form>"""
    form = find_form(html, action="/a/")
    assert form.fields == [
        ("csrfmiddlewaretoken", "t"),
        ("title", "R&D"),
        ("s", "one"),
        ("c", "b"),
        ("d", "first"),
        ("note", "line one"),
    ]
    assert form.choices == {"s": ["one", "two"], "r": ["1", "2"]}
    assert form.data(r="2", s=["one", "two"])[-3:] == [("r", "2"), ("s", "one"), ("s", "two")]
    assert [f.attrs["action"] for f in read_forms(html)] == ["/a/", "/b/"]
    with pytest.raises(LookupError):
        find_form(html, action="/c/")


def test_simulated_login_passes_the_csrf_check(world):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(reverse("login"))
    form = find_form(page.content.decode(), action=reverse("login"))
    response = browser.post(
        reverse("login"),
        _post_data(form.data(username="analyst-user", password="correct-horse-battery")),
    )
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("login"))


def test_simulated_save_reads_the_revision_and_saves_twice(world, sheet):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users[Role.ANALYST])
    indicator = sheet.rated[0]
    for value in ("3", "4"):
        page = browser.get(sheet.criterion_url())
        form = find_form(page.content.decode(), enctype="multipart/form-data")
        answer = f"i{indicator.pk}-answer"
        assert answer in form.choices, "the rubric radios are what the simulated user changes"
        response = browser.post(
            sheet.criterion_url(), _post_data(form.data(go="stay", **{answer: value}))
        )
        assert response.status_code == 302, "a simulated save must be accepted"
        score = Score.objects.get(assessment=sheet.assessment, indicator=indicator)
        assert score.value == int(value)
    assert score.revision == 2


def test_simulated_report_request_posts_the_default_sections(world):
    browser = Client()
    browser.force_login(world.users[Role.CONSULTANT])
    pk = world.engagement.pk
    page = browser.get(reverse("scorecard:report-list", args=[pk]))
    form = find_form(page.content.decode(), action=reverse("scorecard:report-create", args=[pk]))
    assert [value for name, value in form.data() if name == "sections"] == default_keys()


def test_summarise_groups_names_and_counts_every_failure():
    records = [
        ["page: results dashboard", "GET", 10.0, True],
        ["page: results dashboard", "GET", 30.0, True],
        ["page: robustness", "GET", 20.0, True],
        ["page: robustness", "GET", 999.0, False],  # failed: not a timing, but an error
        ["save: assessment", "POST", 15.0, True],
        ["login: submit", "POST", 400.0, True],
        ["report: built", "JOB", 12_000.0, True],
        ["report: built", "JOB", 0.0, False],
    ]
    figures = summarise(records, seconds=2.0)
    assert figures["requests"] == 6
    assert figures["errors"] == 2
    assert figures["error_names"] == ["page: robustness", "report: built"]
    assert figures["throughput"] == 3.0
    assert figures["pages"]["n"] == 3
    assert figures["pages"]["p50"] == 20.0
    assert figures["pages"]["max"] == 30.0
    assert figures["dashboard"]["p95"] == pytest.approx(29.0)
    assert figures["save"]["n"] == 1
    assert figures["whatif"]["n"] == 0
    assert math.isnan(figures["whatif"]["p95"])
    assert figures["reports_built"] == [12.0]
