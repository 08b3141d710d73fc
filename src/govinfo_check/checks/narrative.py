"""Narrative vs tables: numbers stated in the body text must agree with the table figures they name.

What the text states is read by the claim reader (``claims.py``, vocabulary in ``rules/vocab/narrative.yaml``):
each claim names its subject, the figure(s) the wording may mean, and whether a mismatch is certain (error) or
only suspicious (warning). This module compares claims with the tables and words the findings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Iterator

from .. import fields as F
from ..models import TABLE_TITLES, Location, Operand, Paragraph, ParsedReport
from ..numerals import decimals_of
from ..registry import CheckContext, Hit, check_kind
from .claims import Claim, FigureDef, load_vocabulary, read_paragraphs, sentences

__all__ = ["sentences", "figure_value", "key_location", "operands", "describe", "report_claims"]

# ---------------------------------------------------------------------------
# comparing with the tables
# ---------------------------------------------------------------------------


def figure_value(report: ParsedReport, keys: Iterable[str]) -> Decimal | None:
    """Σ keys, or None when any of them is absent or unreadable (its own finding says why)."""
    total = Decimal(0)
    for key in keys:
        n = report.number(key)
        if n is None:
            return None
        total += n
    return total


def key_location(report: ParsedReport, key: str) -> Location:
    """Where a figure was printed; labels from the data dictionary when the source is unknown."""
    fig = report.figures.get(key) or report.extras.get(key)
    fdef = F.field_index().get(key)
    table = fig.source.table if fig and fig.source else (fdef.table if fdef else None)
    loc = Location(table=table, table_title=TABLE_TITLES.get(table or "", {}).get("zh"),
                   row_label=fdef.row_label if fdef else None, column_label=fdef.column_label if fdef else None)
    if fig and fig.source:
        s = fig.source
        loc.row_label, loc.column_label = s.row_label or loc.row_label, s.column_label or loc.column_label
        loc.table_index, loc.row, loc.col = s.table_index, s.row, s.col
    return loc


def operands(report: ParsedReport, keys: Iterable[str]) -> list[Operand]:
    out = []
    for key in keys:
        fig = report.figures.get(key) or report.extras.get(key)
        n = report.number(key)
        out.append(Operand(key=key, value=_plain(n), raw=fig.value.raw if fig else None,
                           blank=bool(fig and fig.value.kind == "blank"), location=key_location(report, key)))
    return out


def _plain(n: Decimal | None) -> int | float | None:
    if n is None:
        return None
    return int(n) if n == n.to_integral_value() else float(n)


def describe(report: ParsedReport, reading: FigureDef, lang: str) -> str:
    """「表三 …」「row」「column」 for one reading, in one language."""
    loc = key_location(report, reading.keys[0])
    table = TABLE_TITLES.get(loc.table or "", {}).get(lang, loc.table or "")
    if len(reading.keys) == 1:
        row = loc.row_label or reading.zh
    else:
        row = reading.zh if lang == "zh" else reading.en
    column = loc.column_label or ""
    if lang == "zh":
        return f"{table}“{row}”" + (f"“{column}”列" if column and loc.table != "appeals" else "")
    return f"{table}, row “{row}”" + (f", column “{column}”" if column and loc.table != "appeals" else "")


def _readings_available(report: ParsedReport, claim: Claim) -> list[tuple[FigureDef, Decimal]]:
    figures = load_vocabulary().figures
    out = []
    for name in claim.readings:
        reading = figures[name]
        value = figure_value(report, reading.keys)
        if value is not None:
            out.append((reading, value))
    return out


def _location(report: ParsedReport, reading: FigureDef, claim: Claim) -> Location:
    loc = key_location(report, reading.keys[0])
    if len(reading.keys) > 1:
        loc.row_label, loc.table_index, loc.row, loc.col = reading.zh, None, None, None
    loc.block_index, loc.quote = claim.paragraph_index, claim.sentence
    return loc


def _severity(claim: Claim) -> str | None:
    """None keeps the rule's severity; a claim the reader is not sure of is a warning at most."""
    return None if claim.certain else "warning"


def claim_hits(report: ParsedReport, claims: Iterable[Claim], groups: set[str]) -> Iterator[Hit]:
    for claim in claims:
        if claim.group not in groups or claim.value is None:
            continue
        readings = _readings_available(report, claim)
        if readings and all(value != claim.value for _, value in readings):
            yield _claim_hit(report, claim, readings)


def _claim_hit(report: ParsedReport, claim: Claim, readings: list[tuple[FigureDef, Decimal]]) -> Hit:
    reading, value = readings[0]
    keys = list(dict.fromkeys(k for r, _ in readings for k in r.keys))  # each cell once, in reading order
    several = len(readings) > 1
    # readings that come to the same figure say nothing new in the message
    shown = [(r, v) for i, (r, v) in enumerate(readings) if v not in [w for _, w in readings[:i]]]
    alts_zh = "；".join(f"{describe(report, r, 'zh')}为 {_plain(v)}" for r, v in shown)
    alts_en = "; ".join(f"{describe(report, r, 'en')} = {_plain(v)}" for r, v in shown)
    args: dict[str, Any] = {
        "claim_zh": claim.subject.zh, "claim_en": claim.subject.en, "claimed": claim.value, "value": _plain(value),
        "figure_zh": alts_zh, "figure_en": alts_en, "quote": claim.clause, "key": reading.keys[0],
        "ambiguous_zh": "（该表述可有多种理解，均不相符）" if several else "",
        "ambiguous_en": " (none of the possible readings matches)" if several else "",
    }
    return Hit(args=args, fields=keys, expected=_plain(value), actual=claim.value,
               operands=operands(report, keys), location=_location(report, reading, claim),
               severity=_severity(claim))  # type: ignore[arg-type]


def percent_hits(report: ParsedReport, claims: Iterable[Claim], groups: set[str]) -> Iterator[Hit]:
    for claim in claims:
        if claim.percent is None or claim.group not in groups:
            continue
        tolerance = Decimal(1).scaleb(-decimals_of(claim.percent_text))  # rounded or truncated last digit
        ratios = [(r, v, bk, b, v * 100 / b) for r, v in _readings_available(report, claim)
                  for bk, b in _bases(report)]
        if not ratios or any(abs(ratio - claim.percent) <= tolerance for *_, ratio in ratios):
            continue
        reading, value, base_keys, base, ratio = ratios[0]
        args = {
            "claim_zh": claim.subject.zh, "claim_en": claim.subject.en, "percent": claim.percent_text,
            "ratio": f"{ratio:.2f}", "value": _plain(value), "base": _plain(base), "quote": claim.clause,
            "figure_zh": describe(report, reading, "zh"), "figure_en": describe(report, reading, "en"),
        }
        yield Hit(args=args, fields=list(reading.keys + base_keys),
                  expected=float(round(ratio, 2)), actual=float(claim.percent),
                  operands=operands(report, reading.keys + base_keys), location=_location(report, reading, claim),
                  severity=_severity(claim))  # type: ignore[arg-type]


def _bases(report: ParsedReport) -> list[tuple[tuple[str, ...], Decimal]]:
    """What "占总数" may mean: all handled requests, the new ones, or new + carried over (non-zero only)."""
    candidates = [("requests.handled_total.total",), ("requests.new.total",),
                  ("requests.new.total", "requests.carried_in.total")]
    return [(keys, v) for keys in candidates if (v := figure_value(report, keys))]


def _paragraphs(report: ParsedReport) -> list[Paragraph]:
    return report.document.paragraphs if report.document is not None else []


def _groups(params: dict[str, Any]) -> set[str]:
    groups = params.get("groups") or ["requests", "outcomes", "appeals", "documents"]
    return {groups} if isinstance(groups, str) else set(groups)


def report_claims(report: ParsedReport) -> list[Claim]:
    """The report's claims, read once: several rules (one per claim group) compare them."""
    memo = report.memo
    if "narrative.claims" not in memo:
        memo["narrative.claims"] = read_paragraphs(_paragraphs(report), report.year)
    return memo["narrative.claims"]


@check_kind("narrative_claims", params=["groups"])
def narrative_claims(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """A number stated in the text differs from the table figure it names."""
    yield from claim_hits(ctx.report, report_claims(ctx.report), _groups(params))


@check_kind("narrative_percentages", params=["groups"])
def narrative_percentages(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """A share stated in the text ("占51.85%") differs from the table ratio beyond rounding."""
    yield from percent_hits(ctx.report, report_claims(ctx.report), _groups(params))
