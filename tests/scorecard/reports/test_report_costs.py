"""The cost, compliance, risk-register and governance sections, read back from one PDF."""

from __future__ import annotations

import re

import pytest

from tests.scorecard.reports.conftest import (
    CONSULTANT_RISK,
    KPI_NAME,
    build_shared_report,
    populate_costs,
)

pytestmark = pytest.mark.django_db

SECTIONS = ["summary", "profiles", "costs", "compliance", "register", "governance"]
HEADINGS = [
    "Executive summary",
    "Candidate profiles",
    "Costs and value for money",
    "Compliance due diligence",
    "Risk register",
    "Governance recommendations",
]


def _populate_growing(scored) -> None:
    """The costs of :func:`populate_costs`, the scope growing from 200 seats to 240 by month 6."""
    populate_costs(scored)
    scored.engagement.target_seats, scored.engagement.target_seats_month = 240, 6
    scored.engagement.save()


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker, tmp_path_factory):
    return build_shared_report(
        django_db_blocker,
        tmp_path_factory.mktemp("charts-costs"),
        prepare=_populate_growing,
        sections=SECTIONS,
    )


def _body(report) -> str:
    return "\n".join(report.texts[2:])  # after the cover and the contents


def _section(report, title: str, following: str | None = None) -> str:
    body = _body(report)
    start = body.index(title)
    end = body.index(following, start) if following else len(body)
    return body[start:end]


def test_new_sections_appear_in_order(report):
    body = _body(report)
    positions = [body.find(title) for title in HEADINGS]
    assert -1 not in positions, dict(zip(HEADINGS, positions, strict=True))
    assert positions == sorted(positions)
    for title in HEADINGS:
        assert title in report.texts[1]  # the contents list them


def test_costs_section_shows_no_pricing_never_zero(report):
    costs = _section(report, "Costs and value for money", "Compliance due diligence")
    bravo = next(line for line in costs.splitlines() if line.startswith("Bravo"))
    assert bravo.endswith("no pricing")  # the whole row: no figure, never a zero
    assert "No pricing: Bravo" in costs
    words = " ".join(costs.split())
    assert "Per productive hour" in words
    assert "Per resolved contact" in words
    assert "18.2500" in costs  # the FX rate used
    assert "How the TCO of Alpha" in costs  # the worked explanation for the winner


def test_costs_section_shows_the_seat_plan_and_the_cost_buildup(report):
    costs = _section(report, "Costs and value for money", "Compliance due diligence")
    words = " ".join(costs.split())
    assert "200 seats at go-live, growing in a straight line to 240 by month 6" in words
    assert "Go-live Month 3 Month 6 (peak)" in words
    assert "Seats 200 220 240" in words
    assert "Cost build-up" in words
    # Each priced bid's statutory floor and its headroom, in their own columns.
    html = report.built.html
    assert "Floor (MXN/FTE-month)" in html
    assert "Headroom (tightest year)" in html
    assert len(re.findall(r'class="num headroom">-?\d+ %', html)) == 2
    # The chart as an image, or its data table when no browser could draw it.
    if report.built.charts_drawn:
        assert 'alt="Cost build-up"' in report.built.html
    else:
        assert "Chart “Cost build-up” could not be drawn" in words


def test_register_lists_the_consultants_risk_escaped(report):
    register = " ".join(_section(report, "Risk register", "Governance recommendations").split())
    assert CONSULTANT_RISK in register  # shown as text, markup and all
    assert "Carla Consultant" in register
    assert "4 × 4 = 16" in register
    # Sorted by severity, then rating: the high consultant risk (16) leads every flag.
    assert register.index(CONSULTANT_RISK) < register.index("from the data")


def test_summary_top_risks_read_the_register(report):
    summary = " ".join(_section(report, "Executive summary", "Candidate profiles").split())
    assert "Union drive at the Monterrey site" in summary


def test_governance_lists_the_kpis(report):
    governance = " ".join(_section(report, "Governance recommendations").split())
    assert KPI_NAME in governance
    assert "Escalation path" in governance


def test_compliance_section_shows_statuses_and_points_to_the_register(report):
    compliance = _section(report, "Compliance due diligence", "Risk register")
    assert "Not on the SAT 69-B list" in compliance
    assert "Unknown" in compliance
    assert "red flags of the shortlist are in the risk" in compliance


def test_profiles_show_tco_and_compliance(report):
    profiles = _section(report, "Candidate profiles", "Costs and value for money")
    assert "TCO:" in profiles
    assert "Compliance checklist:" in profiles


def _profile_tables(report) -> list[tuple[list[tuple[str, float, float]], float, float]]:
    """Each profile's criterion table as printed: ([(criterion, weight %, points)], total
    weight %, total points)."""
    import re

    row = re.compile(r"^(?P<name>.+?) (?P<weight>\d+\.\d)% .*?(?P<points>\d+\.\d)$")
    total = re.compile(r"^Total (?P<weight>\d+\.\d)% (?P<points>\d+\.\d)$")
    tables, current = [], []
    for line in _section(report, "Candidate profiles", "Costs and value for money").splitlines():
        if match := total.match(line.strip()):
            tables.append((current, float(match["weight"]), float(match["points"])))
            current = []
        elif match := row.match(line.strip()):
            current.append((match["name"], float(match["weight"]), float(match["points"])))
    return tables


def test_report_numbers_weights_show_100_and_points_add_up_to_the_total(report):
    tables = _profile_tables(report)
    assert tables  # at least one full profile
    for rows, weight, points in tables:
        assert weight == 100.0
        assert round(sum(w for _n, w, _p in rows), 1) == 100.0
        assert round(sum(p for _n, _w, p in rows), 1) == points


def test_report_numbers_decision_page_agrees_with_the_tables(report):
    import re

    summary = " ".join(_section(report, "Executive summary", "Candidate profiles").split())
    first = re.search(r"Ranked first with (\d+\.\d) points", summary)
    second = re.search(r"with (\d+\.\d) points, (\d+\.\d) points behind", summary)
    rows, _weight, winner_total = _profile_tables(report)[0]
    assert float(first[1]) == winner_total
    assert round(float(first[1]) - float(second[1]), 1) == float(second[2])
    printed = {name: points for name, _w, points in rows}
    compared = 0
    for name, points in printed.items():
        if said := re.search(rf"{re.escape(name)} contributes (\d+\.\d) points", summary):
            assert float(said[1]) == points
            compared += 1
    assert compared >= 1
    cost = re.search(r"Cost over \d+ years? \(USD, base FX\) ([\d,]+)", summary)
    if cost:
        profiles = " ".join(
            _section(report, "Candidate profiles", "Costs and value for money").split()
        )
        tco = re.search(r"TCO: USD ([\d,]+) over the horizon", profiles)
        assert cost[1] == tco[1]
