"""Published decisions as plain data: the fingerprint of a snapshot, what changed between two
snapshots, and the hybrid snapshots the diff page ranks to attribute each change.

A *snapshot* is the JSON-ready dict :mod:`scorecard.ranking.snapshot` writes from the engine's
inputs (keys listed in :data:`GROUPS`); nothing here reads the database or runs the engine.

Attribution method (stated on the diff page from :data:`ATTRIBUTION_ORDER`): start from the
older inputs, replace one group of inputs at a time by the newer one, in the fixed order of
:data:`ATTRIBUTION_ORDER`, and rank after each step; a group's effect on a candidate is the
change in its score (and rank) at that step. The steps add up to the whole change, but with
interacting groups the split depends on the order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# Version of the snapshot layout; part of every snapshot and so of its fingerprint.
# 2: the scope (seat plan, go-live), statutory rates and wage zones in ``costs``, and the
# compliance record (checklist, red flags, risks); a decision's report reads them frozen.
SNAPSHOT_FORMAT = 2

# Groups of snapshot keys, in the order the attribution applies them. Candidates first: a
# new candidate then enters with the older scores (none), and its own scores, figures and
# facts are attributed to those groups.
GROUPS: dict[str, tuple[str, ...]] = {
    "candidates": ("candidates",),
    "weights": ("criteria", "indicators", "judgements"),
    "scores": ("scores", "consensus"),
    "figures": ("figures", "cost_scores", "costs"),
    "gates": ("gates", "facts", "waivers"),
    "settings": ("settings", "as_of", "scope"),
    "compliance": ("compliance",),
}
GROUP_LABELS = {
    "candidates": _("Candidates"),
    "weights": _("Weights"),
    "scores": _("Scores"),
    "figures": _("Reference figures and costs"),
    "gates": _("Gates"),
    "settings": _("Method, evaluation date and scope"),
    "compliance": _("Compliance checklist and risks"),
}
ATTRIBUTION_ORDER = tuple(GROUPS)
# The method settings a snapshot records, as the diff names them.
SETTING_LABELS = {
    "ranking_method": _("Ranking method"),
    "aggregation": _("Aggregation of assessors"),
    "disagreement_threshold": _("Disagreement threshold"),
    "seats": _("Seats in scope"),
    "min_completeness": _("Minimum completeness to rank (%)"),
    "as_of": _("Evaluated as of"),
}


def canonical_json(data: Any) -> str:
    """``data`` as canonical JSON: sorted keys, no spaces, UTF-8 text, NaN refused."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def fingerprint(snapshot: Mapping[str, Any]) -> str:
    """SHA-256 (hex, 64 characters) of the canonical JSON of ``snapshot``."""
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Change:
    """One difference between two snapshots: ``what`` changed from ``old`` to ``new`` (text;
    empty when the item did not exist on that side)."""

    group: str
    what: str
    old: str
    new: str


def _keyed(snapshot: Mapping[str, Any], key: str, fields: tuple[str, ...]) -> dict[tuple, dict]:
    return {tuple(item[f] for f in fields): item for item in snapshot.get(key) or []}


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _compare(group, old, new, describe, value) -> list[Change]:
    """Changes between two keyed mappings: added, removed, or ``value`` differing."""
    changes = []
    for key in sorted(old.keys() | new.keys(), key=str):
        before, after = old.get(key), new.get(key)
        if before is not None and after is not None and value(before) == value(after):
            continue
        item = after if after is not None else before
        changes.append(
            Change(
                group,
                describe(item),
                "" if before is None else _shown(value(before)),
                "" if after is None else _shown(value(after)),
            )
        )
    return changes


def diff_snapshots(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """What changed from ``old`` to ``new``, group by group (in :data:`ATTRIBUTION_ORDER`)."""
    labels = {c["id"]: c["label"] for c in [*old["candidates"], *new["candidates"]]}
    assessors = {**old.get("assessors", {}), **new.get("assessors", {})}

    def who(item) -> str:
        return labels.get(item["candidate"], str(item["candidate"]))

    changes = _compare(
        "candidates",
        _keyed(old, "candidates", ("id",)),
        _keyed(new, "candidates", ("id",)),
        lambda c: c["label"],
        lambda c: c["label"],
    )
    changes += _compare(
        "weights",
        _keyed(old, "criteria", ("code",)),
        _keyed(new, "criteria", ("code",)),
        lambda c: str(_("Weight of %(name)s")) % {"name": c["name"]},
        lambda c: c["weight"],
    )
    changes += _compare(
        "weights",
        _keyed(old, "indicators", ("code",)),
        _keyed(new, "indicators", ("code",)),
        lambda i: str(_("Weight of indicator %(name)s")) % {"name": i["name"]},
        lambda i: i["weight"],
    )
    changes += _compare(
        "scores",
        _keyed(old, "scores", ("candidate", "indicator", "assessor")),
        _keyed(new, "scores", ("candidate", "indicator", "assessor")),
        lambda s: f"{who(s)} · {s['indicator']} · {assessors.get(str(s['assessor']), '')}",
        lambda s: s["score"] if s["score"] is not None else s["status"],
    )
    changes += _compare(
        "scores",
        _keyed(old, "consensus", ("candidate", "indicator")),
        _keyed(new, "consensus", ("candidate", "indicator")),
        lambda s: str(_("Consensus: %(what)s")) % {"what": f"{who(s)} · {s['indicator']}"},
        lambda s: s.get("score"),
    )
    changes += _compare(
        "figures",
        _keyed(old, "figures", ("candidate", "indicator")),
        _keyed(new, "figures", ("candidate", "indicator")),
        lambda f: f"{who(f)} · {f['indicator']}",
        lambda f: f["display"],
    )
    changes += _compare(
        "figures",
        _keyed(old, "cost_scores", ("candidate",)),
        _keyed(new, "cost_scores", ("candidate",)),
        lambda c: str(_("Cost score of %(name)s")) % {"name": who(c)},
        lambda c: c["score"],
    )
    changes += _compare(
        "gates",
        _keyed(old, "gates", ("code",)),
        _keyed(new, "gates", ("code",)),
        lambda g: str(_("Gate %(name)s")) % {"name": g["name"]},
        lambda g: g["name"],
    )
    changes += _compare(
        "gates",
        _keyed(old, "facts", ("candidate", "fact")),
        _keyed(new, "facts", ("candidate", "fact")),
        lambda f: f"{who(f)} · {f['fact']}",
        lambda f: f["shown"],
    )
    changes += _compare(
        "settings",
        {(k,): {"k": k, "v": v} for k, v in {**old["settings"], "as_of": old["as_of"]}.items()},
        {(k,): {"k": k, "v": v} for k, v in {**new["settings"], "as_of": new["as_of"]}.items()},
        lambda s: str(SETTING_LABELS.get(s["k"], s["k"])),
        lambda s: s["v"],
    )
    return changes


def changed_groups(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The groups (in :data:`ATTRIBUTION_ORDER`) whose keys differ between the snapshots."""
    return [
        group
        for group, keys in GROUPS.items()
        if any(canonical_json(old.get(k)) != canonical_json(new.get(k)) for k in keys)
    ]


def hybrid_snapshot(
    old: Mapping[str, Any], new: Mapping[str, Any], groups: tuple[str, ...] | list[str]
) -> dict[str, Any]:
    """``old`` with the keys of ``groups`` taken from ``new``; rows about candidates or
    indicators absent from the result are dropped, so the engine sees consistent inputs."""
    mixed = dict(old)
    for group in groups:
        for key in GROUPS[group]:
            if key in new:
                mixed[key] = new[key]
    candidates = {c["id"] for c in mixed["candidates"]}
    indicators = {i["code"] for i in mixed["indicators"]}
    for key in ("scores", "consensus", "figures"):
        mixed[key] = [
            row
            for row in mixed.get(key) or []
            if row["candidate"] in candidates and row["indicator"] in indicators
        ]
    for key in ("facts", "cost_scores", "waivers"):
        mixed[key] = [row for row in mixed.get(key) or [] if row["candidate"] in candidates]
    return mixed
