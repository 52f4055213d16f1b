"""Every page each demo role reaches, on a 390 px phone (issue 18): no page scrolls sideways and
no chart has its title or axis labels cut off.

The crawl starts at the home page and follows same-site links, one page per kind (URL name
and the set of query keys: one criterion page, not all of them), leaving out downloads,
logout and the Django admin (its own responsive layout).
"""

from __future__ import annotations

import io
from collections import deque
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
LOGINS = {
    "consultant": "demo-consultant-2026",
    "analyst": "demo-analyst-2026",
    "client": "demo-client-2026",
}
SKIP = ("/accounts/logout", "/admin/", "/static/", "/media/")
DOWNLOADS = ("download", "export", "logo", "evidence-", "data-pack", "deck")
# Pages per role; the demo has fewer kinds than this (a guard against a crawl that runs away).
MAX_PAGES = 120

LINKS = "() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href)"
# Width of the page beyond the viewport (0 when nothing scrolls sideways).
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Chart parts drawn outside their chart: the title and the tick labels of every axis.
CLIPPED = """() => {
  const out = [];
  document.querySelectorAll('[data-chart]').forEach((chart) => {
    const svg = chart.querySelector('svg.main-svg');
    if (!svg) { out.push(chart.dataset.chart + ': not drawn'); return; }
    const box = svg.getBoundingClientRect();
    const parts = '.gtitle, .xtick text, .ytick text, .angularaxistick text, .g-xtitle text, '
      + '.g-ytitle text';
    chart.querySelectorAll(parts).forEach((part) => {
      const r = part.getBoundingClientRect();
      if (!r.width) { return; }
      const outside = r.left < box.left - 1 || r.right > box.right + 1
        || r.top < box.top - 1 || r.bottom > box.bottom + 1;
      if (outside) {
        out.push(chart.dataset.chart + ': ' + (part.textContent || '').trim().slice(0, 40));
      }
    });
  });
  return out;
}"""


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # setup_demo creates the demo logins only with DEBUG
    call_command("setup_demo", stdout=io.StringIO())
    settings.DEBUG = False


def _kind(url: str) -> tuple | None:
    """What makes two URLs the same kind of page, or ``None`` for a link not to follow."""
    parts = urlsplit(url)
    if any(parts.path.startswith(prefix) for prefix in SKIP):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    name = match.url_name or ""
    if any(word in name for word in DOWNLOADS):
        return None
    return (match.namespace, name, tuple(sorted(parse_qs(parts.query))))


def _check(page, url: str) -> list[str]:
    for chart in page.locator("[data-chart]").all():
        chart.locator("svg.main-svg").first.wait_for()
    problems = []
    overflow = page.evaluate(OVERFLOW)
    if overflow > 0:
        problems.append(f"{url}: scrolls {overflow} px sideways")
    return problems + [f"{url}: chart part cut off: {part}" for part in page.evaluate(CLIPPED)]


def _problems(browser, live_server, username: str) -> tuple[int, list[str]]:
    """Log in on a phone and visit one page of each kind reachable from the home page,
    checking each as it is reached: (pages visited, problems)."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", LOGINS[username])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    seen: set[tuple] = set()
    problems: list[str] = []
    queue = deque([f"{live_server.url}/"])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        kind = _kind(url)
        if kind is None or kind in seen:
            continue
        seen.add(kind)
        response = page.goto(url)
        content_type = response.headers.get("content-type", "") if response else ""
        if response is None or response.status != 200 or "html" not in content_type:
            continue
        problems += _check(page, url)
        for link in page.evaluate(LINKS):
            link = link.split("#", 1)[0]
            if link.startswith(live_server.url):
                queue.append(link)
    context.close()
    return len(seen), problems


def test_no_page_scrolls_sideways_or_clips_a_chart_on_a_phone(browser, live_server, demo):
    """Each role in turn (one demo load for the three)."""
    problems = []
    for username in LOGINS:
        visited, found = _problems(browser, live_server, username)
        assert visited > 10, username  # the crawl reached the engagement's pages
        problems += [f"{username}: {problem}" for problem in found]
    assert problems == [], "\n".join(problems)
