"""Declarative test cases (a rule file's ``tests:``) → ParsedReport: tests/rulecase.py and explain
build the reports they evaluate with this."""

from __future__ import annotations

import fnmatch
from decimal import Decimal
from functools import lru_cache
from typing import Any, Mapping, Sequence

from .. import fields
from ..checks import generic
from ..models import TABLE_NAMES, Document, Figure, LocatedTable, Paragraph, ParsedReport, Section, Source, Table, Value
from ..values import parse_value

_CASE_KEYS = frozenset({
    "name", "fields", "extras", "absent", "format_version", "year", "title", "agency", "path", "period_text",
    "period_years", "sections", "paragraphs", "missing_tables", "picture_tables", "previous", "expect",
})
_ONE_ROW_OTHER = ("requests.other_no_correction.", "requests.other_unpaid.", "requests.other_other.")
_NUMERALS = "一二三四五六七八九十"
_TABLE_INDEX = {"active": 10, "requests": 20, "appeals": 30}
_STANDARD_SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                      "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


@lru_cache(maxsize=None)
def _grid_positions() -> dict[str, tuple[int, int]]:
    """A plausible (row, col) per key: rows and columns in data-dictionary order per table."""
    rows: dict[str, dict[str, int]] = {}
    cols: dict[str, dict[str, int]] = {}
    out: dict[str, tuple[int, int]] = {}
    for d in fields.canonical_fields() + fields.extra_fields():
        r = rows.setdefault(d.table, {}).setdefault(d.row_label, len(rows[d.table]))
        c = cols.setdefault(d.table, {}).setdefault(d.column_label, len(cols[d.table]))
        out[d.key] = (r + 2, c + 1)
    return out


def case_value(key: str, v: Any) -> Value:
    """A YAML value → Value: numbers as numbers, None as blank, strings through values.parse_value."""
    if isinstance(v, bool):
        raise ValueError(f"{key}: a boolean is not a cell value")
    if v is None:
        return Value("blank", Decimal(0), "")
    if isinstance(v, int):
        return Value("number", Decimal(v), str(v))
    if isinstance(v, float):
        return Value("number", Decimal(str(v)), str(v))
    if isinstance(v, Decimal):
        return Value("number", v, str(v))
    return parse_value(str(v), generic.field_type(key))


def _case_figure(key: str, v: Any) -> Figure:
    value = case_value(key, v)
    d = fields.field_index().get(key)
    row, col = _grid_positions().get(key, (0, 0))
    src = Source(table=d.table, table_index=_TABLE_INDEX.get(d.table, 0), row=row, col=col, raw=value.raw,
                 row_label=d.row_label, column_label=d.column_label) if d else None
    return Figure(key, value, src)


def _matches(key: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(key, p) for p in patterns)


def report_from_case(case: Mapping[str, Any]) -> ParsedReport:
    """Build a ParsedReport from a declarative case (see docs/RULES.md, "Test cases"). Unspecified
    canonical keys make a consistent all-zero report; 2019/hybrid cases get the one-row （六）其他处理
    (extras ``requests.other_total.*``) instead of its three items."""
    unknown = set(case) - _CASE_KEYS
    if unknown:
        raise ValueError(f"unknown test-case properties: {sorted(unknown)}")
    fmt = str(case.get("format_version", "2021"))
    year = case.get("year", 2020 if fmt == "2019" else 2024)
    one_row = fmt in ("2019", "hybrid")
    extra_keys = {f.key for f in fields.extra_fields()}
    figures: dict[str, Figure] = {}
    extras: dict[str, Figure] = {}
    for key in fields.canonical_keys():
        if not (one_row and key.startswith(_ONE_ROW_OTHER)):
            figures[key] = _case_figure(key, 0)
    if one_row:
        for key in sorted(extra_keys):
            if key.startswith("requests.other_total."):
                extras[key] = _case_figure(key, 0)
    for section in ("fields", "extras"):
        for key, v in (case.get(section) or {}).items():
            if key not in generic.known_keys():
                raise ValueError(f"unknown field key {key!r}")
            target = extras if key in extra_keys else figures
            target[key] = _case_figure(key, v)
    absent = list(case.get("absent") or [])
    figures = {k: f for k, f in figures.items() if not _matches(k, absent)}
    extras = {k: f for k, f in extras.items() if not _matches(k, absent)}
    missing = set(case.get("missing_tables") or [])
    pictures = set(case.get("picture_tables") or [])
    tables = {}
    for name in TABLE_NAMES:
        if name in missing:
            figures = {k: f for k, f in figures.items() if not (f.source and f.source.table == name)}
            extras = {k: f for k, f in extras.items() if not (f.source and f.source.table == name)}
            continue
        idx = _TABLE_INDEX[name]
        tables[name] = LocatedTable(name=name, table=Table(idx, 0, 0, [], []), part_indexes=[idx],
                                    is_picture=name in pictures)
        if name in pictures:
            figures = {k: f for k, f in figures.items() if not (f.source and f.source.table == name)}
    paragraphs = [_case_paragraph(i, p) for i, p in enumerate(case.get("paragraphs") or [])]
    return ParsedReport(
        path=str(case.get("path", "<case>")), format_version=fmt,  # type: ignore[arg-type]
        title=case.get("title", f"{year}年政府信息公开工作年度报告" if year else None),
        agency=case.get("agency"), year=year, period_text=case.get("period_text"),
        period_years=list(case.get("period_years") or []),
        sections=_case_sections(case.get("sections"), paragraphs), tables=tables, figures=figures, extras=extras,
        document=Document(path=str(case.get("path", "<case>")), blocks=list(paragraphs)) if paragraphs else None,
    )


def _case_paragraph(i: int, p: Any) -> Paragraph:
    if isinstance(p, str):
        return Paragraph(index=i, text=p)
    if isinstance(p, dict):
        return Paragraph(**{"index": i, **p})
    raise ValueError(f"paragraph {i}: expected text or a mapping, got {p!r}")


def _case_sections(raw: Any, paragraphs: Sequence[Paragraph]) -> list[Section]:
    """Sections given as titles sit at the paragraph with that text (else at their list position)
    and run to the next one. No ``sections``: the six standard ones, unless the case gives
    paragraphs (then none: the case describes the body itself)."""
    if raw is None:
        raw = [] if paragraphs else list(_STANDARD_SECTIONS)
    texts = [p.text.strip() for p in paragraphs]
    starts: list[int] = []
    for i, s in enumerate(raw):
        after = starts[-1] + 1 if starts else 0
        if isinstance(s, str) and s.strip() in texts[after:]:
            starts.append(texts.index(s.strip(), after))
        else:
            starts.append(s.get("block_index", i) if isinstance(s, dict) else i)
    end_all = max(len(paragraphs), len(raw))
    out = []
    for i, s in enumerate(raw):
        if isinstance(s, str):
            # the section's number is its printed numeral (一、… 六、), so an out-of-order list stays so
            number = _NUMERALS.find(s.lstrip()[:1]) + 1 or i + 1
            end = starts[i + 1] if i + 1 < len(starts) else end_all
            out.append(Section(number=number, title=s, block_index=starts[i], end_block_index=end))
        elif isinstance(s, dict):
            out.append(Section(**s))
        else:
            raise ValueError(f"section {i}: expected a title or a mapping, got {s!r}")
    return out
