"""README's method section says the rules in the very words the code prints (one source)."""

import re
from pathlib import Path

from django.utils import translation

from scorecard.domain.verdicts import tie_rule
from scorecard.models.engagement import DEFAULT_MIN_COMPLETENESS
from scorecard.ranking.completeness import completeness_rule, missing_criterion_rule
from scorecard.ranking.gates import gate_rule
from scorecard.ranking.verdict import rank_reversal_disclosure

README = Path(__file__).resolve().parent.parent / "README.md"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_readme_method_section_matches_the_rules_in_code():
    readme = _flat(README.read_text(encoding="utf-8"))

    with translation.override("en"):
        rules = [
            missing_criterion_rule(),
            completeness_rule(DEFAULT_MIN_COMPLETENESS),
            gate_rule(),
            tie_rule(),
            rank_reversal_disclosure("topsis"),
        ]

    for rule in rules:
        assert _flat(rule) in readme, rule
