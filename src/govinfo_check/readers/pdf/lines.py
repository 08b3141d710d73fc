"""Line completion: the ruling lines a table printed partly without lines lacks, drawn in from the
lines it has, so pdfplumber's lattice finds its cells."""

from __future__ import annotations

import statistics

from .model import EDGE_TOLERANCE


def closing_lines(edges: list[dict], chars: list[dict] | None = None) -> tuple[list[dict], list[dict]]:
    """The border lines a table printed without its outer frame (or without some inner column or
    row lines) lacks: where the ruled lines of a table end at one x (several rows' lines stopping
    at the same point) and no line crosses them there, a line is drawn from the first to the last
    of them; the same for column lines ending at one y. Only lines that meet a line of the other
    direction count, so underlines and paragraph borders of the text draw nothing. On a fully
    ruled table every such end already has its line, and nothing is added."""
    hs = [e for e in edges if e.get("orientation") == "h"]
    vs = [e for e in edges if e.get("orientation") == "v"]
    tol = EDGE_TOLERANCE

    def meets(h: dict, v: dict) -> bool:
        return h["x0"] - tol <= v["x0"] <= h["x1"] + tol and v["top"] - tol <= h["top"] <= v["bottom"] + tol

    hs = [h for h in hs if any(meets(h, v) for v in vs)]
    vs = [v for v in vs if any(meets(h, v) for h in hs)]
    out_v: list[dict] = []
    out_h: list[dict] = []
    for lines, pos_keys, span_key, others, out, vertical in (
            (hs, ("x0", "x1"), "top", vs, out_v, True), (vs, ("top", "bottom"), "x0", hs, out_h, False)):
        for key in pos_keys:
            groups: list[list[dict]] = []
            for e in sorted(lines, key=lambda e: e[key]):
                if groups and e[key] - groups[-1][-1][key] <= tol:
                    groups[-1].append(e)
                else:
                    groups.append([e])
            runs: list[list[float]] = []
            for g in groups:
                # one run per table: two consecutive ends belong to one table when a line of the
                # other direction joins them (a column line between two row lines)
                spans = sorted({round(e[span_key]) for e in g})
                lo_x, hi_x = min(e[pos_keys[0]] for e in g), max(e[pos_keys[1]] for e in g)
                at = statistics.median(e[key] for e in g)
                for a in spans:
                    if runs and runs[-1][0] == at and _joined_by(others, runs[-1][-1], a, lo_x, hi_x, vertical):
                        runs[-1].append(a)
                    else:
                        runs.append([at, a])
            for at, *spans in runs:
                if len(spans) < 2:
                    continue
                lo, hi = spans[0], spans[-1]
                if hi - lo < 3 * tol:
                    continue  # the two strokes of one drawn line, not two rows
                # already ruled there: lines at this position covering most of the span
                covered = sum(max(0.0, min(hi, o["bottom" if vertical else "x1"]) - max(lo, o["top" if vertical else "x0"]))
                              for o in others if abs(o["x0" if vertical else "top"] - at) <= tol)
                if covered >= 0.5 * (hi - lo):
                    continue
                if vertical:
                    lo = _reach_up(at, lo, lines, chars)
                    out.append({"x0": at, "x1": at, "top": lo, "bottom": hi, "width": 0.0, "height": hi - lo,
                                "orientation": "v", "object_type": "line"})
                else:
                    out.append({"x0": lo, "x1": hi, "top": at, "bottom": at, "width": hi - lo, "height": 0.0,
                                "orientation": "h", "object_type": "line"})
    return out_v, out_h


def _reach_up(x: float, top: float, hs: list[dict], chars: list[dict] | None) -> float:
    """A column line closed where row lines end runs on up to the row line above that crosses it
    (the first row of a group of items, whose top line is the group's and runs on through the
    column): where no text crosses it there, the column is one there too."""
    above = [h["top"] for h in hs if h["top"] < top - _EDGE_TOLERANCE_GAP
             and h["x0"] + EDGE_TOLERANCE < x < h["x1"] - EDGE_TOLERANCE]
    if not above or chars is None:
        return top
    y = max(above)
    inside = [ch for ch in chars if y < (ch["top"] + ch["bottom"]) / 2 < top and ch["text"].strip()]
    if not inside or any(ch["x0"] + 1 < x < ch["x1"] - 1 for ch in inside):
        return top
    if not any((ch["x0"] + ch["x1"]) / 2 > x for ch in inside):
        return top
    return y


_EDGE_TOLERANCE_GAP = 3 * EDGE_TOLERANCE


def _joined_by(others: list[dict], a: float, b: float, lo: float, hi: float, vertical: bool) -> bool:
    """Is the strip between positions ``a`` and ``b`` crossed, within ``lo``–``hi``, by lines of the
    other direction at one position (a column line, drawn whole or cell by cell)?"""
    pos, start, end = ("x0", "top", "bottom") if vertical else ("top", "x0", "x1")
    cover: dict[int, float] = {}
    for o in others:
        if lo - EDGE_TOLERANCE <= o[pos] <= hi + EDGE_TOLERANCE:
            k = round(o[pos] / EDGE_TOLERANCE)
            cover[k] = cover.get(k, 0.0) + max(0.0, min(b, o[end]) - max(a, o[start]))
    return any(v >= (b - a) - 2 * EDGE_TOLERANCE for v in cover.values())



def frame_lines(edges: list[dict], chars: list[dict]) -> list[dict]:
    """The outer frame of a table printed without it, where the table's own lines do not tell it
    by ending together (:func:`closing_lines`): the inner lines of a table run to its frame, so the
    frame is the box around a group of crossing lines. A side is drawn only where no line runs
    along it and text sits between it and the nearest inner line (a label column or a header row
    whose cells have no lines of their own), so a fully ruled table gets nothing."""
    tol = EDGE_TOLERANCE
    hs = [e for e in edges if e.get("orientation") == "h"]
    vs = [e for e in edges if e.get("orientation") == "v"]
    if len(hs) < 2 or len(vs) < 2:
        return []

    def meets(h: dict, v: dict) -> bool:
        return h["x0"] - tol <= v["x0"] <= h["x1"] + tol and v["top"] - tol <= h["top"] <= v["bottom"] + tol

    # groups of crossing lines: union-find over h–v meetings
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if meets(h, v):
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[dict], list[dict]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    out: list[dict] = []
    for gh, gv in groups.values():
        if len({round(h["top"] / tol) for h in gh}) < 2 or len({round(v["x0"] / tol) for v in gv}) < 2:
            continue
        x0 = min(min(h["x0"] for h in gh), min(v["x0"] for v in gv))
        x1 = max(max(h["x1"] for h in gh), max(v["x0"] for v in gv))
        top = min(min(v["top"] for v in gv), min(h["top"] for h in gh))
        bottom = max(max(v["bottom"] for v in gv), max(h["top"] for h in gh))

        def covered(lines: list[dict], at_key: str, at: float, lo_key: str, hi_key: str, lo: float, hi: float) -> bool:
            got = sum(max(0.0, min(hi, e[hi_key]) - max(lo, e[lo_key])) for e in lines if abs(e[at_key] - at) <= tol)
            return got >= 0.5 * (hi - lo)

        def text_in(a: float, b: float, c: float, d: float) -> bool:
            return any(a <= (ch["x0"] + ch["x1"]) / 2 <= c and b <= (ch["top"] + ch["bottom"]) / 2 <= d
                       and ch["text"].strip() for ch in chars)

        inner_top = min(h["top"] for h in gh)
        inner_bottom = max(h["top"] for h in gh)
        inner_left = min(v["x0"] for v in gv)
        inner_right = max(v["x0"] for v in gv)
        # each side: (room between it and the nearest inner line, whether a line runs along it,
        # the strip between them, the line to draw)
        sides = (
            (inner_top - top, covered(gh, "top", top, "x0", "x1", x0, x1), (x0, top, x1, inner_top), _line_h(x0, x1, top)),
            (bottom - inner_bottom, covered(gh, "top", bottom, "x0", "x1", x0, x1), (x0, inner_bottom, x1, bottom),
             _line_h(x0, x1, bottom)),
            (inner_left - x0, covered(gv, "x0", x0, "top", "bottom", top, bottom), (x0, top, inner_left, bottom),
             _line_v(x0, top, bottom)),
            (x1 - inner_right, covered(gv, "x0", x1, "top", "bottom", top, bottom), (inner_right, top, x1, bottom),
             _line_v(x1, top, bottom)),
        )
        out.extend(line for room, ruled, strip, line in sides if room > 3 * tol and not ruled and text_in(*strip))
    return out


def _line_h(x0: float, x1: float, y: float) -> dict:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
            "orientation": "h", "object_type": "line"}


def _line_v(x: float, top: float, bottom: float) -> dict:
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
            "orientation": "v", "object_type": "line"}
