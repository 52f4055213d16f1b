"""Must-have gates as the pages show them: one verdict per candidate and gate, the ranking's.

The Gates page, the ranking and the report read the same :class:`~scorecard.ranking.evaluate.
RankingRow` outcomes (decided by the engine, :func:`scorecard.engine.gates.gate_outcomes`), so
they can never disagree; :func:`gate_rule` says the rule in words for every page and the
report; :func:`gate_rows` is the Gates page's table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from scorecard.engine.gates import FAILED, PASSED, UNVERIFIED
from scorecard.ranking.evaluate import RankingRow, Results
from scorecard.ranking.inputs import GateInfo, WaiverInfo


def gate_rule() -> str:
    """The one gate rule, in words (pages, README and the report's method text)."""
    return _(
        "Each must-have gate is passed, failed or unverified. A failed gate disqualifies the "
        "candidate, with the reason. A gate without data is unverified: the candidate stays "
        "in the ranking with the gap shown wherever the gate is, and a decision that "
        "recommends it cannot be published until the data is on file or a consultant "
        "records a waiver with a reason."
    )


def outcome_label(outcome: str) -> str:
    """``passed``/``failed``/``unverified`` in words, the same on every page."""
    return {PASSED: _("pass"), FAILED: _("fail"), UNVERIFIED: _("unverified")}[outcome]


@dataclass(frozen=True)
class GateCell:
    """One candidate's verdict on one gate, the fact behind it, and its waiver if any."""

    gate: GateInfo
    outcome: str
    label: str
    shown: str
    waiver: WaiverInfo | None


@dataclass(frozen=True)
class GateRow:
    row: RankingRow
    cells: list[GateCell]

    @property
    def candidate(self):
        return self.row.candidate


def gate_rows(results: Results) -> list[GateRow]:
    """Every candidate of ``results`` with its verdict on every gate of the engagement."""
    inputs = results.inputs
    rows = []
    for row in results.rows:
        checks = inputs.facts.get(row.candidate.id, {})
        waivers = {waiver.gate: waiver for waiver in row.waivers}
        cells = []
        for gate in inputs.gates:
            outcome = row.gates.get(gate.code, UNVERIFIED)
            check = checks.get(gate.fact)
            cells.append(
                GateCell(
                    gate=gate,
                    outcome=outcome,
                    label=outcome_label(outcome),
                    shown=check.shown if check else _("no data"),
                    waiver=waivers.get(gate.code),
                )
            )
        rows.append(GateRow(row, cells))
    return sorted(rows, key=lambda r: r.candidate.label)
