"""The executive deck (PPTX): the decision page's facts on seven slides, built by the same job
from the same :class:`~scorecard.reports.context.ReportData` and section contexts as the PDF,
with its fingerprint in every slide's footer line.

Slides: decision, ranking (a native bar chart of the printed totals), what decides it,
robustness, conditions precedent, top risks, next steps. Charts are drawn natively by
PowerPoint from the same numbers (the PDF's SVG charts cannot be embedded in PPTX).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from scorecard.reports.context import ReportData

# Rows of a table slide before the rest is cut (a slide is read, not searched).
SLIDE_ROWS = 8


def _slide(deck, title: str, fingerprint: str):
    from pptx.util import Pt

    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    slide.shapes.title.text = title
    footer = slide.shapes.add_textbox(deck.slide_width // 20, deck.slide_height * 92 // 100, 0, 0)
    footer.text_frame.text = _("Confidential · Fingerprint %(fingerprint)s") % {
        "fingerprint": fingerprint[:12]
    }
    footer.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
    return slide


def _bullets(slide, deck, lines: list[str]) -> None:
    from pptx.util import Pt

    box = slide.shapes.add_textbox(
        deck.slide_width // 20, deck.slide_height // 4, deck.slide_width * 9 // 10, 0
    )
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines or [_("None.")]):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(16)


def _table(slide, deck, header: list[str], rows: list[list[str]]) -> None:
    from pptx.util import Pt

    rows = rows[:SLIDE_ROWS]
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(header),
        deck.slide_width // 20,
        deck.slide_height // 4,
        deck.slide_width * 9 // 10,
        deck.slide_height // 12 * (len(rows) + 1),
    )
    for column, text in enumerate(header):
        shape.table.cell(0, column).text = text
    for r, row in enumerate(rows, start=1):
        for column, text in enumerate(row):
            cell = shape.table.cell(r, column)
            cell.text = text
            cell.text_frame.paragraphs[0].font.size = Pt(12)


def _ranking_chart(slide, deck, data: ReportData) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    chart_data = CategoryChartData()
    ranked = data.results.ranked
    chart_data.categories = [row.candidate.label for row in reversed(ranked)]
    chart_data.add_series(_("Total (points)"), [round(row.total, 1) for row in reversed(ranked)])
    slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED,
        deck.slide_width // 20,
        deck.slide_height // 4,
        deck.slide_width * 9 // 10,
        deck.slide_height * 6 // 10,
        chart_data,
    )


def build_deck(data: ReportData, summary_context: dict, fingerprint: str) -> bytes:
    """The PPTX of ``data``; ``summary_context`` is the built "summary" section's context."""
    from pptx import Presentation
    from pptx.util import Inches

    summary, decision = summary_context["summary"], summary_context["decision"]
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    winner, rival = summary.winner, summary.runner_up
    slide = _slide(deck, _("Recommendation"), fingerprint)
    if winner is None:
        _bullets(slide, deck, [_("No candidate could be ranked yet.")])
        return _save(deck)
    lines = [
        _("%(winner)s, ranked first with %(total).1f points.")
        % {"winner": winner.candidate.label, "total": winner.total}
    ]
    if rival is not None:
        lines.append(
            _("Runner-up: %(rival)s, %(lead).1f points behind.")
            % {"rival": rival.candidate.label, "lead": summary.lead}
        )
    if decision.conditions:
        lines.append(_("Subject to the conditions precedent (slide 5)."))
    _bullets(slide, deck, lines)
    _ranking_chart(_slide(deck, _("Ranking"), fingerprint), deck, data)
    _bullets(
        _slide(deck, _("What decides it"), fingerprint),
        deck,
        [
            _("%(criterion)s: %(mine).1f points against %(theirs).1f for the runner-up.")
            % {"criterion": name, "mine": mine, "theirs": theirs}
            for name, mine, theirs in summary.reasons
        ]
        + (
            [
                _("Cost over the horizon (USD, base FX): %(mine)s against %(theirs)s.")
                % {"mine": f"{decision.winner_cost:,.0f}", "theirs": f"{decision.rival_cost:,.0f}"}
            ]
            if decision.cost_gap is not None
            else []
        ),
    )
    robustness = []
    if decision.first_share is not None:
        robustness.append(
            _("First in %(share).0f%% of weight scenarios: %(words)s.")
            % {"share": decision.first_share * 100, "words": decision.acceptability}
        )
    if decision.flip is not None:
        robustness.append(
            _("Moving the %(name)s weight by %(change).1f points puts %(rival)s first.")
            % {
                "name": decision.flip.criterion,
                "change": decision.flip.change,
                "rival": decision.flip.rival,
            }
        )
    _bullets(_slide(deck, _("How robust it is"), fingerprint), deck, robustness)
    _table(
        _slide(deck, _("Conditions precedent"), fingerprint),
        deck,
        [_("Item"), _("What is missing")],
        [[c.title, c.detail] for c in decision.conditions],
    )
    _bullets(_slide(deck, _("Top risks"), fingerprint), deck, list(summary.risks))
    _table(
        _slide(deck, _("Next steps"), fingerprint),
        deck,
        [_("Step"), _("Owner"), _("When")],
        [[s.action, s.owner, s.due] for s in decision.steps],
    )
    return _save(deck)


def _save(deck) -> bytes:
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
