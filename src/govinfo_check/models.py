"""The data that flows through the pipeline: file → blocks → tables → figures → findings.

Every stage takes the previous stage's objects and returns new ones; nothing here does I/O.
These classes are the contract between modules, so they are plain frozen-ish dataclasses
that serialise with :func:`dataclasses.asdict`-like helpers in ``to_dict`` methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import Any, Literal, Union

# ---------------------------------------------------------------------------
# blocks (docx_reader)
# ---------------------------------------------------------------------------


@dataclass
class Paragraph:
    """One body paragraph, text already joined across runs, fields, sdt, ins (never del)."""

    index: int  # position among the body's blocks (paragraphs and tables), reading order
    text: str
    style: str = ""  # style name or id as written (e.g. "Heading 1", "2")
    outline_level: int | None = None  # from the style or pPr/outlineLvl; None = body text
    bold: bool = False  # every non-blank run is bold
    has_drawing: bool = False  # contains w:drawing / w:pict / w:object (a picture)
    list_label: str = ""  # automatic list number Word prints before the text (e.g. "一、"); also at the start of text
    page: int | None = None  # 1-based page it starts on, for readers of paged formats (PDF)


@dataclass
class Cell:
    """One cell of a table grid: its top-left grid position and its span."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""
    has_drawing: bool = False
    page: int | None = None  # 1-based page it is printed on (PDF)


@dataclass
class Table:
    """A table as a grid. ``grid[r][c]`` is the Cell covering (r, c) or None where no cell is
    (gridBefore/gridAfter, short rows). A merged cell appears once in ``cells`` but at every
    grid position it covers in ``grid``."""

    index: int  # block index in the body
    n_rows: int
    n_cols: int
    cells: list[Cell]
    grid: list[list[Cell | None]]
    nested: list[Table] = field(default_factory=list)  # tables found inside this table's cells
    has_drawing: bool = False
    page: int | None = None  # 1-based page its first row is printed on (PDF)

    def at(self, row: int, col: int) -> Cell | None:
        if 0 <= row < self.n_rows and 0 <= col < len(self.grid[row]):
            return self.grid[row][col]
        return None

    def row_cells(self, row: int) -> list[Cell]:
        """Distinct cells that start in or cover ``row``, left to right, no repeats."""
        seen: list[Cell] = []
        for c in self.grid[row]:
            if c is not None and (not seen or seen[-1] is not c):
                seen.append(c)
        return seen


Block = Union[Paragraph, Table]


@dataclass
class Document:
    path: str
    blocks: list[Block]
    reader: str = "docx"  # which reader produced it (readers/__init__.py): docx, pdf, html, doc-via-libreoffice…
    title_property: str | None = None  # the title in the file's properties (docProps/core.xml)

    # several checks walk the paragraphs; the blocks do not change once read
    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @cached_property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


# ---------------------------------------------------------------------------
# values and figures (values, locate, figures)
# ---------------------------------------------------------------------------

ValueKind = Literal["number", "blank", "invalid"]


@dataclass(frozen=True)
class Value:
    """A parsed cell. ``blank`` reads as zero for arithmetic but is remembered as blank,
    because a blank 总计 over non-zero items is itself an error."""

    kind: ValueKind
    number: Decimal | None  # None only for invalid
    raw: str
    unit: str = ""  # unit suffix as printed: 件, 元, 万元, or ""
    reason: str = ""  # for invalid: why (machine code, e.g. "not_a_number", "negative")
    remark: str = ""  # a remark printed after the number in the same cell: 22（其中修订16件）

    def __init__(self, kind: ValueKind, number: Decimal | None, raw: str, unit: str = "", reason: str = "",
                 remark: str = "") -> None:
        # Value, Source and Figure are made ~200 times a report: a frozen dataclass's generated
        # __init__ sets each field through object.__setattr__ (4.5 µs for a Figure and its Source;
        # this is 1 µs). Item stores into __dict__ rather than __dict__.update(field=...): keyword
        # arguments build a dict of their own first, a quarter of the constructor's instructions.
        # Fields stay read-only afterwards.
        d = self.__dict__
        d["kind"], d["number"], d["raw"], d["unit"], d["reason"], d["remark"] = kind, number, raw, unit, reason, remark

    @property
    def as_number(self) -> Decimal | None:
        """Arithmetic value: blank counts as 0, invalid has none."""
        if self.kind == "invalid":
            return None
        return self.number if self.number is not None else Decimal(0)


@dataclass(frozen=True)
class Source:
    """Where a figure was printed."""

    table: str  # logical table: "active" | "requests" | "appeals"
    table_index: int  # block index of the (first part of the) table in the document
    row: int  # grid row in the (joined) table
    col: int  # grid column
    raw: str
    row_label: str  # as printed (joined with " / " across label columns)
    column_label: str

    def __init__(self, table: str, table_index: int, row: int, col: int, raw: str, row_label: str,
                 column_label: str) -> None:
        d = self.__dict__  # see Value.__init__
        d["table"], d["table_index"], d["row"], d["col"] = table, table_index, row, col
        d["raw"], d["row_label"], d["column_label"] = raw, row_label, column_label


@dataclass(frozen=True)
class Figure:
    key: str  # canonical key from fields.csv (or a documented format-specific extra)
    value: Value
    source: Source | None

    def __init__(self, key: str, value: Value, source: Source | None) -> None:
        d = self.__dict__  # see Value.__init__
        d["key"], d["value"], d["source"] = key, value, source


# ---------------------------------------------------------------------------
# problems and findings
# ---------------------------------------------------------------------------

Severity = Literal["error", "warning", "info"]
Category = Literal[
    "arithmetic", "value", "narrative", "structure", "period", "format_version", "cross_year", "read", "content"
]
SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


@dataclass
class Location:
    table: str | None = None  # "active" | "requests" | "appeals" | None
    table_title: str | None = None  # printed name, e.g. 表三 收到和处理政府信息公开申请情况
    row_label: str | None = None
    column_label: str | None = None
    table_index: int | None = None
    row: int | None = None
    col: int | None = None
    block_index: int | None = None  # for paragraph-level findings
    quote: str | None = None  # the sentence a narrative finding comes from
    page: int | None = None  # 1-based page of the cell or paragraph, for paged formats (PDF)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


@dataclass
class Operand:
    key: str
    value: Any  # number (int/float) or None
    raw: str | None = None
    blank: bool = False
    weight: int = 1
    location: Location | None = None

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["location"] = self.location.to_dict() if self.location else None
        return d


@dataclass
class Finding:
    """One result. ``messages`` holds the rendered message per language ("zh", "en")."""

    code: str
    severity: Severity
    category: Category
    messages: dict[str, str]
    fields: list[str] = field(default_factory=list)
    args: dict[str, Any] = field(default_factory=dict)
    expected: Any = None
    actual: Any = None
    operands: list[Operand] = field(default_factory=list)
    location: Location = field(default_factory=Location)
    name: str = ""  # the rule's short name
    source: str = ""  # normative source, e.g. 表三 勾稽关系
    blame: dict[str, Any] | None = None  # {"key", "printed", "implied", "location"} when one cell explains it
    related: list[str] = field(default_factory=list)  # codes of findings folded into this one

    def message(self, lang: str = "zh") -> str:
        return self.messages.get(lang) or self.messages.get("zh") or next(iter(self.messages.values()), "")

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "category": self.category,
            "source": self.source,
            "fields": list(self.fields),
            "message": self.message(lang),
            "args": self.args,
            "expected": self.expected,
            "actual": self.actual,
            "operands": [o.to_dict() for o in self.operands],
            "location": self.location.to_dict(),
            "blame": self.blame,
            "related": list(self.related),
        }


# ---------------------------------------------------------------------------
# the parsed report (locate + figures)
# ---------------------------------------------------------------------------

FormatVersion = Literal["2021", "2019", "hybrid", "unknown"]
TABLE_NAMES = ("active", "requests", "appeals")
# printed names of the three tables, for messages
TABLE_TITLES = {
    "active": {"zh": "表二 主动公开政府信息情况", "en": "Table 2 (proactive disclosure)"},
    "requests": {"zh": "表三 收到和处理政府信息公开申请情况", "en": "Table 3 (requests received and handled)"},
    "appeals": {"zh": "表四 政府信息公开行政复议、行政诉讼情况", "en": "Table 4 (administrative review and litigation)"},
}


@dataclass
class Section:
    number: int  # 1..6
    title: str  # as printed
    block_index: int  # block index of the heading paragraph
    end_block_index: int  # exclusive: the next section's heading or the end of the body


@dataclass
class TableLayout:
    """Where each field sits in a located table: filled by locate (by labels), read by figures."""

    cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # key → (row, col) in the joined grid
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (row label, column label) as printed


@dataclass
class LocatedTable:
    name: str  # "active" | "requests" | "appeals"
    table: Table  # the joined table (parts of a split table concatenated)
    part_indexes: list[int]  # block indexes of the parts, first is the table's index
    section: int | None = None  # section number it sits under
    is_picture: bool = False  # a drawing/image stands where the table should be
    layout: TableLayout | None = None  # key → cell map (locate); None for a picture or once detached


@dataclass
class ParsedReport:
    path: str
    reader: str = ""  # the reader used (or tried) for the file: docx, pdf, html, doc-via-libreoffice…
    format_version: FormatVersion = "unknown"
    title: str | None = None
    agency: str | None = None
    year: int | None = None  # report year from the title
    period_text: str | None = None  # the preface sentence stating the statistics period
    period_years: list[int] = field(default_factory=list)  # years named in that sentence
    sections: list[Section] = field(default_factory=list)
    tables: dict[str, LocatedTable] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)  # canonical keys (fields.csv)
    extras: dict[str, Figure] = field(default_factory=dict)  # format-specific keys (data/fields_extra.csv)
    # figures stated in prose, not in a table (the 信息处理费 of section 六); keys from data/fields_extra.csv
    text_figures: dict[str, Figure] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)  # read / locate / value problems
    document: Document | None = None
    # Values derived from the document once and shared by several check kinds (e.g. the narrative's
    # number claims, read by four rules). Dropped with ``document`` before crossing a process boundary.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def detach(self) -> None:
        """Drop the document tree and what was derived from it (the key → cell layouts, the memo):
        what crosses a process boundary is the figures, their sources and the table grids."""
        self.document = None
        self.memo.clear()
        for located in self.tables.values():
            located.layout = None

    def drop_grids(self) -> None:
        """Keep where each table is, not its cells: only the renderers that redraw a table (html,
        annotate) read the grids, and they are most of what a result weighs between processes."""
        for located in self.tables.values():
            t = located.table
            located.table = Table(index=t.index, n_rows=0, n_cols=0, cells=[], grid=[])

    def number(self, key: str) -> Decimal | None:
        f = self.figures.get(key) or self.extras.get(key) or self.text_figures.get(key)
        return f.value.as_number if f is not None else None

    # -- crossing a process boundary ------------------------------------------------------------
    # The figures (~200 Figure/Value/Source objects) are most of what a report weighs when it is
    # pickled, yet the parent of a batch mostly only passes them on. So they travel as one
    # compressed blob of plain tuples, made once in the worker, and are unpacked on first use
    # (``__getattr__``). Pickling a report whose blob was never unpacked reuses the blob as it is.
    # A batch whose reporters read no figures does not send them at all (``drop_figures``).

    def drop_figures(self) -> None:
        """Forget the figures: the batch's parent needs none when its reporters read none (the
        cross-year rules get theirs separately, see ``runner.cross_year_view``). Reading them
        afterwards is a programming error and raises, rather than finding no figures."""
        for name in (*_FIGURE_FIELDS, _PACKED):
            self.__dict__.pop(name, None)
        self.__dict__[_DROPPED] = True

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        if _PACKED not in state and not state.get(_DROPPED):
            state[_PACKED] = _pack_figures(tuple(state.pop(name) for name in _FIGURE_FIELDS))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> Any:
        # only reached for attributes missing from the instance: the figure dicts of a report
        # unpickled with its figures still packed, or dropped
        packed = self.__dict__.pop(_PACKED, None) if name in _FIGURE_FIELDS else None
        if packed is None:
            if name in _FIGURE_FIELDS and self.__dict__.get(_DROPPED):
                raise AttributeError(f"{name!r}: this report's figures were dropped in the worker "
                                     "(BatchSpec.keep_figures is False)")
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        for field_name, value in zip(_FIGURE_FIELDS, _unpack_figures(packed), strict=True):
            self.__dict__[field_name] = value
        return self.__dict__[name]


_PACKED = "_packed_figures"
_DROPPED = "_figures_dropped"
_FIGURE_FIELDS = ("figures", "extras", "text_figures")
_NO_SOURCE = ()


def _pack_figures(dicts: tuple[dict[str, Figure], ...]) -> bytes:
    """Each figure as a tuple of str/int/None: pickle writes those in C, ~2× faster than walking
    three objects per figure through ``__reduce_ex__``, and the blob is smaller. A number is kept as
    its exact decimal string."""
    import pickle
    import zlib

    rows = []
    for figures in dicts:
        out = []
        for key, fig in figures.items():
            v, s = fig.value, fig.source
            if v.number is not None and type(v.number) is not Decimal:  # not ours: keep it as it is
                return zlib.compress(pickle.dumps((False, dicts), protocol=pickle.HIGHEST_PROTOCOL), 1)
            out.append((key, fig.key, v.kind, None if v.number is None else str(v.number), v.raw, v.unit,
                        v.reason, v.remark, _NO_SOURCE if s is None else
                        (s.table, s.table_index, s.row, s.col, s.raw, s.row_label, s.column_label)))
        rows.append(out)
    return zlib.compress(pickle.dumps((True, rows), protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack_figures(packed: bytes) -> tuple[dict[str, Figure], ...]:
    import pickle
    import zlib

    compact, payload = pickle.loads(zlib.decompress(packed))
    if not compact:
        return payload
    return tuple({key: Figure(fkey, Value(kind, None if number is None else Decimal(number), raw, unit, reason,
                                          remark), Source(*source) if source else None)
                  for key, fkey, kind, number, raw, unit, reason, remark, source in rows}
                 for rows in payload)


FileStatus = Literal["ok", "findings", "error"]


@dataclass
class FileResult:
    """What the batch runner returns for one file. ``report`` is None when nothing could be read;
    ``report.document`` is dropped before crossing a process boundary."""

    path: str
    report: ParsedReport | None
    findings: list[Finding] = field(default_factory=list)
    elapsed: float = 0.0
    # the report as the cross-year rules read it, pickled in the worker (runner.cross_year_view);
    # the batch's parent writes it to its spool as it is
    cross_year: bytes | None = None

    @property
    def status(self) -> FileStatus:
        if self.report is None or any(f.category == "read" for f in self.findings):
            return "error"
        return "findings" if self.findings else "ok"
