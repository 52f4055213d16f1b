"""The report appendix lists calibration outcomes (scorecard.selectors.comparisons)."""

from __future__ import annotations

from django.template.loader import render_to_string

from scorecard.models import Consensus, Indicator, Role
from scorecard.reports.context import ReportData
from scorecard.reports.sections import build_appendix


def test_build_appendix_lists_consensus_outcomes(world, ranked):
    Consensus.objects.create(
        candidate=ranked["c"],
        indicator=Indicator.objects.get(code="s1"),
        score=None,
        reason="Both readings fair",
        decided_by=world.users[Role.CONSULTANT],
    )
    appendix = build_appendix(ReportData(world.engagement, sections=["appendix"]))
    assert [(row["indicator"], row["consensus"].reason) for row in appendix["calibration"]] == [
        (Indicator.objects.get(code="s1").name, "Both readings fair")
    ]
    html = render_to_string("scorecard/reports/pdf/appendix.html", {"ctx": appendix})
    assert "Calibration outcomes" in html
    assert "<td>Both readings fair</td>" in html
