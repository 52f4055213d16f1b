"""Every chart page of the demo engagement under the real Content-Security-Policy: the partial
plotly.js bundle (static/vendor/README.md) draws every chart, and the browser reports no CSP
violation (no eval, no inline style or script), no script error and asks no other origin for
anything (the city map's outline is in the page: cities/data/README.md)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from scorecard.models import Engagement

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# Collects every violation the browser reports (eval, inline script or style, other origins).
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def demo_engagement(settings) -> Engagement:
    settings.DEBUG = True  # setup_demo creates the demo logins only with DEBUG
    call_command("setup_demo", stdout=io.StringIO())
    settings.DEBUG = False
    return Engagement.objects.get()


def test_chart_pages_draw_every_chart_without_csp_violation(page, live_server, demo_engagement):
    pk = demo_engagement.pk
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "blob:"))
            else elsewhere.append(request.url)
        ),
    )
    candidates = list(demo_engagement.candidates.values_list("pk", flat=True)[:2])
    compare = "&".join(f"c={candidate}" for candidate in candidates)
    page.context.add_init_script(RECORD_CSP_VIOLATIONS)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "consultant")
    page.fill("input[name=password]", "demo-consultant-2026")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    pages = {
        f"/engagements/{pk}/results/": {"ranking-data"},
        f"/engagements/{pk}/results/compare/?{compare}": {"radar-data"},
        f"/engagements/{pk}/results/agreement/": {"agreement-data"},
        f"/engagements/{pk}/results/robustness/": {"tornado-data", "acceptability-data"},
        f"/engagements/{pk}/costs/": {"value-data"},
        f"/engagements/{pk}/results/cities/": {"city-map-data"},
    }
    drawn = {}
    for url in pages:
        page.goto(url)
        page.wait_for_load_state("load")
        charts = page.locator("[data-chart]")
        for index in range(charts.count()):
            chart = charts.nth(index)
            chart.locator("svg.main-svg").first.wait_for()
            drawn.setdefault(url, set()).add(chart.get_attribute("data-chart"))
        violations = page.evaluate("window.cspViolations")
        assert violations == [], (url, violations)

    assert drawn == pages
    assert page.js_errors == []
    assert elsewhere == []


# Pairs of city-map labels whose boxes overlap, and labels outside the chart.
MAP_LABEL_PROBLEMS = """() => {
  const chart = document.querySelector('[data-chart="city-map-data"]');
  const box = chart.querySelector('svg.main-svg').getBoundingClientRect();
  const labels = Array.from(chart.querySelectorAll('.annotation-text'), (text) => [
    text.textContent, text.getBoundingClientRect()]);
  const out = [];
  labels.forEach(([name, r], i) => {
    if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom) {
      out.push(name + ' outside');
    }
    labels.slice(i + 1).forEach(([other, s]) => {
      if (r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom) {
        out.push(name + ' / ' + other);
      }
    });
  });
  return [labels.length, out];
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_city_map_labels_never_overlap(page, demo_engagement, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "consultant")
    page.fill("input[name=password]", "demo-consultant-2026")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"/engagements/{demo_engagement.pk}/results/cities/")
    page.locator('[data-chart="city-map-data"] svg.main-svg').first.wait_for()
    count, problems = page.evaluate(MAP_LABEL_PROBLEMS)

    cities = demo_engagement.candidates.values_list("sites__city", flat=True).distinct().count()
    assert count == cities
    assert problems == []
