"""First view of the ranking page in a cold browser (issue 17): time to the first chart drawn.

Run against a server already serving the demo data, e.g. (SQLITE_PATH to a scratch file):

    DEBUG=true SQLITE_PATH=/tmp/fv.sqlite3 python manage.py migrate
    DEBUG=true SQLITE_PATH=/tmp/fv.sqlite3 python manage.py setup_demo
    DEBUG=true SQLITE_PATH=/tmp/fv.sqlite3 python manage.py runserver 127.0.0.1:8765
    python bench/first_view.py --url http://127.0.0.1:8765 --runs 5

Each run logs in as the demo consultant in a new browser context (empty cache), then opens the
ranking page and measures, from navigation start: DOMContentLoaded, the load event, and the
moment plotly inserts the first chart's SVG (a MutationObserver notes it). It prints each run,
the medians, and the bytes the plotly.js response carried (Content-Encoding as sent). Headless
Debian Chromium; on loopback the figures leave out network time unless --mbps throttles it
(e.g. --mbps 20 for a laptop on a busy office Wi-Fi or VPN).
"""

from __future__ import annotations

import argparse
import os
import statistics

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
USERNAME, PASSWORD = "consultant", "demo-consultant-2026"
# Notes the page time at which plotly first inserts a chart's SVG (no polling delay).
FIRST_CHART_OBSERVER = """
new MutationObserver((records, observer) => {
  if (document.querySelector("[data-chart] svg.main-svg")) {
    window.__firstChartAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def measure_first_view(url: str, runs: int, engagement: int, mbps: float = 0) -> list[dict]:
    """One dict per cold run: times in milliseconds from navigation start, plotly bytes.
    ``mbps`` > 0 throttles the download rate (and adds 20 ms latency) through DevTools."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for _ in range(runs):
            context = browser.new_context(base_url=url)
            context.add_init_script(FIRST_CHART_OBSERVER)
            page = context.new_page()
            if mbps:
                devtools = context.new_cdp_session(page)
                devtools.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": 20,
                        "downloadThroughput": mbps * 1_000_000 / 8,
                        "uploadThroughput": mbps * 1_000_000 / 8,
                    },
                )
            page.goto("/accounts/login/")
            page.fill("input[name=username]", USERNAME)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            plotly: dict = {}

            def keep_plotly(response, plotly=plotly) -> None:
                if "/vendor/plotly" in response.url and response.url.endswith(".js"):
                    sizes = response.request.sizes()
                    plotly.update(
                        url=response.url,
                        encoding=response.headers.get("content-encoding", "identity"),
                        body_bytes=sizes["responseBodySize"],
                    )

            page.on("response", keep_plotly)
            page.goto(f"/engagements/{engagement}/results/", wait_until="commit")
            page.wait_for_selector("[data-chart='ranking-data'] svg.main-svg", timeout=60_000)
            chart_ms = page.evaluate("window.__firstChartAt")
            page.wait_for_load_state("load")
            timing = page.evaluate(
                "(() => { const n = performance.getEntriesByType('navigation')[0];"
                " return [n.startTime, n.domContentLoadedEventEnd, n.loadEventEnd]; })()"
            )
            start, dom_ms, load_ms = timing
            page.wait_for_timeout(200)  # let the response handler see the plotly sizes
            results.append(
                {
                    "chart_ms": chart_ms - start,
                    "dom_ms": dom_ms - start,
                    "load_ms": load_ms - start,
                    **plotly,
                }
            )
            context.close()
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--engagement", type=int, default=1)
    parser.add_argument("--mbps", type=float, default=0, help="throttle (0: loopback speed)")
    args = parser.parse_args()
    results = measure_first_view(args.url, args.runs, args.engagement, args.mbps)
    for number, run in enumerate(results, 1):
        print(
            f"run {number}: first chart {run['chart_ms']:7.0f} ms  DOMContentLoaded "
            f"{run['dom_ms']:7.0f} ms  load {run['load_ms']:7.0f} ms  plotly "
            f"{run.get('body_bytes', 0):>9,} B {run.get('encoding', '?')}"
        )
    for key, label in (("chart_ms", "first chart"), ("dom_ms", "DOMContentLoaded")):
        print(f"median {label}: {statistics.median(r[key] for r in results):.0f} ms")
    print(f"median load: {statistics.median(r['load_ms'] for r in results):.0f} ms")
    print(f"plotly file: {results[0].get('url', '?')}")


if __name__ == "__main__":
    main()
