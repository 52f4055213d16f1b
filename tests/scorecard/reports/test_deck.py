"""The executive deck: the decision on 6–10 slides, its fingerprint on each, read back."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from scorecard.reports.context import ReportData
from scorecard.reports.deck import build_deck
from scorecard.reports.fingerprint import compute_fingerprint
from scorecard.reports.sections import build_summary, default_keys

pytestmark = pytest.mark.django_db


def test_deck_carries_the_decision_and_the_fingerprint_on_every_slide(scored):
    data = ReportData(scored.engagement, sections=default_keys())
    fingerprint = compute_fingerprint(data)
    summary = build_summary(data)
    deck = Presentation(io.BytesIO(build_deck(data, summary, fingerprint)))
    texts = [
        " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in deck.slides
    ]
    assert 6 <= len(texts) <= 10
    assert all(fingerprint[:12] in text for text in texts)
    assert summary["summary"].winner.candidate.label in texts[0]
    assert texts[1].startswith("Ranking")
    charts = [shape for shape in deck.slides[1].shapes if shape.has_chart]
    ranked = data.results.ranked
    values = list(charts[0].chart.plots[0].series[0].values)
    assert values == [round(row.total, 1) for row in reversed(ranked)]
