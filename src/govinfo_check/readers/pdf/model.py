"""What the parts of the PDF reader share: a text line, a table found on one page, the items of a
page in reading order, and the tolerance of a printed grid line."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ...models import Table

EDGE_TOLERANCE = 2.0  # points: edges of one grid line drawn by separate strokes differ by this
# pdfplumber snaps lines within 3 points of one another to their mean, over the whole page: a
# column line lying near another table's column line moves, on that page only
SNAP_TOLERANCE = 3.5


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    page_height: float


@dataclass
class Part:
    """A table as found on one page, with what is needed to lay it out again on other columns."""

    bbox: tuple[float, float, float, float]
    boxes: list[tuple[float, float, float, float]]
    chars: list[dict]
    page: int
    table: Table
    vlines: list[tuple[float, float, float]] = field(default_factory=list)


@dataclass
class PageItems:
    page: int
    items: list[tuple[float, Any]] = field(default_factory=list)  # (top, Line | Part)



def clusters(values: list[float], tolerance: float = EDGE_TOLERANCE) -> list[float]:
    """Sorted distinct edge positions, values within the tolerance merged into their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def nearest(edges: list[float], v: float) -> int:
    i = bisect.bisect_left(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1

