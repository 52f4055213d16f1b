"""Mexico's outline for the city map, read from a file in this repository (never fetched).

``cities/data/mexico-outline.json`` holds Natural Earth's 1:50m country outlines (public
domain) of Mexico and of its neighbours inside the map's frame, as lon/lat rings; how it is
made and where it comes from: ``cities/data/README.md``. The map draws the rings as plain
scatter traces on longitude/latitude axes, so it needs no geo trace type, no topojson request
and nothing beyond the partial plotly.js bundle, in the browser and in kaleido alike.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

OUTLINE_FILE = Path(__file__).resolve().parent / "data" / "mexico-outline.json"

Ring = list[tuple[float, float]]  # (longitude, latitude) in degrees, first point not repeated


@dataclass(frozen=True)
class Outline:
    """Country rings to draw, the frame they were clipped to and their source."""

    mexico: list[Ring]
    neighbours: list[Ring]
    frame: tuple[float, float, float, float]  # west, east, south, north (degrees)
    source: str

    @property
    def aspect(self) -> float:
        """How many times longer a degree of latitude is than one of longitude at the frame's
        middle latitude: the y/x scale ratio of an equirectangular map that keeps shapes
        true there (1/cos φ; about 1.09 for Mexico's 23.7° N)."""
        _west, _east, south, north = self.frame
        return 1 / math.cos(math.radians((south + north) / 2))

    def contains(self, longitude: float, latitude: float) -> bool:
        """Is the point inside the frame (so on the map)?"""
        west, east, south, north = self.frame
        return west <= longitude <= east and south <= latitude <= north


@cache
def mexico_outline() -> Outline:
    """The outline file, read once per process."""
    data = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    return Outline(
        mexico=[[tuple(point) for point in ring] for ring in data["mexico"]],
        neighbours=[[tuple(point) for point in ring] for ring in data["neighbours"]],
        frame=tuple(data["frame"]),
        source=data["source"],
    )
