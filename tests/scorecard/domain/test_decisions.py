"""Pure rules of published decisions: fingerprint, diff, hybrid snapshots."""

from __future__ import annotations

import hashlib

import pytest

from scorecard.domain.decisions import (
    canonical_json,
    changed_groups,
    diff_snapshots,
    fingerprint,
    hybrid_snapshot,
)


def snapshot(**changes) -> dict:
    base = {
        "as_of": "2027-03-01",
        "settings": {"ranking_method": "weighted_sum"},
        "candidates": [{"id": 1, "label": "Alpha"}, {"id": 2, "label": "Bravo"}],
        "criteria": [{"code": "service", "name": "Service", "weight": 60.0}],
        "indicators": [{"code": "s1", "name": "S1", "weight": 100.0}],
        "judgements": [],
        "scores": [
            {"candidate": 1, "indicator": "s1", "assessor": 7, "score": 4.0, "status": "scored"},
            {"candidate": 2, "indicator": "s1", "assessor": 7, "score": 3.0, "status": "scored"},
        ],
        "assessors": {"7": "Ana"},
        "figures": [],
        "cost_scores": [],
        "costs": {},
        "gates": [],
        "facts": [{"candidate": 2, "fact": "not_on_69b", "value": True, "shown": "not listed"}],
    }
    return base | changes


def test_fingerprint_is_sha256_of_canonical_json_and_ignores_key_order():
    data = {"b": 1, "a": [1.5, None, "é"]}

    assert fingerprint(data) == hashlib.sha256('{"a":[1.5,null,"é"],"b":1}'.encode()).hexdigest()
    assert fingerprint(dict(reversed(data.items()))) == fingerprint(data)


def test_canonical_json_refuses_nan():
    with pytest.raises(ValueError, match="Out of range float"):
        canonical_json({"score": float("nan")})


def test_diff_snapshots_weight_change_is_one_weights_change():
    old = snapshot()
    new = snapshot(criteria=[{"code": "service", "name": "Service", "weight": 40.0}])

    changes = diff_snapshots(old, new)

    assert [(c.group, c.what, c.old, c.new) for c in changes] == [
        ("weights", "Weight of Service", "60", "40")
    ]
    assert changed_groups(old, new) == ["weights"]


def test_diff_snapshots_added_candidate_and_changed_score():
    old = snapshot()
    scores = [dict(old["scores"][0], score=2.0), old["scores"][1]]
    new = snapshot(candidates=[*old["candidates"], {"id": 3, "label": "Charlie"}], scores=scores)

    changes = {(c.group, c.what): (c.old, c.new) for c in diff_snapshots(old, new)}

    assert changes == {
        ("candidates", "Charlie"): ("", "Charlie"),
        ("scores", "Alpha · s1 · Ana"): ("4", "2"),
    }


def test_hybrid_snapshot_takes_only_the_groups_asked_and_drops_rows_of_absent_candidates():
    old = snapshot()
    new = snapshot(
        candidates=[{"id": 1, "label": "Alpha"}],
        criteria=[{"code": "service", "name": "Service", "weight": 40.0}],
    )

    mixed = hybrid_snapshot(old, new, ["candidates"])

    assert mixed["criteria"] == old["criteria"]
    assert [s["candidate"] for s in mixed["scores"]] == [1]
    assert mixed["facts"] == []
