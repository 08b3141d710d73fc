"""Across years (same agency): this year's 上年结转 = last year's 结转下年度 per column, and the stock of
documents in force continues (last year's + 本年制发 − 本年废止). ``match_previous`` pairs the reports.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Any, Iterator

from .. import fields as F
from ..models import ParsedReport
from ..registry import CheckContext, Hit, check_kind
from .narrative import _plain, key_location, operands

_BRACKETS = re.compile(r"[\s()（）\[\]【】〔〕《》<>“”\"'‘’·]")
_OFFICE = re.compile(r"(?:人民)?政府办(?:公室|公厅)?$")
_BARE_GOV = re.compile(r"(?<!人民)政府")


def normalize_agency(name: str) -> str:
    """Comparable agency name: widths, spaces and brackets gone; the government's office (人民政府办公室,
    政府办) and "XX市政府" stand for the government (人民政府) that publishes the report."""
    text = _BRACKETS.sub("", unicodedata.normalize("NFKC", name))
    text = _OFFICE.sub("人民政府", text)
    return _BARE_GOV.sub("人民政府", text)


def match_previous(reports: list[ParsedReport]) -> dict[str, ParsedReport]:
    """path → the previous-year report of the same agency (normalised name, year − 1).

    Reports without an agency or a year are not paired. When several files claim the previous year
    of the same agency, none is picked: the report is not paired and ``duplicates`` says which
    were the candidates (D-002).
    """
    by_key: dict[tuple[str, int], list[ParsedReport]] = defaultdict(list)
    for r in reports:
        if r.agency and r.year is not None:
            by_key[(normalize_agency(r.agency), r.year)].append(r)
    out: dict[str, ParsedReport] = {}
    for (agency, year), group in by_key.items():
        prev = by_key.get((agency, year - 1))
        if prev and len(prev) == 1:
            for r in group:
                out[r.path] = prev[0]
    return out


def _files(ctx: CheckContext) -> dict[str, Any]:
    prev = ctx.previous
    args = {"path": ctx.report.path, "previous_path": prev.path if prev else "",
            "year": ctx.report.year or "", "previous_year": prev.year if prev and prev.year else "",
            "previous_from": {"zh": "", "en": ""}}
    stored = prev.memo.get("history") if prev else None
    if stored:  # last year's report came from the history store: say which stored version, and when
        from ..history.consult import previous_from

        args |= {"previous_from": previous_from(prev), "previous_history_id": stored["id"],
                 "previous_stored_at": stored["added_at"], "previous_versions": stored["versions"]}
    return args


def _carried_keys(params: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for col in params.get("columns") or F.APPLICANT_COLUMNS:
        yield f"requests.carried_in.{col}", f"requests.carried_forward.{col}"


def _in_force_keys(params: dict[str, Any]) -> Iterator[list[str]]:
    for item in params.get("items") or ("normative", "regulation"):
        yield [f"active.{item}.in_force", f"active.{item}.issued", f"active.{item}.repealed"]


@check_kind("carried_over_matches_previous", params=["columns"], scope="cross_year",
            reads=lambda params: [k for pair in _carried_keys(params) for k in pair])
def carried_over_matches_previous(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """This year's 二、上年结转 differs from the previous report's 四、结转下年度 in a column."""
    prev = ctx.previous
    if prev is None:
        return
    for key, prev_key in _carried_keys(params):
        now, before = ctx.report.number(key), prev.number(prev_key)
        if now is None or before is None or now == before:
            continue
        loc = key_location(ctx.report, key)
        prev_loc = key_location(prev, prev_key)
        args = _files(ctx) | {"value": _plain(now), "previous_value": _plain(before), "column": loc.column_label,
                              "row": loc.row_label, "previous_row": prev_loc.row_label}
        ops = operands(ctx.report, [key]) + operands(prev, [prev_key])
        ops[1].key = f"previous:{prev_key}"
        yield Hit(args=args, fields=[key, prev_key], expected=_plain(before), actual=_plain(now),
                  operands=ops, location=loc)


@check_kind("in_force_continuity", params=["items"], scope="cross_year",
            reads=lambda params: [k for keys in _in_force_keys(params) for k in keys])
def in_force_continuity(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """现行有效件数 ≠ last year's 现行有效 + 本年制发 − 本年废止 (real reports reset it after clean-ups)."""
    prev = ctx.previous
    if prev is None:
        return
    for keys in _in_force_keys(params):
        now, issued, repealed = (ctx.report.number(k) for k in keys)
        before = prev.number(keys[0])
        if None in (now, issued, repealed, before):
            continue
        expected = before + issued - repealed  # type: ignore[operator]
        if expected == now:
            continue
        loc = key_location(ctx.report, keys[0])
        args = _files(ctx) | {"value": _plain(now), "previous_value": _plain(before), "issued": _plain(issued),
                              "repealed": _plain(repealed), "expected": _plain(expected), "row": loc.row_label,
                              "column": loc.column_label}
        ops = operands(ctx.report, keys) + operands(prev, [keys[0]])
        ops[3].key = f"previous:{keys[0]}"
        ops[2].weight = -1
        yield Hit(args=args, fields=keys, expected=_plain(expected), actual=_plain(now), operands=ops, location=loc)
