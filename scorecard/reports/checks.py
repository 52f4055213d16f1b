"""System check: warn when charts cannot be drawn (reports fall back to data tables)."""

from __future__ import annotations

from django.core.checks import Warning, register


@register()
def check_chart_browser(app_configs, **kwargs) -> list[Warning]:
    from scorecard.reports.chart_images import browser_problem

    problem = browser_problem()
    if not problem:
        return []
    return [
        Warning(
            f"PDF reports cannot draw charts: {problem}.",
            hint="Install Chromium (make setup) or set CHROMIUM_PATH; until then each chart "
            "in a report is replaced by its data table.",
            id="scorecard.W001",
        )
    ]
