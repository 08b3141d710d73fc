"""Generate realistic sample annual reports (政府信息公开工作年度报告) as .docx files.

Every report starts from the official blank Word template (tools/template-2021-official-blank.docx):
its own tables are filled and its placeholder paragraphs are replaced with narrative that agrees
with the figures. Layouts the template cannot produce (collapsed label columns, split, nested or
pictured tables, the 2019 table 二, the hybrid （六） row) are made by editing the template's XML.

Run from the repo root::

    python tools/make_samples.py            # writes samples/** and tests/data/expected/*.json

Importable (``tools/`` on ``sys.path``)::

    from make_samples import build_report, SampleSpec, all_specs, generate_corpus

Figures are random but consistent (every relation of FORMAT.md holds) unless a sample injects an
error on purpose; the expected JSON records what was printed and every injected error.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import random
import re
import struct
import sys
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

REPO = Path(__file__).resolve().parents[1]
TEMPLATE_CANDIDATES = (
    REPO / "tools" / "template-2021-official-blank.docx",
    REPO.parent / "shared" / "real" / "template-2021-official-blank.docx",
)
SEED_DIR = Path(os.environ.get("GOVINFO_CHECK_SHARED") or REPO.parent / "shared") / "seed"  # as tests/conftest.py
SAMPLES_DIR = REPO / "samples"
EXPECTED_DIR = REPO / "tests" / "data" / "expected"

# ---------------------------------------------------------------------------
# the data dictionary (kept in step with src/govinfo_check/fields.py)
# ---------------------------------------------------------------------------

try:  # the installed package is the source of truth for the canonical keys
    from govinfo_check.fields import (
        APPEAL_GROUPS,
        APPEAL_OUTCOMES,
        APPLICANT_COLUMNS,
        REQUEST_ROWS,
        canonical_fields,
    )
except ImportError:  # pragma: no cover - the generator must also run from a bare checkout
    sys.path.insert(0, str(REPO / "src"))
    from govinfo_check.fields import (  # type: ignore[no-redef]
        APPEAL_GROUPS,
        APPEAL_OUTCOMES,
        APPLICANT_COLUMNS,
        REQUEST_ROWS,
        canonical_fields,
    )

ORG_COLUMNS = APPLICANT_COLUMNS[:-1]  # the six applicant columns, without 总计
OUTCOME_ROWS = REQUEST_ROWS[2:23]  # the 21 rows summed into （七）总计
OTHER_ITEMS = ("other_no_correction", "other_unpaid", "other_other")
ACTIVE_KEYS = (
    "active.regulation.issued", "active.regulation.repealed", "active.regulation.in_force",
    "active.normative.issued", "active.normative.repealed", "active.normative.in_force",
    "active.license.decisions", "active.penalty.decisions", "active.coercion.decisions",
    "active.fee.amount",
)
APPEAL_KEYS = tuple(f"appeals.{g}.{o}" for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES)
FEE_KEY = "active.fee.amount"

# labels of table 三 per row: (level 1, level 2 group, level 3 item), as the template prints them
T3_LABELS: dict[str, tuple[str, str, str]] = {
    "new": ("一、本年新收政府信息公开申请数量", "", ""),
    "carried_in": ("二、上年结转政府信息公开申请数量", "", ""),
    "granted": ("三、本年度办理结果", "（一）予以公开", ""),
    "partial": ("三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    "withheld_secret": ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"),
    "withheld_law": ("三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    "withheld_safety": ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"),
    "withheld_third_party": ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"),
    "withheld_internal": ("三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"),
    "withheld_process": ("三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"),
    "withheld_enforcement": ("三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"),
    "withheld_query": ("三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"),
    "unavailable_not_held": ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    "unavailable_needs_creation": ("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"),
    "unavailable_unclear": ("三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"),
    "rejected_petition": ("三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"),
    "rejected_repeat": ("三、本年度办理结果", "（五）不予处理", "2.重复申请"),
    "rejected_publication": ("三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"),
    "rejected_excessive": ("三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"),
    "rejected_confirm": ("三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    "other_no_correction": ("三、本年度办理结果", "（六）其他处理",
                            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    "other_unpaid": ("三、本年度办理结果", "（六）其他处理",
                     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    "other_other": ("三、本年度办理结果", "（六）其他处理", "3.其他"),
    "other_total": ("三、本年度办理结果", "（六）其他处理", ""),  # 2019 / hybrid: one row, no items
    "handled_total": ("三、本年度办理结果", "（七）总计", ""),
    "carried_forward": ("四、结转下年度继续办理", "", ""),
}
HYBRID_ROWS = REQUEST_ROWS[:20] + ("other_total",) + REQUEST_ROWS[23:]

SECTION_TITLES = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}
CN_SECTION = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六"}

FIXED_TIME = dt.datetime(2025, 1, 20, 9, 30, 0)
ZIP_TIME = (2025, 1, 20, 9, 30, 0)

Figures = dict[str, Any]  # key -> int | Decimal


def field_labels() -> dict[str, tuple[str, str, str]]:
    """key -> (table, row_label, column_label) from the data dictionary."""
    return {f.key: (f.table, f.row_label, f.column_label) for f in canonical_fields()}


def canonical_key_list() -> list[str]:
    return [f.key for f in canonical_fields()]


# ---------------------------------------------------------------------------
# consistent random figures
# ---------------------------------------------------------------------------

ORG_WEIGHTS = {"natural": 80.0, "business": 8.0, "research": 0.6, "nonprofit": 1.2, "legal": 4.0, "other_org": 3.0}
OUTCOME_WEIGHTS = {
    "granted": 35, "partial": 8,
    "withheld_secret": 0.3, "withheld_law": 0.6, "withheld_safety": 0.6, "withheld_third_party": 2,
    "withheld_internal": 1.5, "withheld_process": 2, "withheld_enforcement": 1, "withheld_query": 1,
    "unavailable_not_held": 25, "unavailable_needs_creation": 3, "unavailable_unclear": 3,
    "rejected_petition": 4, "rejected_repeat": 3, "rejected_publication": 0.5, "rejected_excessive": 1,
    "rejected_confirm": 1,
    "other_no_correction": 3, "other_unpaid": 0.2, "other_other": 4,
}
NEW_TOTALS = {"zero": (0, 0), "small": (1, 30), "medium": (30, 250), "large": (300, 3000)}


def _spread(rng: random.Random, n: int, weights: dict[str, float]) -> dict[str, int]:
    """Split n units over the keys at random, proportionally to the weights."""
    keys = list(weights)
    counts = Counter(rng.choices(keys, weights=[weights[k] for k in keys], k=n)) if n > 0 else Counter()
    return {k: counts.get(k, 0) for k in keys}


def _applicant_weights(rng: random.Random) -> dict[str, float]:
    """Natural persons dominate; most organisations apply rarely, some columns stay empty."""
    w = dict(ORG_WEIGHTS)
    for k in ("research", "nonprofit", "legal", "other_org", "business"):
        if rng.random() < 0.45:
            w[k] = 0.0
    return w


def random_figures(rng: random.Random, scale: str = "small", carried_in: dict[str, int] | None = None,
                   prev_in_force: tuple[int, int] | None = None) -> Figures:
    """A complete, consistent set of figures for the 200 canonical keys.

    ``carried_in`` fixes 二、上年结转 per applicant column (last year's 结转下年度);
    ``prev_in_force`` (规章, 行政规范性文件) makes 现行有效 = last year's + 制发 − 废止."""
    f: Figures = {}
    f.update(_random_active(rng, scale, prev_in_force))
    f.update(_random_requests(rng, scale, carried_in))
    f.update(_random_appeals(rng, scale))
    return f


def _random_active(rng: random.Random, scale: str, prev_in_force: tuple[int, int] | None) -> Figures:
    big = scale in ("medium", "large")
    is_gov = rng.random() < 0.25  # only governments make 规章
    reg_issued = rng.randint(0, 2) if is_gov else 0
    reg_repealed = rng.randint(0, 1) if is_gov and rng.random() < 0.3 else 0
    norm_issued = rng.randint(0, 12)
    norm_repealed = rng.randint(0, 4) if rng.random() < 0.5 else 0
    if prev_in_force is not None:
        reg_in_force = max(prev_in_force[0] + reg_issued - reg_repealed, 0)
        norm_in_force = max(prev_in_force[1] + norm_issued - norm_repealed, 0)
    else:
        reg_in_force = rng.randint(reg_issued, reg_issued + 20) if is_gov else 0
        norm_in_force = rng.randint(norm_issued, norm_issued + 60)
    fee = Decimal(0)
    if rng.random() < 0.3:
        fee = Decimal(rng.randint(1, 900000 if big else 50000)) / 100
    return {
        "active.regulation.issued": reg_issued,
        "active.regulation.repealed": reg_repealed,
        "active.regulation.in_force": reg_in_force,
        "active.normative.issued": norm_issued,
        "active.normative.repealed": norm_repealed,
        "active.normative.in_force": norm_in_force,
        "active.license.decisions": rng.choice([0, 0, rng.randint(1, 40), rng.randint(50, 3000 if big else 400)]),
        "active.penalty.decisions": rng.choice([0, rng.randint(1, 30), rng.randint(20, 800 if big else 120)]),
        "active.coercion.decisions": rng.choice([0, 0, rng.randint(1, 15), rng.randint(10, 60)]),
        FEE_KEY: fee,
    }


def _random_requests(rng: random.Random, scale: str, carried_in: dict[str, int] | None) -> Figures:
    lo, hi = NEW_TOTALS[scale]
    new = _spread(rng, rng.randint(lo, hi), _applicant_weights(rng))
    f: Figures = {}
    for col in ORG_COLUMNS:
        ci = carried_in[col] if carried_in is not None else (
            rng.randint(0, max(new[col] // 6, 0)) if rng.random() < 0.5 else 0)
        available = new[col] + ci
        cf = rng.randint(0, available // 7) if available and rng.random() < 0.6 else 0
        outcomes = _spread(rng, available - cf, OUTCOME_WEIGHTS)
        f[f"requests.new.{col}"] = new[col]
        f[f"requests.carried_in.{col}"] = ci
        f[f"requests.carried_forward.{col}"] = cf
        for row in OUTCOME_ROWS:
            f[f"requests.{row}.{col}"] = outcomes[row]
        f[f"requests.handled_total.{col}"] = available - cf
    for row in REQUEST_ROWS:
        f[f"requests.{row}.total"] = sum(f[f"requests.{row}.{c}"] for c in ORG_COLUMNS)
    return f


def _random_appeals(rng: random.Random, scale: str) -> Figures:
    f: Figures = {}
    busy = {"zero": 0.0, "small": 0.25, "medium": 0.6, "large": 0.9}[scale]
    for g in APPEAL_GROUPS:
        parts = {o: 0 for o in APPEAL_OUTCOMES[:4]}
        if rng.random() < busy:
            top = {"zero": 0, "small": 3, "medium": 8, "large": 40}[scale]
            for o in parts:
                parts[o] = rng.choice([0, 0, rng.randint(1, top)])
        for o, v in parts.items():
            f[f"appeals.{g}.{o}"] = v
        f[f"appeals.{g}.total"] = sum(parts.values())
    return f


def random_extras_2019(rng: random.Random, figures: Figures) -> Figures:
    """Values of the 2019 table 二 that have no canonical key (fields.csv is the 2021 layout)."""
    e: Figures = {}
    for row in ("regulation", "normative"):
        made = figures[f"active.{row}.issued"]
        e[f"active2019.{row}.new_made"] = made
        e[f"active2019.{row}.new_published"] = made
        e[f"active2019.{row}.public_total"] = figures[f"active.{row}.in_force"]
    for row in ("license", "other_services", "penalty", "coercion", "fee"):
        e[f"active2019.{row}.prev_items"] = rng.randint(0, 120) if row != "fee" else rng.randint(0, 12)
        e[f"active2019.{row}.change"] = rng.choice([0, 0, rng.randint(-5, 8)])
    e["active2019.other_services.decisions"] = rng.choice([0, rng.randint(1, 300)])
    e["active2019.procurement.items"] = rng.randint(0, 40)
    e["active2019.procurement.amount"] = (Decimal(rng.randint(0, 5_000_000)) / 100
                                          if e["active2019.procurement.items"] else Decimal(0))
    return e


def check_relations(f: Figures, layout: str = "2021") -> list[str]:
    """Every FORMAT.md relation that fails for ``f`` (used to prove the generator is consistent)."""
    bad: list[str] = []
    rows = OUTCOME_ROWS if layout == "2021" else tuple(r for r in OUTCOME_ROWS if r not in OTHER_ITEMS)
    for col in APPLICANT_COLUMNS:
        g = lambda r: f[f"requests.{r}.{col}"]  # noqa: E731
        if g("new") + g("carried_in") != g("handled_total") + g("carried_forward"):
            bad.append(f"balance:{col}")
        other = sum(g(r) for r in OTHER_ITEMS) if layout == "2021" else f[f"requests.other_total.{col}"]
        if sum(g(r) for r in rows) + (other if layout != "2021" else 0) != g("handled_total"):
            bad.append(f"outcomes:{col}")
    for row in REQUEST_ROWS if layout == "2021" else HYBRID_ROWS:
        key = f"requests.{row}"
        if sum(f[f"{key}.{c}"] for c in ORG_COLUMNS) != f[f"{key}.total"]:
            bad.append(f"row:{row}")
    for g in APPEAL_GROUPS:
        if sum(f[f"appeals.{g}.{o}"] for o in APPEAL_OUTCOMES[:4]) != f[f"appeals.{g}.total"]:
            bad.append(f"appeals:{g}")
    for k, v in f.items():
        if v < 0:
            bad.append(f"negative:{k}")
    if f[FEE_KEY] != f[FEE_KEY].quantize(Decimal("0.01")):
        bad.append("fee-decimals")
    return bad


def add_other_row(f: Figures) -> Figures:
    """2019 / hybrid layouts print （六）其他处理 as one row: its value is the sum of the three items."""
    out = dict(f)
    for c in APPLICANT_COLUMNS:
        out[f"requests.other_total.{c}"] = sum(f[f"requests.{r}.{c}"] for r in OTHER_ITEMS)
    return out


# ---------------------------------------------------------------------------
# the sample specification
# ---------------------------------------------------------------------------


@dataclass
class SampleSpec:
    """What one sample shows. ``name`` is its path under samples/ (with suffix).

    ``styles`` are harmless printing / layout variants; ``errors`` inject problems that a checker
    must report (each is recorded in the expected file's ``injected``)."""

    name: str
    agency: str = "临江市生态环境局"
    year: int = 2024
    layout: str = "2021"  # 2021 | 2019 | hybrid
    seed: int = 0
    scale: str = "small"  # zero | small | medium | large
    kind: str = "report"  # report | not_zip | empty | no_document_xml | legacy_doc | encrypted | pdf
    period_year: int | None = None  # None: same as year
    heading_sep: str = "、"
    heading_mode: str = "bold"  # bold | heading | plain
    heading_titles: dict[int, str] = field(default_factory=dict)  # section -> title without number
    heading_text: dict[int, str] = field(default_factory=dict)  # section -> full printed heading
    agency_line: bool = False  # agency on its own line above "2024年政府信息公开工作年度报告"
    label_columns: int = 3
    split_t3: str | None = None  # None | "repeat" | "bare"
    t3_layout: str = "template"  # T3_LAYOUTS
    t3_header: str = "template"  # T3_HEADERS
    t3_numbering: str = "1."  # NUMBERINGS: how item numbers are printed
    t3_short_labels: bool = False  # shortened / reworded labels (本年新收申请数量 …)
    t3_group_rows: bool = False  # own_labels: （三）（四）（五） printed as rows of their own holding subtotals
    t2_layout: str = "template"  # T2_LAYOUTS
    t4_layout: str = "template"  # T4_LAYOUTS
    title_mode: str = "line"  # line | property_only (no title line) | agency_after (agency below the title)
    styles: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    figures: Figures | None = None  # exact figures (the seed report); None: random from seed
    carry_from: SampleSpec | None = None  # last year's report of the same agency
    narrative: dict[int, list[str]] | None = None  # exact narrative per section (0 = preface)
    stated: dict[str, int] | None = None  # with ``narrative``: the numbers that text states
    description: str = ""

    @property
    def path(self) -> str:
        return f"samples/{self.name}"


@dataclass
class BuiltReport:
    data: bytes
    expected: dict[str, Any]


# ---------------------------------------------------------------------------
# the draft: figures, printed cell texts and what a reader should get back
# ---------------------------------------------------------------------------


@dataclass
class Draft:
    spec: SampleSpec
    figures: Figures  # the true, consistent figures (plus requests.other_total.* for 2019/hybrid)
    extras: Figures  # 2019-only values
    printed: dict[str, str]  # key -> cell text as printed
    render: dict[str, str]  # key -> "runs" | "ins:<old>" | "sdt" | "sdt_block"
    expected: dict[str, Any]  # canonical key -> number | None, what a correct reader returns
    expected_extras: dict[str, Any]
    injected: list[dict[str, Any]] = field(default_factory=list)
    claims: dict[str, int] = field(default_factory=dict)  # narrative numbers (may be overridden)
    skip_claims: set[str] = field(default_factory=set)  # narrative sentences left out
    labels: dict[str, tuple[str, str, str]] = field(default_factory=lambda: dict(T3_LABELS))
    header_total: str = "总计"
    header_breaks: bool = False
    drop_table: str | None = None
    picture_t3: bool = False
    drop_section: int | None = None
    narrative_tracked: bool = False
    variants: list[str] = field(default_factory=list)
    stated: dict[str, int] = field(default_factory=dict)  # numbers the narrative actually states
    t3_header_rows: int = 3  # rows above table 三's first data row
    remarks: list[str] = field(default_factory=list)  # keys printed with a remark: 55（含自然失效29件）
    t3_printed: dict[str, str] = field(default_factory=dict)  # table 三 row → its label as printed (rebuilt layouts)

    def say(self, what: str, value: int) -> int:
        self.stated[what] = value
        return value

    @property
    def layout(self) -> str:
        return self.spec.layout

    def t3_rows(self) -> tuple[str, ...]:
        return REQUEST_ROWS if self.layout == "2021" else HYBRID_ROWS


def _fmt(v: Any) -> str:
    if isinstance(v, Decimal):
        return format(v.normalize(), "f") if v != v.to_integral() else str(int(v))
    return str(v)


def _json_num(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral() else float(v)
    return v


def _printed_keys(layout: str) -> list[str]:
    """Keys that have a cell in the document for this layout (canonical or extra)."""
    keys: list[str] = []
    if layout == "2019":
        keys += ["active.license.decisions", "active.penalty.decisions", "active.coercion.decisions"]
    else:
        keys += list(ACTIVE_KEYS)
    rows = REQUEST_ROWS if layout == "2021" else HYBRID_ROWS
    keys += [f"requests.{r}.{c}" for r in rows for c in APPLICANT_COLUMNS]
    keys += list(APPEAL_KEYS)
    return keys


def make_draft(spec: SampleSpec) -> Draft:
    rng = random.Random(spec.seed)
    figures = dict(spec.figures) if spec.figures is not None else _figures_for(spec, rng)
    if spec.layout != "2021":
        figures = add_other_row(figures)
    extras = random_extras_2019(rng, figures) if spec.layout == "2019" else {}
    printed_keys = _printed_keys(spec.layout)
    printed = {k: _fmt(figures[k]) for k in printed_keys}
    printed.update({k: _fmt(v) for k, v in extras.items() if not k.endswith("change")})
    printed.update({k: (f"+{v}" if v > 0 else str(v)) for k, v in extras.items() if k.endswith("change")})
    expected: dict[str, Any] = {k: None for k in canonical_key_list()}
    for k in printed_keys:
        if k in expected:
            expected[k] = figures[k]
    expected_extras = {k: v for k, v in extras.items()}
    if spec.layout != "2021":
        expected_extras.update({f"requests.other_total.{c}": figures[f"requests.other_total.{c}"] for c in APPLICANT_COLUMNS})
    d = Draft(spec, figures, extras, printed, {}, expected, expected_extras)
    d.claims = narrative_claims(figures)
    return d


def _figures_for(spec: SampleSpec, rng: random.Random) -> Figures:
    if spec.carry_from is None:
        return random_figures(rng, spec.scale)
    prev = make_draft(spec.carry_from).figures
    carried = {c: prev[f"requests.carried_forward.{c}"] for c in ORG_COLUMNS}
    in_force = (prev["active.regulation.in_force"], prev["active.normative.in_force"])
    return random_figures(rng, spec.scale, carried_in=carried, prev_in_force=in_force)


def narrative_claims(f: Figures) -> dict[str, int]:
    """The numbers the narrative states, from the (true) figures."""
    t = lambda row: f[f"requests.{row}.total"]  # noqa: E731
    return {
        "received": t("new") + t("carried_in"),
        "new": t("new"),
        "carried_in": t("carried_in"),
        "handled": t("handled_total"),
        "granted": t("granted"),
        "partial": t("partial"),
        "withheld": sum(t(r) for r in REQUEST_ROWS if r.startswith("withheld")),
        "unavailable": sum(t(r) for r in REQUEST_ROWS if r.startswith("unavailable")),
        "rejected": sum(t(r) for r in REQUEST_ROWS if r.startswith("rejected")),
        "other": sum(t(r) for r in OTHER_ITEMS),
        "carried_forward": t("carried_forward"),
        "review": f["appeals.review.total"],
        "litigation": f["appeals.suit_direct.total"] + f["appeals.suit_after_review.total"],
        "normative_in_force": f["active.normative.in_force"],
        "normative_issued": f["active.normative.issued"],
        "normative_repealed": f["active.normative.repealed"],
    }


# ---------------------------------------------------------------------------
# printing styles (harmless variants) and injected errors
# ---------------------------------------------------------------------------

ZERO_TOKENS = ("", "—", "-", "/", "无", "\u3000")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _data_keys(d: Draft) -> list[str]:
    return list(d.printed)


def style_zeros_mixed(d: Draft) -> None:
    """Zeros printed as blank, dashes, slashes, 无 or the template's ideographic space."""
    i = 0
    for k in _data_keys(d):
        v = d.figures.get(k, d.extras.get(k))
        if v == 0 and not k.endswith(".change"):
            d.printed[k] = ZERO_TOKENS[i % len(ZERO_TOKENS)]
            i += 1
    d.variants.append("zeros printed as blank / — / - / / / 无 / \\u3000 (all read as 0)")


def style_fullwidth(d: Draft) -> None:
    """Non-zero counts alternately as full-width digits and with the unit 件."""
    i = 0
    for k in _data_keys(d):
        v = d.figures.get(k, d.extras.get(k))
        if isinstance(v, int) and v > 0 and not k.endswith(".change"):
            if i % 3 == 0:
                d.printed[k] = str(v).translate(FULLWIDTH)
            elif i % 3 == 1:
                d.printed[k] = f"{v}件"
            i += 1
    d.variants.append("non-zero counts as full-width digits (１２) and with the unit (12件)")


def style_split_runs(d: Draft) -> None:
    n = 0
    for k, text in d.printed.items():
        if len(text) >= 2:
            d.render[k] = "runs"
            n += 1
    d.variants.append(f"{n} multi-digit values split over several runs")


def style_tracked(d: Draft) -> None:
    """A few cells corrected with track changes on: w:del holds the old value, w:ins the new."""
    picks = [k for k in ("requests.granted.natural", "requests.granted.total",
                         "requests.new.natural", "requests.new.total", "active.penalty.decisions")
             if k in d.printed]
    for k in picks:
        old = d.figures[k] + 2 if d.figures[k] < 5 else d.figures[k] - 3
        d.render[k] = f"ins:{old}"
    d.narrative_tracked = True
    d.variants.append("tracked changes: cells hold w:del (old value) + w:ins (new value); "
                      "a narrative number too; the read value is the inserted one")


def style_sdt(d: Draft) -> None:
    for k in d.printed:
        if k.startswith("requests.new.") or k.startswith("requests.granted."):
            d.render[k] = "sdt"
        elif k.startswith("appeals."):
            d.render[k] = "sdt_block"
    d.variants.append("values in content controls (run-level w:sdt in table 三, block-level w:sdt in "
                      "table 四 cells) and section heading 三 inside a block-level w:sdt")


def style_label_quirks(d: Draft) -> None:
    lab = d.labels
    lab["withheld_law"] = (lab["withheld_law"][0], lab["withheld_law"][1], "2.其他法律行政止公开")
    lab["partial"] = (lab["partial"][0], "（二）部分公开（区分处理的，只计这一情况，不计其他情形）", "")
    lab["rejected_confirm"] = (lab["rejected_confirm"][0], lab["rejected_confirm"][1],
                               "5.要求行政机关确认或重新\n出具已获取信息")
    lab["carried_in"] = ("二、上年结转政府信息\n公开申请数量", "", "")
    lab["handled_total"] = (lab["handled_total"][0], "（七）合计", "")
    d.header_total = "合计"
    d.header_breaks = True
    d.variants.append("labels with line breaks and known typos (其他法律行政止公开, 只计这一情况), 合计 for 总计")


STYLES: dict[str, Callable[[Draft], None]] = {
    "zeros_mixed": style_zeros_mixed,
    "fullwidth": style_fullwidth,
    "split_runs": style_split_runs,
    "tracked": style_tracked,
    "sdt": style_sdt,
    "label_quirks": style_label_quirks,
    # layout-only styles, applied while building the document
    "nested_t3": lambda d: d.variants.append("table 三 nested in a one-cell table"),
    "extra_empty": lambda d: d.variants.append("table 三 has an extra empty row and an extra empty column"),
    "cn_numerals": lambda d: d.variants.append("narrative numbers in Chinese numerals (两件, 十二件)"),
    "remarks": lambda d: style_remarks(d),
}


def _labels(key: str) -> tuple[str, str, str]:
    table, row, col = field_labels().get(key, ("", "", ""))
    return table, row, col


def _record(d: Draft, code_hint: str, keys: list[str], printed: Any, correct: Any, note: str,
            table: str | None = None, row_label: str | None = None, column_label: str | None = None,
            **more: Any) -> None:
    t, r, c = _labels(keys[0]) if keys else ("", "", "")
    entry = {
        "code_hint": code_hint,
        "keys": keys,
        "table": table if table is not None else (t or None),
        "row_label": row_label if row_label is not None else (r or None),
        "column_label": column_label if column_label is not None else (c or None),
        "printed": _json_num(printed) if not isinstance(printed, str) else printed,
        "correct": _json_num(correct) if not isinstance(correct, str) else correct,
        "note": note,
    }
    entry.update(more)
    d.injected.append(entry)


def _pick_cell(d: Draft, rows: Iterable[str], cols: Iterable[str], nonzero: bool = True) -> str:
    for r in rows:
        for c in cols:
            k = f"requests.{r}.{c}"
            if k in d.printed and (d.figures[k] > 0 or not nonzero):
                return k
    raise ValueError("no suitable cell for the injected error")


def err_t3_typo(d: Draft) -> None:
    """One mistyped item cell: its row total and its column's outcome sum no longer hold."""
    k = _pick_cell(d, ("unavailable_not_held", "granted", "partial"), ("natural", "business"))
    true = d.figures[k]
    wrong = true + (10 if true < 10 else 9)  # 3 -> 13, 12 -> 21: a neighbouring key or swapped digits
    if true >= 10:
        wrong = int(str(true)[::-1]) if str(true)[::-1] != str(true) and str(true)[-1] != "0" else true + 10
    d.printed[k] = str(wrong)
    d.expected[k] = wrong
    row = k.split(".")[1]
    d.skip_claims.add({"granted": "granted", "partial": "partial"}.get(row, "unavailable"))
    _record(d, "T3-row-total", [k, f"requests.{row}.total"], wrong, true,
            "typo in one item cell: the row's 总计 and the column's （七）总计 no longer add up",
            breaks=["T3-row-total", "T3-col-outcomes"])


def err_t3_blank_total(d: Draft) -> None:
    k = None
    for r in ("unavailable_not_held", "granted", "withheld_process", "rejected_repeat"):
        if d.figures.get(f"requests.{r}.total", 0) > 0:
            k = f"requests.{r}.total"
            break
    if k is None:
        raise ValueError("blank total needs a non-zero row")
    true = d.figures[k]
    d.printed[k] = ""
    d.expected[k] = 0
    row = k.split(".")[1]
    d.skip_claims.add({"granted": "granted"}.get(row, "withheld" if row.startswith("withheld") else
                                                  "rejected" if row.startswith("rejected") else "unavailable"))
    _record(d, "T3-blank-total", [k], "", true,
            "总计 left blank while the items of the row are non-zero (blank reads 0; that is an error here)",
            breaks=["T3-blank-total", "T3-row-total"])


def err_t4_total_wrong(d: Draft) -> None:
    g = "review"
    if d.figures[f"appeals.{g}.total"] == 0:  # make the group non-empty, consistently
        d.figures[f"appeals.{g}.upheld"] = 2
        d.figures[f"appeals.{g}.pending"] = 1
        d.figures[f"appeals.{g}.total"] = 3
        for o in APPEAL_OUTCOMES:
            _set_figure(d, f"appeals.{g}.{o}", d.figures[f"appeals.{g}.{o}"])
        d.claims["review"] = 3
    k = f"appeals.{g}.total"
    true = d.figures[k]
    wrong = true + 2
    d.printed[k] = str(wrong)
    d.expected[k] = wrong
    d.skip_claims.add("appeals")
    _record(d, "T4-group-total", [k], wrong, true, "行政复议 总计 ≠ 维持 + 纠正 + 其他 + 尚未审结",
            row_label="行政复议")


def err_invalid_cells(d: Draft) -> None:
    """Three unreadable cells: a letter O for a zero, a stray 、, a negative count."""
    # "1O": a cell whose number has a 0, typed with the letter O (fallback: the 行政许可 cell)
    with_zero = [k for k in d.printed if k in d.expected and not k.endswith(".total") and k != FEE_KEY
                 and isinstance(d.figures.get(k), int) and d.figures[k] >= 10 and "0" in str(d.figures[k])]
    k1 = with_zero[0] if with_zero else "active.license.decisions"
    true1 = d.figures[k1]
    text1 = str(true1).replace("0", "O") if "0" in str(true1) else f"{true1}O"
    k2 = _pick_cell(d, ("granted", "unavailable_not_held"), ("natural",))
    text2 = f"{d.figures[k2]}、"
    k3 = "appeals.suit_direct.other"
    text3 = "-1"
    for k, text, why in ((k1, text1, "letter O typed for the digit 0"), (k2, text2, "stray 、 after the number"),
                         (k3, text3, "negative count")):
        d.printed[k] = text
        d.expected[k] = None
        _record(d, "V-invalid", [k], text, d.figures[k], f"invalid cell value: {why}")
    d.skip_claims.update({"granted", "unavailable", "appeals"})


def err_fee_negative(d: Draft) -> None:
    true = d.figures[FEE_KEY]
    d.printed[FEE_KEY] = "-5"
    d.expected[FEE_KEY] = None
    _record(d, "V-fee-negative", [FEE_KEY], "-5", true, "行政事业性收费 printed as a negative amount")


def err_fee_decimals(d: Draft) -> None:
    if d.figures[FEE_KEY] == 0:
        _set_figure(d, FEE_KEY, Decimal("12.34"))
    true = d.figures[FEE_KEY]
    text = f"{true:.2f}" + "5"
    d.printed[FEE_KEY] = text
    d.expected[FEE_KEY] = Decimal(text)
    _record(d, "V-fee-decimals", [FEE_KEY], text, true,
            "amount in 万元 with three decimals (the number reads, the precision is wrong)")


def err_narrative(d: Draft) -> None:
    true = d.claims["granted"]
    wrong = true + 3
    d.claims["granted"] = wrong
    _record(d, "N-mismatch", ["requests.granted.total"], wrong, true,
            "narrative says 予以公开 a different number than table 三", claim="granted")


def err_narrative_carried(d: Draft) -> None:
    true = d.claims["carried_forward"]
    wrong = true + 2
    d.claims["carried_forward"] = wrong
    _record(d, "N-mismatch", ["requests.carried_forward.total"], wrong, true,
            "narrative says 结转下年度继续办理 a different number than table 三", claim="carried_forward")


def err_wrong_period(d: Draft) -> None:
    py = d.spec.year - 1
    _record(d, "P-period-year", [], py, d.spec.year,
            f"title says {d.spec.year} but the statistics period is {py}", table=None, row_label=None,
            column_label=None)


def err_superseded_format(d: Draft) -> None:
    _record(d, "FV-superseded", [], "2019", "2021",
            f"a {d.spec.year} report in the superseded 2019 format", table="active", row_label=None,
            column_label=None)


def err_missing_t4(d: Draft) -> None:
    d.drop_table = "appeals"
    for k in APPEAL_KEYS:
        d.expected[k] = None
    _record(d, "S-missing-table", [], None, None, "table 四 deleted; its heading remains",
            table="appeals", row_label=None, column_label=None)


def err_picture_t3(d: Draft) -> None:
    d.picture_t3 = True
    for k in list(d.expected):
        if k.startswith("requests."):
            d.expected[k] = None
    for k in list(d.expected_extras):
        if k.startswith("requests."):
            d.expected_extras[k] = None
    _record(d, "S-table-picture", [], None, None,
            "table 三 pasted as a picture (a paragraph with w:drawing stands where the table was)",
            table="requests", row_label=None, column_label=None)


def err_missing_section5(d: Draft) -> None:
    d.drop_section = 5
    _record(d, "S-missing-section", [], None, None, "section 五 (存在的主要问题及改进情况) is missing",
            table=None, row_label=None, column_label=None, section=5)


def err_carry_mismatch(d: Draft) -> None:
    """Cross-year: this year's 上年结转 differs from last year's 结转下年度 in one column.
    The report itself stays consistent (新收 absorbs the difference)."""
    if d.spec.carry_from is None:
        raise ValueError("carry_mismatch needs carry_from")
    prev = make_draft(d.spec.carry_from).figures
    col = "natural"
    last = prev[f"requests.carried_forward.{col}"]
    # two more applications carried in, both granted: every relation inside this report still holds
    for row in ("carried_in", "granted", "handled_total"):
        for c in (col, "total"):
            _set_figure(d, f"requests.{row}.{c}", d.figures[f"requests.{row}.{c}"] + 2)
    d.claims = narrative_claims(d.figures)
    _record(d, "X-carry-over", [f"requests.carried_in.{col}", "requests.carried_in.total"],
            d.figures[f"requests.carried_in.{col}"], last,
            "this year's 二、上年结转 ≠ last year's 四、结转下年度 (same agency) in the 自然人 column, "
            "and so in the 总计 column", previous=d.spec.carry_from.path)


def _set_figure(d: Draft, key: str, value: Any) -> None:
    """Change a true figure (keeping the report consistent is the caller's job)."""
    d.figures[key] = value
    d.printed[key] = _fmt(value)
    if key in d.expected:
        d.expected[key] = value


ERRORS: dict[str, Callable[[Draft], None]] = {
    "t3_typo": err_t3_typo,
    "t3_blank_total": err_t3_blank_total,
    "t4_total_wrong": err_t4_total_wrong,
    "invalid_cells": err_invalid_cells,
    "fee_negative": err_fee_negative,
    "fee_decimals": err_fee_decimals,
    "narrative": err_narrative,
    "narrative_carried": err_narrative_carried,
    "wrong_period": err_wrong_period,
    "superseded_format": err_superseded_format,
    "missing_t4": err_missing_t4,
    "picture_t3": err_picture_t3,
    "missing_section5": err_missing_section5,
    "carry_mismatch": err_carry_mismatch,
}


# ---------------------------------------------------------------------------
# narrative
# ---------------------------------------------------------------------------

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese numeral for 0..9999 as written before 件 (2 -> 两)."""
    if n == 2:
        return "两"
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


INTRO = [
    "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》"
    "和上级关于政务公开工作的部署要求，坚持“公开为常态、不公开为例外”，持续提升政务公开标准化规范化水平。",
    "{year}年，{agency}深入贯彻落实党中央、国务院关于全面推进政务公开的决策部署，严格执行《中华人民共和国政府信息公开条例》，"
    "围绕中心工作深化决策、执行、管理、服务、结果公开，政府信息公开工作取得新成效。",
]
PART_TITLES = ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"]
PART_TEXT = {
    3: ["严格落实信息发布审核制度，坚持“先审后发”，定期开展政府信息清理，及时更新主动公开基本目录，确保信息准确、完整、规范。",
        "健全政府信息公开属性源头认定机制，公文在起草时即明确公开属性，对不予公开的说明理由，持续规范信息管理。"],
    4: ["持续优化门户网站政府信息公开专栏，完善栏目设置，加强政务新媒体管理，全年未发生严重表述错误和泄密事件。",
        "依托政府门户网站、政务新媒体和政务服务大厅公开查阅点，拓宽信息公开渠道，方便群众查阅获取政府信息。"],
    5: ["将政务公开工作纳入年度工作要点，主要负责同志定期听取政务公开工作汇报，组织开展政务公开业务培训{train}次。"
        "本年度未发生因政府信息公开工作引发的责任追究情况。",
        "建立政务公开工作考核机制，强化社会评议和监督，认真办理公众意见建议，未发生因信息公开工作被问责的情况。"],
}
PROBLEMS = [
    "（一）存在的主要问题。一是政策解读形式较为单一，图表、视频等多元化解读较少；二是部分栏目信息更新不够及时。",
    "（一）存在的主要问题。一是依申请公开答复的规范性仍需提升；二是政务公开工作人员业务能力有待加强。",
]
IMPROVEMENTS = [
    "（二）改进情况。下一步将丰富政策解读形式，加强栏目日常巡查维护，建立信息更新提醒机制，确保信息发布及时准确。",
    "（二）改进情况。下一步将完善依申请公开办理流程，加强法制审核，定期组织业务培训，不断提升政府信息公开工作水平。",
]


def _n(d: Draft, n: int) -> str:
    return cn_number(n) if "cn_numerals" in d.spec.styles and n <= 99 else str(n)


def _tracked_num(d: Draft, n: int) -> str:
    """A narrative number; with tracked changes on, the old number is a deletion before it."""
    if d.narrative_tracked:
        return f"[[del:{n + 1}]][[ins:{n}]]"
    return _n(d, n)


def requests_sentence(d: Draft) -> str:
    c = d.claims
    if not c["received"]:
        d.say("received", 0)
        d.say("carried_in", 0)
        return "本年度未收到政府信息公开申请，无上年结转申请。"
    received = _n(d, d.say("received", c["received"]))
    if c["carried_in"]:
        s = (f"全年共收到政府信息公开申请{received}件（其中本年新收{_n(d, d.say('new', c['new']))}件，"
             f"上年结转{_n(d, d.say('carried_in', c['carried_in']))}件）")
    else:
        s = f"全年共收到政府信息公开申请{received}件，均为本年新收"
    outcome = []
    if "granted" not in d.skip_claims:
        outcome.append(f"予以公开{_tracked_num(d, d.say('granted', c['granted']))}件")
    names = (("partial", "部分公开"), ("withheld", "不予公开"), ("unavailable", "无法提供"),
             ("rejected", "不予处理"), ("other", "其他处理"))
    for key, word in names:
        if key not in d.skip_claims and c[key]:
            outcome.append(f"{word}{_n(d, d.say(key, c[key]))}件")
    s += f"；办结{_n(d, d.say('handled', c['handled']))}件"
    if outcome:
        s += "，其中" + "，".join(outcome)
    if "carried_forward" not in d.skip_claims:
        if c["carried_forward"]:
            s += f"；结转下年度继续办理{_n(d, d.say('carried_forward', c['carried_forward']))}件"
        else:
            d.say("carried_forward", 0)
            s += "；无结转下年度继续办理的申请"
    return s + "。"


def appeals_sentence(d: Draft) -> str:
    if "appeals" in d.skip_claims:
        return ""
    r, s = d.say("review", d.claims["review"]), d.say("litigation", d.claims["litigation"])
    if r == 0 and s == 0:
        return "本年度未发生政府信息公开行政复议和行政诉讼案件。"
    return f"本年度发生政府信息公开行政复议{_n(d, r)}件、行政诉讼{_n(d, s)}件。"


def active_sentence(d: Draft, rng: random.Random) -> str:
    c = d.claims
    web = rng.randint(80, 2600)
    if d.layout == "2019":
        made = d.extras["active2019.normative.new_made"]
        total = d.extras["active2019.normative.public_total"]
        return (f"全年通过门户网站主动公开政府信息{web}条。本年度新制作规范性文件{made}件，"
                f"对外公开规范性文件总数量{total}件。")
    s = f"全年通过门户网站、政务新媒体主动公开政府信息{web}条，"
    if c["normative_issued"]:
        s += f"制发行政规范性文件{_n(d, d.say('normative_issued', c['normative_issued']))}件"
        if c["normative_repealed"]:
            s += f"、废止{_n(d, d.say('normative_repealed', c['normative_repealed']))}件，"
        else:
            s += "，"
    s += f"截至{d.spec.year}年底现行有效行政规范性文件{_n(d, d.say('normative_in_force', c['normative_in_force']))}件。"
    return s


def fee_sentence(d: Draft, rng: random.Random) -> str:
    if rng.random() < 0.85:
        return f"（一）收取信息处理费情况。{d.spec.year}年度，本机关未收取政府信息公开信息处理费。"
    return f"（一）收取信息处理费情况。{d.spec.year}年度，本机关依据国办函〔2020〕109号收取信息处理费{rng.randint(1, 9) * 100}元。"


def build_narrative(d: Draft) -> dict[int, list[str]]:
    """Paragraph texts per section (0 = preface). ``[[del:x]]`` / ``[[ins:y]]`` mark tracked changes."""
    if d.spec.narrative is not None:
        d.stated.update(d.spec.stated or {})
        return d.spec.narrative
    rng = random.Random(d.spec.seed * 7919 + 1)
    sp = d.spec
    py = sp.period_year or sp.year
    ag = sp.agency
    preface = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》编制。"
               f"报告中所列数据统计期限自{py}年1月1日起，至{py}年12月31日止。"
               f"本报告电子版可在{ag}门户网站查阅或下载。如对本报告有疑问，请与{ag}办公室联系。")
    one = [INTRO[rng.randrange(len(INTRO))].format(year=sp.year, agency=ag)]
    one.append(PART_TITLES[0])
    one.append(active_sentence(d, rng) + "严格落实政策解读与政策文件同步起草、同步审签、同步发布。")
    one.append(PART_TITLES[1])
    one.append("进一步规范依申请公开受理、审查、答复流程，严格按照法定时限答复。" + requests_sentence(d)
               + appeals_sentence(d))
    for i in (3, 4, 5):
        one.append(PART_TITLES[i - 1])
        one.append(PART_TEXT[i][rng.randrange(2)].format(train=rng.randint(1, 6)))
    five = [PROBLEMS[rng.randrange(2)], IMPROVEMENTS[rng.randrange(2)]]
    six = [fee_sentence(d, rng),
           f"（二）人大代表建议和政协提案办理结果公开情况。{sp.year}年度，共承办人大代表建议{rng.randint(0, 20)}件、"
           f"政协提案{rng.randint(0, 25)}件，均已按期办结，办理结果已按规定公开。"]
    return {0: [preface], 1: one, 5: five, 6: six}


# ---------------------------------------------------------------------------
# XML helpers on the template
# ---------------------------------------------------------------------------

CELL_RPR = ('<w:rPr %s><w:rFonts w:hint="eastAsia" w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/>'
            '<w:kern w:val="0"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>') % nsdecls("w")
TRACK_ATTRS = {qn("w:author"): "政务公开办", qn("w:date"): "2025-01-18T10:12:00Z"}


class Ids:
    """Sequential ids for w:ins / w:del / w:sdt, so output is deterministic."""

    def __init__(self) -> None:
        self.n = 100

    def next(self) -> str:
        self.n += 1
        return str(self.n)


@lru_cache(maxsize=1)
def clean_template_bytes() -> bytes:
    """The template without w14:paraId/textId: cloned rows would repeat them, and Word rejects
    duplicate paragraph ids."""
    doc = docx.Document(io.BytesIO(template_bytes()))
    _strip_para_ids(doc.element.body)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def template_bytes() -> bytes:
    for p in TEMPLATE_CANDIDATES:
        if p.is_file():
            return p.read_bytes()
    raise FileNotFoundError("template-2021-official-blank.docx not found in tools/ or ../shared/real/")


def _t(text: str, tag: str = "w:t") -> Any:
    t = OxmlElement(tag)
    t.text = text
    if text != text.strip() or "\u3000" in text or not text:
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t


def _run(text: str, rpr: Any | None = None, deleted: bool = False) -> Any:
    r = OxmlElement("w:r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    parts = text.split("\n")
    for i, part in enumerate(parts):
        if i:
            r.append(OxmlElement("w:br"))
        if part or len(parts) == 1:
            r.append(_t(part, "w:delText" if deleted else "w:t"))
    return r


def _clear_paragraph(p: Any) -> None:
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)


def _cell_paragraph(tc: Any) -> Any:
    """The first paragraph of a cell, emptied; other paragraphs removed."""
    ps = tc.findall(qn("w:p"))
    for extra in ps[1:]:
        tc.remove(extra)
    if ps:
        p = ps[0]
    else:
        p = OxmlElement("w:p")
        tc.append(p)
    _clear_paragraph(p)
    return p


def set_cell_text(tc: Any, text: str, mode: str = "plain", ids: Ids | None = None, center: bool = True) -> None:
    """Write ``text`` into a cell; ``mode`` chooses how Word would have stored it."""
    ids = ids or Ids()
    rpr = parse_xml(CELL_RPR)
    p = _cell_paragraph(tc)
    if center:
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            p.insert(0, ppr)
        if ppr.find(qn("w:jc")) is None:
            jc = OxmlElement("w:jc")
            jc.set(qn("w:val"), "center")
            rp = ppr.find(qn("w:rPr"))
            rp.addprevious(jc) if rp is not None else ppr.append(jc)
    if mode == "plain" or not text:
        if text:
            p.append(_run(text, rpr))
    elif mode == "runs":
        # Word splits runs on edits and spell-check marks; one char per run is the worst case
        for i, ch in enumerate(text):
            r = _run(ch, rpr)
            r.set(qn("w:rsidR"), f"00{0x3A1B20 + i:06X}")
            p.append(r)
            if i == 0:
                pe = OxmlElement("w:proofErr")
                pe.set(qn("w:type"), "gramStart")
                p.append(pe)
    elif mode.startswith("ins:"):
        old = mode[4:]
        de = OxmlElement("w:del")
        de.set(qn("w:id"), ids.next())
        for k, v in TRACK_ATTRS.items():
            de.set(k, v)
        de.append(_run(old, rpr, deleted=True))
        ins = OxmlElement("w:ins")
        ins.set(qn("w:id"), ids.next())
        for k, v in TRACK_ATTRS.items():
            ins.set(k, v)
        ins.append(_run(text, rpr))
        p.append(de)
        p.append(ins)
    elif mode == "sdt":
        p.append(_sdt_wrap([_run(text, rpr)], ids, "数值"))
    elif mode == "sdt_block":
        p.append(_run(text, rpr))
        sdt = _sdt_wrap([], ids, "表四数值")
        p.addprevious(sdt)
        sdt.find(qn("w:sdtContent")).append(p)
    else:
        raise ValueError(f"unknown render mode {mode!r}")


def _sdt_wrap(children: list[Any], ids: Ids, alias: str) -> Any:
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    a = OxmlElement("w:alias")
    a.set(qn("w:val"), alias)
    i = OxmlElement("w:id")
    i.set(qn("w:val"), ids.next())
    pr.append(a)
    pr.append(i)
    pr.append(OxmlElement("w:text"))
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    for c in children:
        content.append(c)
    sdt.append(content)
    return sdt


def _tc_props(tc: Any) -> Any:
    return tc.get_or_add_tcPr()


def _set_span(tc: Any, span: int) -> None:
    pr = _tc_props(tc)
    gs = pr.find(qn("w:gridSpan"))
    if span <= 1:
        if gs is not None:
            pr.remove(gs)
        return
    if gs is None:
        gs = OxmlElement("w:gridSpan")
        w = pr.find(qn("w:tcW"))
        (w.addnext(gs) if w is not None else pr.insert(0, gs))
    gs.set(qn("w:val"), str(span))


def _set_vmerge(tc: Any, value: str | None) -> None:
    pr = _tc_props(tc)
    vm = pr.find(qn("w:vMerge"))
    if value is None:
        if vm is not None:
            pr.remove(vm)
        return
    if vm is None:
        vm = OxmlElement("w:vMerge")
        anchor = pr.find(qn("w:gridSpan"))
        if anchor is None:
            anchor = pr.find(qn("w:tcW"))
        (anchor.addnext(vm) if anchor is not None else pr.insert(0, vm))
    if value == "continue":
        vm.attrib.pop(qn("w:val"), None)
        vm.set(qn("w:val"), "continue")
    else:
        vm.set(qn("w:val"), "restart")


def _set_width(tc: Any, width: int) -> None:
    w = _tc_props(tc).find(qn("w:tcW"))
    if w is not None:
        w.set(qn("w:w"), str(width))


def _vmerge(tc: Any) -> str | None:
    pr = tc.tcPr
    if pr is None:
        return None
    vm = pr.find(qn("w:vMerge"))
    if vm is None:
        return None
    return vm.get(qn("w:val"), "continue")


def _span(tc: Any) -> int:
    pr = tc.tcPr
    gs = pr.find(qn("w:gridSpan")) if pr is not None else None
    return int(gs.get(qn("w:val"))) if gs is not None else 1


def _grid_widths(tbl: Any) -> list[int]:
    return [int(gc.get(qn("w:w"))) for gc in tbl.tblGrid.findall(qn("w:gridCol"))]


def _set_grid(tbl: Any, widths: list[int]) -> None:
    grid = tbl.tblGrid
    for gc in grid.findall(qn("w:gridCol")):
        grid.remove(gc)
    for w in widths:
        gc = OxmlElement("w:gridCol")
        gc.set(qn("w:w"), str(w))
        grid.append(gc)


def _empty_paragraph(proto: Any, page_break: bool = False, text: str = "") -> Any:
    p = copy.deepcopy(proto)
    _clear_paragraph(p)
    if page_break:
        r = OxmlElement("w:r")
        br = OxmlElement("w:br")
        br.set(qn("w:type"), "page")
        r.append(br)
        p.append(r)
    if text:
        p.append(_run(text))
    return p


# ---------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------


def fill_t2_2021(tbl: Any, d: Draft, ids: Ids) -> None:
    trs = tbl.tr_lst
    layout = {
        2: ("active.regulation.issued", "active.regulation.repealed", "active.regulation.in_force"),
        3: ("active.normative.issued", "active.normative.repealed", "active.normative.in_force"),
        6: ("active.license.decisions",),
        9: ("active.penalty.decisions",),
        10: ("active.coercion.decisions",),
        13: (FEE_KEY,),
    }
    for r, keys in layout.items():
        for tc, k in zip(trs[r].tc_lst[1:], keys):
            set_cell_text(tc, d.printed[k], d.render.get(k, "plain"), ids)


def build_t2_2019(tbl: Any, d: Draft, ids: Ids) -> None:
    """Rebuild table 二 in the 2019 layout from the template's own rows."""
    trs = tbl.tr_lst
    cap_proto, head_proto, data_proto = trs[0], trs[1], trs[2]
    for tr in list(trs):
        tbl.remove(tr)

    def caption(text: str) -> None:
        tr = copy.deepcopy(cap_proto)
        set_cell_text(tr.tc_lst[0], text, center=False)
        tbl.append(tr)

    def row(proto: Any, texts: list[str], keys: list[str | None]) -> None:
        tr = copy.deepcopy(proto)
        tcs = tr.tc_lst
        if len(texts) == 3:  # last cell spans two grid columns
            w = sum(int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in tcs[2:])
            tr.remove(tcs[3])
            _set_span(tcs[2], 2)
            _set_width(tcs[2], w)
            tcs = tcs[:3]
        for tc, text, k in zip(tcs, texts, keys):
            if k is None:
                set_cell_text(tc, text)
            else:
                set_cell_text(tc, d.printed[k], d.render.get(k, "plain"), ids)
        tbl.append(tr)

    def data(label: str, keys: list[str]) -> None:
        row(data_proto, [label] + [""] * len(keys), [None] + keys)

    e = "active2019"
    caption("第二十条第（一）项")
    row(head_proto, ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"], [None] * 4)
    for key, label in (("regulation", "规章"), ("normative", "规范性文件")):
        data(label, [f"{e}.{key}.new_made", f"{e}.{key}.new_published", f"{e}.{key}.public_total"])
    caption("第二十条第（五）项")
    row(head_proto, ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], [None] * 4)
    data("行政许可", [f"{e}.license.prev_items", f"{e}.license.change", "active.license.decisions"])
    data("其他对外管理服务事项", [f"{e}.other_services.prev_items", f"{e}.other_services.change",
                           f"{e}.other_services.decisions"])
    caption("第二十条第（六）项")
    row(head_proto, ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], [None] * 4)
    data("行政处罚", [f"{e}.penalty.prev_items", f"{e}.penalty.change", "active.penalty.decisions"])
    data("行政强制", [f"{e}.coercion.prev_items", f"{e}.coercion.change", "active.coercion.decisions"])
    caption("第二十条第（八）项")
    row(head_proto, ["信息内容", "上一年项目数量", "本年增/减"], [None] * 3)
    data("行政事业性收费", [f"{e}.fee.prev_items", f"{e}.fee.change"])
    caption("第二十条第（九）项")
    row(head_proto, ["信息内容", "采购项目数量", "采购总金额"], [None] * 3)
    data("政府集中采购", [f"{e}.procurement.items", f"{e}.procurement.amount"])


def make_hybrid_t3(tbl: Any) -> None:
    """（六）其他处理 as one row: drop the item rows 2 and 3 and widen the group cell over the item column."""
    trs = tbl.tr_lst
    keep, drop = trs[23], trs[24:26]
    for tr in drop:
        tbl.remove(tr)
    tcs = keep.tc_lst
    group, item = tcs[1], tcs[2]
    w = int(group.tcPr.find(qn("w:tcW")).get(qn("w:w"))) + int(item.tcPr.find(qn("w:tcW")).get(qn("w:w")))
    keep.remove(item)
    _set_vmerge(group, None)
    _set_span(group, 2)
    _set_width(group, w)


def _label_tcs(tr: Any) -> list[Any]:
    return tr.tc_lst[:-7]


def write_t3_labels(tbl: Any, d: Draft) -> None:
    """Write the (possibly quirky) row labels into the template's three label columns."""
    for tr, row in zip(tbl.tr_lst[3:], d.t3_rows()):
        levels = d.labels[row]
        col = 0
        for tc in _label_tcs(tr):
            if _vmerge(tc) != "continue":
                level = 0 if col == 0 else (1 if col == 1 else 2)
                set_cell_text(tc, levels[level], center=False)
            col += _span(tc)
    replacements = {}
    if d.header_total != "总计":
        replacements["总计"] = d.header_total
    if d.header_breaks:
        replacements.update({"社会公益组织": "社会公益\n组织", "法律服务机构": "法律服务\n机构"})
    for tr in tbl.tr_lst[:3]:
        for tc in tr.tc_lst:
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            if text in replacements:
                set_cell_text(tc, replacements[text])


def fill_t3(tbl: Any, d: Draft, ids: Ids) -> None:
    for tr, row in zip(tbl.tr_lst[3:], d.t3_rows()):
        for tc, col in zip(tr.tc_lst[-7:], APPLICANT_COLUMNS):
            k = f"requests.{row}.{col}"
            set_cell_text(tc, d.printed[k], d.render.get(k, "plain"), ids)


def collapse_t3_labels(tbl: Any, d: Draft, n: int) -> None:
    """Collapse the three label columns into ``n`` (1 or 2) columns, as some agencies retype the table."""
    widths = _grid_widths(tbl)
    new_widths = [sum(widths[:3])] if n == 1 else [widths[0], widths[1] + widths[2]]
    _set_grid(tbl, new_widths + widths[3:])
    for tr in tbl.tr_lst[:3]:
        first = tr.tc_lst[0]
        _set_span(first, n)
        _set_width(first, sum(new_widths))
    first_three = True
    for tr, row in zip(tbl.tr_lst[3:], d.t3_rows()):
        l1, l2, l3 = d.labels[row]
        old = _label_tcs(tr)
        proto = copy.deepcopy(old[-1])
        for tc in old:
            tr.remove(tc)
        _set_vmerge(proto, None)
        anchor = tr.tc_lst[0]
        if n == 1:
            cell = copy.deepcopy(proto)
            _set_span(cell, 1)
            _set_width(cell, new_widths[0])
            set_cell_text(cell, " ".join(x for x in (l1 + l2, l3) if x), center=False)
            anchor.addprevious(cell)
            continue
        if not l2:
            cell = copy.deepcopy(proto)
            _set_span(cell, 2)
            _set_width(cell, sum(new_widths))
            set_cell_text(cell, l1, center=False)
            anchor.addprevious(cell)
            continue
        a, b = copy.deepcopy(proto), copy.deepcopy(proto)
        _set_span(a, 1)
        _set_span(b, 1)
        _set_width(a, new_widths[0])
        _set_width(b, new_widths[1])
        _set_vmerge(a, "restart" if first_three else "continue")
        set_cell_text(a, l1 if first_three else "", center=False)
        first_three = False
        set_cell_text(b, l2 + l3, center=False)
        anchor.addprevious(a)
        anchor.addprevious(b)


def add_extra_empty(tbl: Any) -> None:
    last = tbl.tr_lst[-1]
    extra_row = copy.deepcopy(last)
    for tc in extra_row.tc_lst:
        set_cell_text(tc, "")
    last.addnext(extra_row)
    widths = _grid_widths(tbl)
    _set_grid(tbl, widths + [420])
    proto = copy.deepcopy(tbl.tr_lst[3].tc_lst[-1])
    _set_vmerge(proto, None)
    _set_span(proto, 1)
    _set_width(proto, 420)
    set_cell_text(proto, "")
    for tr in tbl.tr_lst:
        tr.append(copy.deepcopy(proto))


def split_t3(tbl: Any, d: Draft, proto_p: Any, repeat: bool, at_row: str = "unavailable_not_held") -> Any:
    """Split table 三 in two at a page break before ``at_row``; returns the second table."""
    idx = d.t3_header_rows + d.t3_rows().index(at_row)
    part2 = OxmlElement("w:tbl")
    part2.append(copy.deepcopy(tbl.tblPr))
    part2.append(copy.deepcopy(tbl.tblGrid))
    if repeat:
        for tr in tbl.tr_lst[:d.t3_header_rows]:
            part2.append(copy.deepcopy(tr))
    moved = tbl.tr_lst[idx:]
    for tr in moved:
        part2.append(tr)
    if repeat:
        # the continuation restarts the merged 三、本年度办理结果 cell, retyped by hand
        first = moved[0].tc_lst[0]
        if _vmerge(first) == "continue":
            _set_vmerge(first, "restart")
            set_cell_text(first, d.labels[at_row][0], center=False)
    between = [_empty_paragraph(proto_p, page_break=True)]
    if repeat:
        between.append(_empty_paragraph(proto_p, text="（续表）"))
    anchor = tbl
    for p in between:
        anchor.addnext(p)
        anchor = p
    anchor.addnext(part2)
    return part2


def nest_in_one_cell(tbl: Any) -> Any:
    outer = OxmlElement("w:tbl")
    outer.append(copy.deepcopy(tbl.tblPr))
    grid = OxmlElement("w:tblGrid")
    width = sum(_grid_widths(tbl)) + 200
    gc = OxmlElement("w:gridCol")
    gc.set(qn("w:w"), str(width))
    grid.append(gc)
    outer.append(grid)
    tr = OxmlElement("w:tr")
    tc = OxmlElement("w:tc")
    pr = OxmlElement("w:tcPr")
    w = OxmlElement("w:tcW")
    w.set(qn("w:w"), str(width))
    w.set(qn("w:type"), "dxa")
    pr.append(w)
    tc.append(pr)
    tr.append(tc)
    outer.append(tr)
    tbl.addprevious(outer)
    tc.append(tbl)
    tc.append(OxmlElement("w:p"))  # a cell must end with a paragraph
    return outer


def fill_t4(tbl: Any, d: Draft, ids: Ids) -> None:
    for tc, k in zip(tbl.tr_lst[3].tc_lst, APPEAL_KEYS):
        set_cell_text(tc, d.printed[k], d.render.get(k, "plain"), ids)


# ---------------------------------------------------------------------------
# table layouts real drafters use (rebuilt from scratch, cell by cell)
# ---------------------------------------------------------------------------

# how a table's layout can differ from the template; each value is seen in real reports
T3_LAYOUTS = ("template", "own_labels", "two_first_only", "two_no_group", "item_in_group_col")
T3_HEADERS = ("template", "two_rows", "split_words", "org_subtotal", "spacers")
T2_LAYOUTS = ("template", "compact_folded", "compact_plain", "per_clause")
T4_LAYOUTS = ("template", "transposed")
NUMBERINGS = ("1.", "1、", "(1)", "（1）", "①")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨"

# wording drafters shorten or extend (FORMAT.md "known variations"); the words that decide stay
T3_SHORT = {
    "new": "一、本年新收申请数量",
    "carried_in": "二、上年结转申请数量",
    "carried_forward": "四、结转下年度继续办理的申请",
    "withheld_safety": "危及国家安全、公共安全、经济安全和社会稳定",
    "unavailable_needs_creation": "没有现成信息，需要另行制作",
    "rejected_petition": "信访、举报、投诉类申请",
}


@dataclass(frozen=True)
class GridCell:
    """One printed cell of a rebuilt table: its text (or the figure ``key`` it prints), how many
    grid columns it spans, and its vertical merge (None / "restart" / "continue")."""

    text: str = ""
    key: str | None = None
    span: int = 1
    vmerge: str | None = None


def _renumber(item: str, style: str) -> str:
    """"1.属于国家秘密" with its number printed in another style."""
    m = re.match(r"(\d+)\.(.*)", item)
    if m is None:
        return item
    n, rest = int(m.group(1)), m.group(2)
    if style == "①":
        return _CIRCLED[n - 1] + rest
    return style.replace("1", str(n)) + rest


def _t3_label_parts(d: Draft, row: str, numbering: str, short: bool) -> tuple[str, str, str]:
    top, group, item = d.labels[row]
    if short and row in T3_SHORT:
        text = T3_SHORT[row]
        if row.startswith(("withheld", "unavailable", "rejected")):
            item = item.split(".", 1)[0] + "." + text
        else:
            top = text
    return top, group, _renumber(item, numbering) if item else item


def build_grid_table(tbl: Any, rows: list[list[GridCell]], widths: list[int], d: Draft, ids: Ids) -> None:
    """Replace the rows of ``tbl`` (keeping its properties) by ``rows`` over a grid of ``widths``."""
    for tr in list(tbl.tr_lst):
        tbl.remove(tr)
    _set_grid(tbl, widths)
    for row in rows:
        tr = OxmlElement("w:tr")
        col = 0
        for gc in row:
            tc = OxmlElement("w:tc")
            pr = OxmlElement("w:tcPr")
            w = OxmlElement("w:tcW")
            w.set(qn("w:w"), str(sum(widths[col:col + gc.span])))
            w.set(qn("w:type"), "dxa")
            pr.append(w)
            tc.append(pr)
            _set_span(tc, gc.span)
            if gc.vmerge:
                _set_vmerge(tc, gc.vmerge)
            if gc.key is not None:
                set_cell_text(tc, d.printed[gc.key], d.render.get(gc.key, "plain"), ids)
            else:
                set_cell_text(tc, gc.text, center=False)
            tr.append(tc)
            col += gc.span
        tbl.append(tr)


def _t3_header(d: Draft, kind: str, n_labels: int) -> tuple[list[list[GridCell]], list[str]]:
    """Header rows of a rebuilt table 三 and the columns its data rows carry (an org subtotal
    column is "subtotal"; a spacer column is "spacer")."""
    G = GridCell
    total = d.header_total
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    org_labels = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    if d.header_breaks:
        org_labels[2:4] = ["社会公益\n组织", "法律服务\n机构"]
    spacer = kind == "spacers"
    lead = [G(corner, span=n_labels, vmerge="restart")]
    lead_c = [G(span=n_labels, vmerge="continue")]
    sp = [G()] if spacer else []
    if kind == "two_rows":
        head = [lead + sp + [G("自然人", vmerge="restart"), G("法人或其他组织", span=5), G(total, vmerge="restart")],
                lead_c + sp + [G(vmerge="continue")] + [G(x) for x in org_labels] + [G(vmerge="continue")]]
        return head, ["spacer"] * spacer + list(APPLICANT_COLUMNS)
    if kind == "split_words":
        # headers printed in plain rows, words broken across two or three of them, nothing merged
        top = ["自然", "商业", "科研", "社会", "法律", "其", total[0]]
        middle = ["人", "企业", "机构", "公益", "服务", "他", total[1:]]
        bottom = ["", "", "", "组织", "机构", "", ""]
        head = [[G("申请人情况", span=n_labels + 7)],
                [G(corner, span=n_labels, vmerge="restart")] + [G(x) for x in top],
                [G(span=n_labels, vmerge="continue")] + [G(x) for x in middle],
                [G(span=n_labels, vmerge="continue")] + [G(x) for x in bottom]]
        return head, list(APPLICANT_COLUMNS)
    org_span = 6 if kind == "org_subtotal" else 5
    orgs = [G(x) for x in org_labels] + ([G("合计")] if kind == "org_subtotal" else [])
    head = [lead + sp + [G("申请人情况", span=7 + (org_span - 5))],
            lead_c + sp + [G("自然人", vmerge="restart"), G("法人或其他组织", span=org_span),
                           G(total, vmerge="restart")],
            lead_c + sp + [G(vmerge="continue")] + orgs + [G(vmerge="continue")]]
    cols = ["spacer"] * spacer + ["natural", "business", "research", "nonprofit", "legal", "other_org"]
    cols += ["subtotal"] * (kind == "org_subtotal") + ["total"]
    return head, cols


def _merged(text: str, first: bool) -> GridCell:
    """The cell of a vertical merge: text on its first row only."""
    return GridCell(text if first else "", vmerge="restart" if first else "continue")


def build_t3_layout(tbl: Any, d: Draft, ids: Ids) -> None:
    """Table 三 in one of T3_LAYOUTS with one of T3_HEADERS, from scratch."""
    G = GridCell
    spec = d.spec
    layout, numbering, short = spec.t3_layout, spec.t3_numbering, spec.t3_short_labels
    n_labels = 1 if layout == "own_labels" else 2 if layout != "template" else 3
    head, cols = _t3_header(d, spec.t3_header, n_labels)
    rows: list[list[GridCell]] = list(head)
    if spec.t3_header == "spacers":
        rows.append([G(span=n_labels)] + [G() for _ in cols])  # an empty spacer row under the header
    seen_groups: set[str] = set()
    merged: dict[int, str] = {}  # label column → text of the vertical merge running in it
    outcome_rows = [r for r in d.t3_rows() if d.labels[r][0].startswith("三")]
    subtotal_groups = ("withheld", "unavailable", "rejected") if spec.t3_group_rows and layout == "own_labels" else ()
    for row in d.t3_rows():
        top, group, item = _t3_label_parts(d, row, numbering, short)
        g = row.split("_")[0]
        if g in subtotal_groups and g not in seen_groups:
            seen_groups.add(g)
            members = [r for r in d.t3_rows() if r.startswith(g + "_")]
            rows.append([G(group)] + [G() if c == "spacer" else G(str(sum(d.figures[f"requests.{m}.{c}"] for m in members)))
                                      if c != "subtotal" else G(str(sum(d.figures[f"requests.{m}.{o}"]
                                                                      for m in members for o in ORG_COLUMNS[1:])))
                                      for c in cols])
        if layout == "own_labels":
            labels = [G(item or group or top)]
        elif layout == "template":
            if not group:
                labels = [G(top, span=3)]
            elif not item:
                labels = [_merged(top, row == outcome_rows[0]), G(group, span=2)]
            else:
                labels = [_merged(top, row == outcome_rows[0]), G(group), G(item)]
        elif not group:
            labels = [G(top, span=2)]
        elif layout == "two_no_group":
            labels = [_merged(top, row == outcome_rows[0]), G(item or group)]
        elif layout == "item_in_group_col":
            labels = [G(item or group), G()] if item else [G(group, span=2)]
        else:  # two_first_only: the group label on the group's first row only, no merge
            if not item:
                labels = [G(group, span=2)]
            else:
                labels = [G(group if group not in seen_groups else ""), G(item)]
                seen_groups.add(group)
        shown = []
        for i, gc in enumerate(labels):
            if gc.vmerge == "restart":
                merged[i] = gc.text
            shown.append(merged.get(i, "") if gc.vmerge == "continue" else gc.text)
        d.t3_printed[row] = " / ".join(dict.fromkeys(x for x in (re.sub(r"\s+", "", t) for t in shown) if x))
        data = []
        for c in cols:
            if c == "spacer":
                data.append(G())
            elif c == "subtotal":
                data.append(G(str(sum(d.figures[f"requests.{row}.{o}"] for o in ORG_COLUMNS[1:]))))
            else:
                data.append(G(key=f"requests.{row}.{c}"))
        rows.append(labels + data)
    widths = {1: [3200], 2: [1200, 2400], 3: [900, 1000, 2000]}[n_labels] + [720 for _ in cols]
    build_grid_table(tbl, rows, widths, d, ids)
    d.t3_header_rows = len(head) + (spec.t3_header == "spacers")
    d.variants.append(f"table 三 layout {layout}, header {spec.t3_header}, item numbers {numbering}"
                      + (", shortened wording" if short else ""))


def build_t2_compact(tbl: Any, d: Draft, ids: Ids, folded: bool) -> None:
    """Table 二 with the clause in a column of its own, the header folded into the labels and one
    value merged across the three count columns; 规范性文件 for 行政规范性文件."""
    G = GridCell

    def single(label: str, header: str, key: str, clause: str, vm: str | None) -> list[GridCell]:
        text = f"{label}（{header}）" if folded else label
        return [G(clause if vm != "continue" else "", vmerge=vm), G(text), G(key=key, span=3)]

    rows = [
        [G("条款"), G("信息内容"), G("本年制发件数"), G("本年废止件数"), G("现行有效件数")],
        [G("第二十条第（一）项", vmerge="restart"), G("规章")]
        + [G(key=f"active.regulation.{p}") for p in ("issued", "repealed", "in_force")],
        [G(vmerge="continue"), G("规范性文件")]
        + [G(key=f"active.normative.{p}") for p in ("issued", "repealed", "in_force")],
        single("行政许可", "本年处理决定数量", "active.license.decisions", "第二十条第（五）项", None),
        single("行政处罚", "本年处理决定数量", "active.penalty.decisions", "第二十条第（六）项", "restart"),
        single("行政强制", "本年处理决定数量", "active.coercion.decisions", "", "continue"),
        single("行政事业性收费", "本年收费金额（单位：万元）", FEE_KEY, "第二十条第（八）项", None),
    ]
    build_grid_table(tbl, rows, [1600, 2400, 1500, 1500, 1500], d, ids)
    d.variants.append("table 二 compact: clause column, one value merged over the three count columns"
                      + (", header folded into the label" if folded else "") + ", 规范性文件")


T4_OUTCOME_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T4_ROW_LABELS = {"review": "行政复议", "suit_direct": "行政诉讼 / 未经复议直接起诉",
                 "suit_after_review": "行政诉讼 / 复议后起诉"}


def build_t2_per_clause(tbl: Any, d: Draft, ids: Ids) -> list[Any]:
    """Table 二 as one small table per clause, the clause printed as a paragraph above each:
    returns [table, caption, table, caption, table] to place after the first caption and ``tbl``."""
    G = GridCell
    one = [G("信息内容"), G("本年处理决定数量")]
    blocks = [
        ("第二十条第（一）项", [[G("信息内容"), G("本年制发件数"), G("本年废止件数"), G("现行有效件数")],
                          [G("规章")] + [G(key=f"active.regulation.{p}") for p in ("issued", "repealed", "in_force")],
                          [G("行政规范性文件")] + [G(key=f"active.normative.{p}") for p in ("issued", "repealed", "in_force")]]),
        ("第二十条第（五）项", [one, [G("行政许可"), G(key="active.license.decisions")]]),
        ("第二十条第（六）项", [one, [G("行政处罚"), G(key="active.penalty.decisions")],
                          [G("行政强制"), G(key="active.coercion.decisions")]]),
        ("第二十条第（八）项", [[G("信息内容"), G("本年收费金额（单位：万元）")], [G("行政事业性收费"), G(key=FEE_KEY)]]),
    ]
    out: list[Any] = []
    for i, (caption, rows) in enumerate(blocks):
        t = tbl if i == 0 else copy.deepcopy(tbl)
        build_grid_table(t, rows, [2400] + [6000 // (len(rows[0]) - 1)] * (len(rows[0]) - 1), d, ids)
        out += [caption, t]
    d.variants.append("table 二 as one small table per clause, the clause printed as a paragraph above each")
    return out


def build_t4_transposed(tbl: Any, d: Draft, ids: Ids) -> None:
    """Table 四 with the three groups as rows and the five results as columns."""
    G = GridCell
    outcomes = T4_OUTCOME_LABELS
    rows = [[G(span=2)] + [G(x) for x in outcomes],
            [G("行政复议", span=2)] + [G(key=f"appeals.review.{o}") for o in APPEAL_OUTCOMES],
            [G("行政诉讼", vmerge="restart"), G("未经复议直接起诉")]
            + [G(key=f"appeals.suit_direct.{o}") for o in APPEAL_OUTCOMES],
            [G(vmerge="continue"), G("复议后起诉")] + [G(key=f"appeals.suit_after_review.{o}") for o in APPEAL_OUTCOMES]]
    build_grid_table(tbl, rows, [1200, 1800] + [1100] * 5, d, ids)
    d.variants.append("table 四 transposed: groups as rows, results as columns")


def style_remarks(d: Draft) -> None:
    """A remark after the number in its cell: 22（其中修订16件）, 55（含自然失效29件）."""
    picks = [("active.normative.in_force", "含自然失效{n}件"), ("active.regulation.issued", "其中修订{n}件"),
             ("active.normative.issued", "其中修订{n}件"), ("requests.granted.natural", "含网上申请{n}件")]
    done = 0
    for key, remark in picks:
        v = d.figures.get(key)
        if key in d.printed and isinstance(v, int) and v > 0:
            d.printed[key] = f"{d.printed[key]}（{remark.format(n=(v + 1) // 2)}）"
            d.remarks.append(key)
            done += 1
    d.variants.append(f"{done} counts carry a remark in their cell, e.g. 55（含自然失效29件） (read as the number)")


def tiny_png(width: int = 240, height: int = 120) -> bytes:
    """A small grey 'scanned table' picture, built byte by byte so it is deterministic."""
    rows = []
    for y in range(height):
        line = bytearray([0])
        for x in range(width):
            grid = x % 30 == 0 or y % 12 == 0 or x == width - 1 or y == height - 1
            line.append(40 if grid else 235)
        rows.append(bytes(line))
    raw = b"".join(rows)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


# ---------------------------------------------------------------------------
# assembling the document
# ---------------------------------------------------------------------------


def _paragraph(proto: Any, text: str, ids: Ids, rpr_bold: bool | None = None) -> Any:
    """A body paragraph cloned from a template paragraph; ``[[del:x]]``/``[[ins:y]]`` become tracked runs."""
    p = copy.deepcopy(proto)
    runs = p.findall(qn("w:r"))
    rpr = runs[0].find(qn("w:rPr")) if runs else None
    rpr = copy.deepcopy(rpr) if rpr is not None else parse_xml(
        '<w:rPr %s><w:rFonts w:hint="eastAsia" w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/></w:rPr>'
        % nsdecls("w"))
    if rpr_bold is False:
        for tag in ("w:b", "w:bCs"):
            el = rpr.find(qn(tag))
            if el is not None:
                rpr.remove(el)
    _clear_paragraph(p)
    for kind, chunk in _tracked_chunks(text):
        if kind == "text":
            p.append(_run(chunk, rpr))
            continue
        wrapper = OxmlElement("w:del" if kind == "del" else "w:ins")
        wrapper.set(qn("w:id"), ids.next())
        for k, v in TRACK_ATTRS.items():
            wrapper.set(k, v)
        wrapper.append(_run(chunk, rpr, deleted=kind == "del"))
        p.append(wrapper)
    return p


def _tracked_chunks(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    rest = text
    while "[[" in rest:
        before, _, after = rest.partition("[[")
        inner, _, rest = after.partition("]]")
        kind, _, value = inner.partition(":")
        if before:
            out.append(("text", before))
        out.append((kind, value))
    if rest or not out:
        out.append(("text", rest))
    return out


def heading_text(spec: SampleSpec, n: int) -> str:
    if n in spec.heading_text:
        return spec.heading_text[n]
    title = spec.heading_titles.get(n, SECTION_TITLES[n])
    return f"{CN_SECTION[n]}{spec.heading_sep}{title}" if spec.heading_sep is not None else title


def _ensure_heading_style(doc: Any) -> str:
    styles = doc.styles
    try:
        return styles["Heading 1"].style_id
    except KeyError:
        st = styles.add_style("Heading 1", WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles["Normal"]
        st.font.bold = True
        st.font.size = docx.shared.Pt(16)
        ppr = st.element.get_or_add_pPr()
        ol = OxmlElement("w:outlineLvl")
        ol.set(qn("w:val"), "0")
        ppr.append(ol)
        return st.style_id


def _heading(doc: Any, proto: Any, spec: SampleSpec, n: int, ids: Ids) -> Any:
    text = heading_text(spec, n)
    if spec.heading_mode == "heading":
        p = _paragraph(proto, text, ids, rpr_bold=False)
        p.find(qn("w:pPr")).find(qn("w:pStyle")).set(qn("w:val"), _ensure_heading_style(doc))
        return p
    return _paragraph(proto, text, ids, rpr_bold=spec.heading_mode == "bold")


def assemble(d: Draft) -> Any:
    """The filled python-docx Document for a draft."""
    spec = d.spec
    doc = docx.Document(io.BytesIO(clean_template_bytes()))
    body = doc.element.body
    ids = Ids()
    paras = body.findall(qn("w:p"))
    p_empty, p_title, p_head, p_text = paras[0], paras[1], paras[3], paras[4]
    t2, t3, t4 = body.findall(qn("w:tbl"))
    sect = body.find(qn("w:sectPr"))
    # the tables stay where they are (moving a big subtree in lxml is slow); paragraphs are rebuilt
    for el in paras:
        body.remove(el)
    narrative = build_narrative(d)
    anchor = [t2]

    def add(el: Any) -> Any:
        if el is anchor[0]:  # a table: later paragraphs go after it, before the next table
            nxt = {id(t2): t3, id(t3): t4, id(t4): sect}
            anchor[0] = nxt[id(el)]
            return el
        anchor[0].addprevious(el)
        return el

    def text(t: str) -> None:
        add(_paragraph(p_text, t, ids))

    def head(n: int) -> None:
        if d.drop_section == n:
            return
        h = _heading(doc, p_head, spec, n, ids)
        if "sdt" in spec.styles and n == 3:
            sdt = _sdt_wrap([h], ids, "章节标题")
            add(sdt)
        else:
            add(h)

    add(_empty_paragraph(p_empty))
    if spec.title_mode == "property_only":
        pass  # no title line: the title lives only in the document properties
    elif spec.title_mode == "agency_after":
        add(_paragraph(p_title, f"{spec.year}年政府信息公开工作年度报告", ids))
        add(_paragraph(p_title, spec.agency, ids))
    elif spec.agency_line:
        add(_paragraph(p_title, spec.agency, ids))
        add(_paragraph(p_title, f"{spec.year}年政府信息公开工作年度报告", ids))
    else:
        add(_paragraph(p_title, f"{spec.agency}{spec.year}年政府信息公开工作年度报告", ids))
    add(_empty_paragraph(p_empty))
    for t in narrative.get(0, []):
        text(t)
    head(1)
    for t in narrative.get(1, []):
        text(t)
    head(2)
    # table 二
    if spec.layout == "2019":
        build_t2_2019(t2, d, ids)
    elif spec.t2_layout.startswith("compact"):
        build_t2_compact(t2, d, ids, folded=spec.t2_layout == "compact_folded")
    elif spec.t2_layout == "per_clause":
        for piece in build_t2_per_clause(t2, d, ids):  # caption, t2, caption, table, …: add() keeps the order
            add(_paragraph(p_text, piece, ids) if isinstance(piece, str) else piece)
    else:
        fill_t2_2021(t2, d, ids)
    if spec.layout == "2019" or spec.t2_layout != "per_clause":
        add(t2)
    add(_empty_paragraph(p_empty))
    head(3)
    # table 三
    if spec.t3_layout != "template" or spec.t3_header != "template":
        build_t3_layout(t3, d, ids)
    else:
        if spec.layout != "2021":
            make_hybrid_t3(t3)
        write_t3_labels(t3, d)
        fill_t3(t3, d, ids)
    if spec.label_columns in (1, 2):
        collapse_t3_labels(t3, d, spec.label_columns)
    if "extra_empty" in spec.styles:
        add_extra_empty(t3)
    add(t3)
    if spec.split_t3:
        split_t3(t3, d, p_empty, repeat=spec.split_t3 == "repeat")
    if "nested_t3" in spec.styles:
        nest_in_one_cell(t3)
    if d.picture_t3:
        pic = doc.add_paragraph()
        pic.add_run().add_picture(io.BytesIO(tiny_png()), width=Cm(15))
        t3.addprevious(pic._p)
        body.remove(t3)
    add(_empty_paragraph(p_empty))
    head(4)
    if spec.t4_layout == "transposed":
        build_t4_transposed(t4, d, ids)
    else:
        fill_t4(t4, d, ids)
    add(t4)
    if d.drop_table == "appeals":
        body.remove(t4)
    add(_empty_paragraph(p_empty))
    for n in (5, 6):
        head(n)
        if d.drop_section == n:
            continue
        for t in narrative.get(n, []):
            text(t)
    add(_empty_paragraph(p_empty))
    _set_core(doc, spec)
    return doc


def _strip_para_ids(body: Any) -> None:
    """Cloned rows would repeat w14:paraId values, which Word rejects as duplicates."""
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    for el in body.iter():
        for a in (f"{{{w14}}}paraId", f"{{{w14}}}textId"):
            if a in el.attrib:
                del el.attrib[a]


def _set_core(doc: Any, spec: SampleSpec) -> None:
    cp = doc.core_properties
    cp.author = "政务公开办"
    cp.last_modified_by = "政务公开办"
    cp.title = f"{spec.agency}{spec.year}年政府信息公开工作年度报告"
    cp.created = FIXED_TIME.replace(year=spec.year + 1)
    cp.modified = FIXED_TIME.replace(year=spec.year + 1)
    cp.revision = 1


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and member order, so equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename), compresslevel=9)
    return out.getvalue()


def doc_bytes(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())


# ---------------------------------------------------------------------------
# bad files (not readable as .docx)
# ---------------------------------------------------------------------------

ENDOFCHAIN, FREESECT, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def cfb_file(streams: list[tuple[str, bytes]]) -> bytes:
    """A minimal OLE compound file (version 3, 512-byte sectors) holding the given streams.

    Streams are padded to 4096 bytes so they live in regular sectors (no mini stream)."""
    payloads = [(name, data.ljust(4096, b"\0")) for name, data in streams]
    sectors: list[bytes] = []
    fat: list[int] = [FATSECT, ENDOFCHAIN]  # sector 0: the FAT, sector 1: the directory
    starts = []
    next_sector = 2
    for _, data in payloads:
        n = len(data) // 512
        starts.append(next_sector)
        fat += [next_sector + i + 1 for i in range(n - 1)] + [ENDOFCHAIN]
        next_sector += n
        sectors += [data[i * 512:(i + 1) * 512] for i in range(n)]
    fat += [FREESECT] * (128 - len(fat))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", left, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IIi", start, size, 0))

    none = 0xFFFFFFFF
    # directory: root, then the streams as a right-leaning chain of black siblings (valid RB tree)
    ordered = sorted(range(len(payloads)), key=lambda i: (len(payloads[i][0]), payloads[i][0].upper()))
    dir_entries = [entry("Root Entry", 5, none, none, ordered[0] + 1, ENDOFCHAIN, 0)]
    for i, (name, data) in enumerate(payloads):
        pos = ordered.index(i)
        right = ordered[pos + 1] + 1 if pos + 1 < len(ordered) else none
        dir_entries.append(entry(name, 2, none, right, none, starts[i], len(data)))
    directory = b"".join(dir_entries).ljust(512, b"\0")
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<108I", *([FREESECT] * 108)))
    assert len(header) == 512
    fat_sector = struct.pack("<128I", *fat)
    return header + fat_sector + directory + b"".join(sectors)


def minimal_pdf() -> bytes:
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    ]
    stream = b"BT /F1 12 Tf 72 760 Td (2024 annual report - scanned) Tj ET"
    objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (
            ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                                    'openxmlformats.org/package/2006/content-types"/>'),
            ("docProps/core.xml", '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://'
                                  'schemas.openxmlformats.org/package/2006/metadata/core-properties"/>'),
            ("xl/workbook.xml", "<workbook/>"),
        ):
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            z.writestr(zi, text)
    return out.getvalue()


BAD_KINDS: dict[str, tuple[Callable[[], bytes], str, str]] = {
    # kind: (bytes, read_error code, note)
    "not_zip": (lambda: "临江市生态环境局2024年政府信息公开工作年度报告\n这是一个被改名为 .docx 的纯文本文件。\n".encode("utf-8"),
                "F-001", "plain text renamed .docx"),
    "empty": (lambda: b"", "F-005", "0-byte file"),
    "no_document_xml": (_zip_without_document, "F-002", "a zip without word/document.xml"),
    "legacy_doc": (lambda: cfb_file([("WordDocument", b"\xEC\xA5\xC1\x00" + b"\0" * 60),
                                     ("1Table", b"\0" * 64)]), "F-004",
                   "Word 97-2003 compound file (OLE magic, WordDocument stream) renamed .docx"),
    "encrypted": (lambda: cfb_file([("EncryptionInfo", struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>"),
                                    ("EncryptedPackage", struct.pack("<Q", 24000) + bytes(range(256)) * 4)]),
                  "F-003", "password-protected .docx: an OLE container with EncryptionInfo / EncryptedPackage"),
    "pdf": (minimal_pdf, "F-023", "a PDF with a few words of text and no report: read as a scan (no text layer)"),
    "doc": (lambda: cfb_file([("WordDocument", b"\xEC\xA5\xC1\x00" + b"\0" * 60), ("1Table", b"\0" * 64)]),
            "F-021", "a damaged legacy .doc: LibreOffice converts it to an empty document (F-020 without LibreOffice)"),
}


# ---------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------


def build_report(spec: SampleSpec) -> BuiltReport:
    """The .docx bytes of a sample and what a correct reader must find in it."""
    if spec.kind != "report":
        make, code, note = BAD_KINDS[spec.kind]
        return BuiltReport(make(), _bad_expected(spec, code, note))
    d = make_draft(spec)
    for s in spec.styles:
        STYLES[s](d)
    for e in spec.errors:
        ERRORS[e](d)
    doc = assemble(d)
    for entry in d.injected:  # name the row as this layout prints it, as a reader shows it
        if entry.get("table") == "requests" and entry.get("keys"):
            row = entry["keys"][0].split(".")[1]
            entry["row_label"] = d.t3_printed.get(row, entry["row_label"])
        if entry.get("table") == "appeals" and entry.get("keys") and spec.t4_layout == "transposed":
            _, group, outcome = entry["keys"][0].split(".")
            entry["row_label"] = T4_ROW_LABELS[group]
            entry["column_label"] = T4_OUTCOME_LABELS[APPEAL_OUTCOMES.index(outcome)]
    return BuiltReport(doc_bytes(doc), _expected(d))


def _bad_expected(spec: SampleSpec, code: str, note: str) -> dict[str, Any]:
    exp: dict[str, Any] = {
        "path": spec.path,
        "format_version": "unknown",
        "agency": None,
        "year": None,
        "fields": {k: None for k in canonical_key_list()},
        "extras": {},
        "injected": [],
        "read_error": code,
        "description": spec.description or note,
    }
    if spec.kind == "doc":
        exp["read_error_alternatives"] = ["F-020"]
    return exp


def _expected(d: Draft) -> dict[str, Any]:
    spec = d.spec
    return {
        "path": spec.path,
        "format_version": spec.layout,
        "agency": spec.agency,
        "year": spec.year,
        "period_years": [spec.period_year or spec.year],
        "fields": {k: _json_num(v) for k, v in d.expected.items()},
        "extras": {k: _json_num(v) for k, v in sorted(d.expected_extras.items())},
        "injected": d.injected,
        "remarks": list(d.remarks),  # keys whose cell carries a remark: a V-001 warning each, never an error
        "read_error": None,
        "narrative_claims": dict(d.stated),
        "variants": d.variants,
        "description": spec.description,
    }


def expected_filename(spec_name: str) -> str:
    return spec_name.replace("/", "__") + ".json"


def write_sample(spec: SampleSpec, samples_dir: Path = SAMPLES_DIR, expected_dir: Path = EXPECTED_DIR) -> Path:
    built = build_report(spec)
    path = samples_dir / spec.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(built.data)
    expected_dir.mkdir(parents=True, exist_ok=True)
    (expected_dir / expected_filename(spec.name)).write_text(
        json.dumps(built.expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# the seed report (淄博市司法局 2024), rebuilt from its text
# ---------------------------------------------------------------------------

SEED_AGENCY = "淄博市司法局"


def seed_figures() -> Figures:
    f: Figures = {k: 0 for k in canonical_key_list()}
    f[FEE_KEY] = Decimal(0)
    for k in ("requests.new.natural", "requests.new.total", "requests.unavailable_not_held.natural",
              "requests.unavailable_not_held.total", "requests.handled_total.natural",
              "requests.handled_total.total"):
        f[k] = 1
    f["active.penalty.decisions"] = 2
    return f


def seed_narrative(path: Path) -> dict[int, list[str]]:
    """Paragraphs per section from the seed text: lines that are not table cells (tab-indented)."""
    lines = [ln.rstrip("\n") for ln in path.read_text(encoding="utf-8").splitlines()]
    paras = [ln for ln in lines if ln.strip() and not ln.startswith("\t")]
    i1 = paras.index("一、总体情况")
    i2 = next(i for i, p in enumerate(paras) if p.strip() == "二、主动公开政府信息情况")
    i5 = paras.index("存在的主要问题及改进情况")
    i6 = paras.index("六、其他需要报告的事项")
    preface = [p for p in paras[:i1] if p.startswith("本报告")]
    return {0: preface, 1: paras[i1 + 1:i2], 5: paras[i5 + 1:i6], 6: paras[i6 + 1:]}


def seed_spec() -> SampleSpec | None:
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not files:
        return None
    return SampleSpec(
        "positive/seed-zibo-justice-bureau-2024.docx", agency=SEED_AGENCY, year=2024,
        figures=seed_figures(), narrative=seed_narrative(files[0]), agency_line=True,
        stated={"received": 1, "review": 0, "litigation": 0},
        heading_text={2: " 二、主动公开政府信息情况", 4: "四．政府信息公开行政复议和行政诉讼情况",
                      5: "存在的主要问题及改进情况"},
        description="the seed report (淄博市司法局 2024) rebuilt in the template: its exact narrative and figures; "
                    "section 四 numbered 四． and section 五 without a number",
    )


# ---------------------------------------------------------------------------
# the sample set
# ---------------------------------------------------------------------------


def all_specs() -> list[SampleSpec]:
    S = SampleSpec
    prev_ok = S("positive/cross-year-yunxi-district-2023.docx", agency="云溪区人民政府办公室", year=2023, seed=2301,
                scale="medium", description="cross-year pair, first year")
    prev_bad = S("negative/cross-year-mismatch-lanling-county-2023.docx", agency="兰陵县市场监督管理局", year=2023,
                 seed=2302, scale="medium", description="cross-year pair with a mismatch, first year (clean itself)")
    specs = [
        # --- positive -----------------------------------------------------------------------------
        S("positive/plain-2024.docx", seed=1, scale="small",
          description="the official template filled plainly"),
        S("positive/plain-large-city-2024.docx", agency="临江市人民政府", seed=2, scale="large",
          description="a large government report: big numbers, 规章 rows used"),
        S("positive/headings-fullwidth-dot-2024.docx", agency="青石市交通运输局", seed=3, heading_sep="．",
          heading_titles={2: "行政机关主动公开政府信息情况", 4: "因政府信息公开工作被申请行政复议、提起行政诉讼情况"},
          description="headings numbered 一． with title variants"),
        S("positive/headings-ascii-dot-heading-style-2024.docx", agency="青石市教育局", seed=4, heading_sep=".",
          heading_mode="heading", heading_titles={4: "政府信息公开行政复议和行政诉讼情况",
                                                  5: "政府信息公开工作存在的主要问题及改进情况"},
          styles=("cn_numerals",), description="headings 一. in a Heading 1 style; Chinese numerals in the narrative"),
        S("positive/headings-unnumbered-plain-2024.docx", agency="青石市民政局", seed=5, heading_sep="",
          heading_mode="plain", heading_text={3: "三 、收到和处理政府信息公开申请情况"},
          description="headings without numbers, not bold (one heading numbered 三 、)"),
        S("positive/t3-labels-one-column-2024.docx", agency="青石市卫生健康委员会", seed=6, scale="medium",
          label_columns=1, description="table 三 label columns collapsed into one column"),
        S("positive/t3-labels-two-columns-2024.docx", agency="青石市住房和城乡建设局", seed=7, scale="medium",
          label_columns=2, description="table 三 label columns collapsed into two columns"),
        S("positive/t3-split-repeated-header-2024.docx", agency="青石市自然资源和规划局", seed=8, scale="medium",
          split_t3="repeat", description="table 三 split at a page break; the continuation repeats the header rows"),
        S("positive/t3-split-no-header-2024.docx", agency="青石市水利局", seed=9, scale="medium", split_t3="bare",
          description="table 三 split at a page break; the continuation has no header rows"),
        S("positive/zeros-as-dashes-and-blanks-2024.docx", agency="青石市统计局", seed=10,
          styles=("zeros_mixed",), description="zeros written as blank, —, -, /, 无 and \\u3000"),
        S("positive/fullwidth-digits-and-units-2024.docx", agency="青石市人力资源和社会保障局", seed=11,
          scale="medium", styles=("fullwidth",), description="full-width digits (１２) and 12件"),
        S("positive/digits-split-over-runs-2024.docx", agency="青石市公安局", seed=12, scale="large",
          styles=("split_runs",), description="digits split over several runs"),
        S("positive/tracked-changes-2024.docx", agency="青石市财政局", seed=13, scale="medium",
          styles=("tracked",), description="tracked changes (w:ins new value, w:del old value) in cells and text"),
        S("positive/content-controls-2024.docx", agency="青石市审计局", seed=14, scale="small",
          styles=("sdt",), description="values and a heading inside w:sdt content controls"),
        S("positive/t3-nested-in-one-cell-table-2024.docx", agency="青石市文化和旅游局", seed=15,
          styles=("nested_t3",), description="table 三 nested in a one-cell table"),
        S("positive/t3-extra-empty-row-and-column-2024.docx", agency="青石市农业农村局", seed=16,
          styles=("extra_empty",), description="table 三 with an extra empty row and column"),
        S("positive/labels-line-breaks-and-typos-2024.docx", agency="青石市商务局", seed=17, scale="medium",
          styles=("label_quirks",), description="labels with line breaks, known typos, 合计 for 总计"),
        S("positive/hybrid-2023.docx", agency="青石市应急管理局", year=2023, layout="hybrid", seed=18,
          scale="medium", description="2023 report: 2021 layout but （六）其他处理 as one row without items"),
        S("positive/format2019-2020.docx", agency="青石市发展和改革委员会", year=2020, layout="2019", seed=19,
          scale="medium", description="a 2020 report in the 2019 format (table 二 2019 layout, （六） one row)"),
        # --- layouts real drafters use (each figure must read exactly, no L- finding) ---------------
        S("positive/layout-t3-own-labels-2024.docx", agency="青石市市场监督管理局", seed=51, scale="medium",
          t3_layout="own_labels", t3_numbering="1、",
          description="table 三 with one label column: each row only its own label (1、本机关不掌握…, 3、其他), "
                      "no group labels, item numbers restarting per group"),
        S("positive/layout-t3-own-labels-short-circled-2024.docx", agency="青石市林业局", seed=52, scale="medium",
          t3_layout="own_labels", t3_numbering="①", t3_short_labels=True, t3_header="split_words",
          t3_group_rows=True, styles=("zeros_mixed",),
          description="table 三 own labels numbered ①②③ with shortened wording (本年新收申请数量); （三）（四）（五） "
                      "as rows of their own holding subtotals; headers split over two rows (自然/人, 商业/企业); "
                      "zeros as blanks and dashes"),
        S("positive/layout-t3-group-on-first-row-2024.docx", agency="青石市城市管理局", seed=53, scale="medium",
          t3_layout="two_first_only", t3_numbering="(1)", t3_header="two_rows", split_t3="repeat",
          description="table 三 with two label columns, the group label only on each group's first row; two "
                      "header rows; split at a page break with the header repeated"),
        S("positive/layout-t3-no-group-label-2024.docx", agency="青石市退役军人事务局", seed=54, scale="medium",
          t3_layout="two_no_group", t3_header="org_subtotal", split_t3="bare", styles=("fullwidth",),
          description="table 三 with two label columns and no group labels; an extra 合计 column for "
                      "法人或其他组织; split without repeated header; full-width digits"),
        S("positive/layout-t3-item-in-group-column-2024.docx", agency="青石市司法局", seed=55, scale="medium",
          t3_layout="item_in_group_col", t3_header="spacers", styles=("tracked",),
          description="table 三 with the item text in the group column; an empty spacer row and column; "
                      "tracked changes in cells"),
        S("positive/layout-t2-compact-folded-t4-transposed-2024.docx", agency="青石市人民政府办公室", seed=56,
          scale="large", t2_layout="compact_folded", t4_layout="transposed", styles=("remarks", "split_runs"),
          description="table 二 compact (clause column, header folded into the label, one value merged over three "
                      "columns, 规范性文件); table 四 transposed; counts with remarks (55（含自然失效29件）); "
                      "digits split over runs"),
        S("positive/layout-t2-compact-plain-2024.docx", agency="青石市商务局", seed=57, t2_layout="compact_plain",
          title_mode="agency_after",
          description="table 二 compact without folded headers; the agency printed on the line after the title"),
        S("positive/layout-t2-per-clause-tables-2024.docx", agency="青石市水务局", seed=59, t2_layout="per_clause",
          t3_layout="two_first_only", t3_numbering="（1）", styles=("zeros_mixed",),
          description="table 二 as one small table per clause with the clause printed as a paragraph above each; "
                      "table 三 group labels on each group's first row only, items numbered （1）"),
        S("positive/layout-hybrid-own-labels-title-in-properties-2023.docx", agency="青石市档案局", year=2023,
          layout="hybrid", seed=58, scale="medium", t3_layout="own_labels", t4_layout="transposed",
          title_mode="property_only",
          description="2023 hybrid layout with own-label rows (（六）其他处理 one row); table 四 transposed; "
                      "no title line: the title only in the document properties"),
        *([seed] if (seed := seed_spec()) is not None else []),
        prev_ok,
        S("positive/cross-year-yunxi-district-2024.docx", agency="云溪区人民政府办公室", year=2024, seed=2401,
          scale="medium", carry_from=prev_ok,
          description="cross-year pair: 2024 上年结转 per column = 2023 结转下年度; 现行有效 carried forward"),
        # --- negative -----------------------------------------------------------------------------
        S("negative/t3-typo-cell-2024.docx", agency="白沙市城市管理局", seed=31, scale="medium",
          errors=("t3_typo",), description="one mistyped cell in table 三"),
        S("negative/t3-blank-total-2024.docx", agency="白沙市司法局", seed=32, scale="medium",
          errors=("t3_blank_total",), description="a blank 总计 over non-zero items"),
        S("negative/t4-total-wrong-2024.docx", agency="白沙市退役军人事务局", seed=33,
          errors=("t4_total_wrong",), description="table 四 行政复议 总计 wrong"),
        S("negative/invalid-cells-2024.docx", agency="白沙市林业局", seed=34, scale="medium",
          errors=("invalid_cells",), description="invalid cells 1O, 3、 and -1"),
        S("negative/fee-negative-2024.docx", agency="白沙市医疗保障局", seed=35, errors=("fee_negative",),
          description="行政事业性收费 printed as -5"),
        S("negative/fee-three-decimals-2024.docx", agency="白沙市体育局", seed=36, errors=("fee_decimals",),
          description="行政事业性收费 with three decimals"),
        S("negative/narrative-contradicts-table-2024.docx", agency="白沙市科学技术局", seed=37, scale="medium",
          errors=("narrative",), description="narrative 予以公开 contradicts table 三"),
        S("negative/wrong-year-period-2023-2024.docx", agency="白沙市档案局", seed=38, period_year=2023,
          errors=("wrong_period",), description="title 2024, statistics period 2023"),
        S("negative/format2019-for-2022.docx", agency="白沙市粮食和物资储备局", year=2022, layout="2019", seed=39,
          errors=("superseded_format",), description="a 2022 report in the superseded 2019 format"),
        S("negative/missing-table4-2024.docx", agency="白沙市信访局", seed=40, errors=("missing_t4",),
          description="table 四 deleted"),
        S("negative/t3-as-picture-2024.docx", agency="白沙市人民防空办公室", seed=41, errors=("picture_t3",),
          description="table 三 pasted as a picture"),
        S("negative/missing-section5-2024.docx", agency="白沙市气象局", seed=42, errors=("missing_section5",),
          description="section 五 missing"),
        S("negative/combo-typo-narrative-zeros-2024.docx", agency="白沙市生态环境局", seed=43, scale="medium",
          styles=("zeros_mixed",), errors=("t3_typo", "narrative_carried"),
          description="realistic combination: zeros as dashes, a typo cell and a narrative 结转 mismatch"),
        S("negative/combo-hybrid-blank-total-t4-2023.docx", agency="白沙市住房公积金管理中心", year=2023,
          layout="hybrid", seed=44, scale="medium", styles=("fullwidth",),
          errors=("t3_blank_total", "t4_total_wrong"),
          description="realistic combination: hybrid layout, full-width digits, a blank total and a wrong 表四 total"),
        S("negative/combo-split-invalid-fee-period-2024.docx", agency="白沙市市场监督管理局", seed=45,
          scale="medium", split_t3="repeat", errors=("invalid_cells", "fee_decimals", "wrong_period"),
          period_year=2023,
          description="realistic combination: split table 三, invalid cells, 3-decimal fee, wrong period year"),
        S("negative/layout-own-labels-typo-t4-transposed-2024.docx", agency="白沙市交通运输局", seed=61,
          scale="medium", t3_layout="own_labels", t4_layout="transposed", t2_layout="compact_folded",
          errors=("t3_typo", "t4_total_wrong"),
          description="own-label table 三, transposed table 四 and compact table 二 still report their errors"),
        prev_bad,
        S("negative/cross-year-mismatch-lanling-county-2024.docx", agency="兰陵县市场监督管理局", year=2024,
          seed=2402, scale="medium", carry_from=prev_bad, errors=("carry_mismatch",),
          description="cross-year pair: 2024 上年结转 ≠ 2023 结转下年度 (each file consistent on its own)"),
        # --- bad ------------------------------------------------------------------------------------
        S("bad/not-a-zip.docx", kind="not_zip", description="plain text renamed .docx"),
        S("bad/empty.docx", kind="empty", description="an empty (0-byte) .docx"),
        S("bad/zip-without-document-xml.docx", kind="no_document_xml",
          description="a zip archive without word/document.xml"),
        S("bad/legacy-doc-renamed.docx", kind="legacy_doc", description="a Word 97-2003 .doc renamed .docx"),
        S("bad/encrypted.docx", kind="encrypted", description="a password-protected (encrypted) .docx"),
        S("bad/legacy-word-97.doc", kind="doc", description="a .doc file (not .docx)"),
        S("bad/scanned-report.pdf", kind="pdf", description="a .pdf file (not .docx)"),
    ]
    return specs


# ---------------------------------------------------------------------------
# benchmark corpus
# ---------------------------------------------------------------------------

CITY_FIRST = "东西南北青白云兰临长安平清永高新"
CITY_SECOND = "江山湖川宁阳岭塘溪河源州"
CITY_SUFFIX = ("市", "县", "区")
BUREAUS = ("人民政府办公室", "发展和改革委员会", "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
           "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局",
           "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "人民政府")
CORPUS_STYLES = ("zeros_mixed", "fullwidth", "split_runs", "tracked", "sdt", "label_quirks", "nested_t3",
                 "extra_empty", "cn_numerals")
CORPUS_ERRORS = ("t3_typo", "t3_blank_total", "t4_total_wrong", "invalid_cells", "fee_negative", "fee_decimals",
                 "narrative", "missing_t4", "missing_section5")


def agency_pool(seed: int) -> list[str]:
    """Distinct sample agencies (13,824) in a seeded order. Corpus reports never share an agency:
    two unrelated reports of one agency would be compared across years and disagree."""
    pool = [a + b + c + bureau for a in CITY_FIRST for b in CITY_SECOND for c in CITY_SUFFIX for bureau in BUREAUS]
    random.Random(seed).shuffle(pool)
    return pool


def corpus_spec(i: int, rng: random.Random, agency: str | None = None) -> SampleSpec:
    year = rng.choice((2021, 2022, 2023, 2024, 2024, 2024))
    layout = "hybrid" if year >= 2023 and rng.random() < 0.08 else "2021"
    styles = tuple(s for s in CORPUS_STYLES if rng.random() < 0.08)
    split = rng.choices((None, "repeat", "bare"), weights=(90, 5, 5))[0]
    if split:  # a nested table is never also split across a page
        styles = tuple(s for s in styles if s != "nested_t3")
    errors: tuple[str, ...] = ()
    if rng.random() < 0.02:
        errors = (rng.choice(CORPUS_ERRORS),)
    label_columns = rng.choices((3, 2, 1), weights=(85, 8, 7))[0]
    # a quarter of the reports in the other layouts real drafters use (drawn last: the draws above
    # stay what they were)
    layout_fields = random_layout(rng) if label_columns == 3 and rng.random() < 0.25 else {}
    return SampleSpec(
        f"report-{i:05d}.docx",
        agency=agency or rng.choice(CITY_FIRST) + rng.choice(CITY_SECOND) + "市" + rng.choice(BUREAUS),
        year=year, layout=layout, seed=rng.randrange(1 << 30),
        scale=rng.choices(("zero", "small", "medium", "large"), weights=(15, 55, 25, 5))[0],
        heading_sep=rng.choice(("、", "、", "、", "．", ".", "")),
        heading_mode=rng.choice(("bold", "bold", "plain", "heading")),
        label_columns=label_columns,
        split_t3=split,
        styles=styles, errors=errors,
        **layout_fields,
    )


def random_layout(rng: random.Random) -> dict[str, Any]:
    """SampleSpec fields for a random combination of the layouts real drafters use."""
    return {
        "t3_layout": rng.choice(T3_LAYOUTS), "t3_header": rng.choice(T3_HEADERS),
        "t3_numbering": rng.choice(NUMBERINGS), "t3_short_labels": rng.random() < 0.4,
        "t3_group_rows": rng.random() < 0.3,
        "t2_layout": rng.choice(T2_LAYOUTS), "t4_layout": rng.choice(T4_LAYOUTS),
        "title_mode": rng.choice(("line", "line", "property_only", "agency_after")),
    }


LAYOUT_STYLES = ("zeros_mixed", "fullwidth", "split_runs", "tracked", "label_quirks", "remarks", "extra_empty")


def layout_spec(i: int, rng: random.Random) -> SampleSpec:
    """A clean report in a random layout combined with random printing variants (splits, zeros,
    full-width digits, runs, tracked changes, remarks): every figure must read exactly."""
    year = rng.choice((2021, 2022, 2023, 2024))
    layout = rng.choices(("2021", "hybrid"), weights=(85, 15))[0] if year >= 2022 else "2021"
    return SampleSpec(
        f"layout-{i:05d}.docx", agency=rng.choice(CITY_FIRST) + rng.choice(CITY_SECOND) + "市" + rng.choice(BUREAUS),
        year=year, layout=layout, seed=rng.randrange(1 << 30),
        scale=rng.choices(("zero", "small", "medium", "large"), weights=(10, 45, 35, 10))[0],
        split_t3=rng.choices((None, "repeat", "bare"), weights=(70, 15, 15))[0],
        styles=tuple(st for st in LAYOUT_STYLES if rng.random() < 0.25),
        **random_layout(rng),
    )


def generate_corpus(out_dir: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` varied reports (mostly clean, ~2% with one injected error) into ``out_dir``
    plus ``manifest.jsonl`` (one expected record per file). Returns the report paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    agencies = agency_pool(seed)
    paths: list[Path] = []
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for i in range(n):
            spec = corpus_spec(i, rng, agencies[i % len(agencies)])
            try:
                built = build_report(spec)
            except ValueError:  # an error that needs figures this draw does not have: ship it clean
                spec = replace(spec, errors=())
                built = build_report(spec)
            p = out / spec.name
            p.write_bytes(built.data)
            built.expected["path"] = str(p)
            manifest.write(json.dumps(built.expected, ensure_ascii=False) + "\n")
            paths.append(p)
    return paths


# ---------------------------------------------------------------------------
# README of the sample folder
# ---------------------------------------------------------------------------


def samples_readme(specs: list[SampleSpec]) -> str:
    lines = [
        "# Sample reports",
        "",
        "Generated by `python tools/make_samples.py` (deterministic: regenerating gives identical files).",
        "Every report starts from the official blank template; the figures are synthetic and the agencies are",
        "sample names, except the seed report (淄博市司法局 2024), rebuilt from its published text.",
        "What each file contains (every field value, every injected error) is in",
        "`tests/data/expected/<path under samples/ with / replaced by __>.json`",
        "(e.g. `positive__plain-2024.docx.json`):",
        "",
        "- `fields`: every canonical key of fields.csv → the number a correct reader gets from the document:",
        "  blank / — / - / / / 无 / \\u3000 read as 0; an invalid cell (`1O`, `3、`, `-1`, a fee `-5`) is `null`;",
        "  keys with no cell are `null` (a missing or pictured table; in the 2019 layout table 二 has only",
        "  the three 处理决定数量 cells that map to canonical keys; 2019/hybrid have no （六） items).",
        "- `extras`: `requests.other_total.<column>` (the single （六）其他处理 row of 2019/hybrid) and",
        "  `active2019.<row>.<column>` (2019 table 二: new_made, new_published, public_total, prev_items,",
        "  change, decisions, procurement items / amount).",
        "- `injected`: one entry per injected error: `code_hint` (T3-row-total, T3-blank-total,",
        "  T4-group-total, V-invalid, V-fee-negative, V-fee-decimals, N-mismatch, P-period-year,",
        "  FV-superseded, S-missing-table, S-table-picture, S-missing-section, X-carry-over), `keys`,",
        "  `table`, `row_label`, `column_label`, `printed`, `correct`, `note`.",
        "- `remarks`: keys whose cell carries a remark (`55（含自然失效29件）`): read as the number, one",
        "  V-001 warning each, never an error.",
        "- `read_error`: the F- code for files in `bad/`; `narrative_claims`: numbers the text states;",
        "  `period_years`, `variants`, `description`.",
        "",
        "Table layouts (`SampleSpec.t3_layout`, `t3_header`, `t3_numbering`, `t3_short_labels`,",
        "`t2_layout`, `t4_layout`, `title_mode`) reproduce the ways real drafters lay the form out:",
        "table 三 with one label column carrying only each row's own label, two label columns with the",
        "group label on its first row only / absent / the item in the group column; headers in two rows,",
        "words split across rows, an extra 法人或其他组织 合计 column, empty spacer rows and columns; item",
        "numbers as 1. 1、 (1) （1） ①; shortened wording; table 二 compact (clause column, folded",
        "header, one value merged over three columns, 规范性文件); table 四 transposed; the title only in",
        "the document properties or the agency on the line after the title. `layout_corpus(n, seed)`",
        "draws random combinations of them (the property test and the read-rate measurement use it).",
        "",
        "`generate_corpus(out_dir, n, seed)` in the same module writes a larger varied corpus (mostly",
        "clean, ~2% with one injected error) plus `manifest.jsonl` for benchmarks.",
        "",
    ]
    for folder, title in (("positive", "positive — clean, every relation holds"),
                          ("negative", "negative — injected errors (exactly those recorded)"),
                          ("bad", "bad — files that cannot be read as .docx")):
        lines += [f"## {title}", "", "| file | what it shows |", "|---|---|"]
        for s in specs:
            if s.name.startswith(folder + "/"):
                extra = f" — errors: {', '.join(s.errors)}" if s.errors else ""
                lines.append(f"| `{s.name}` | {s.description}{extra} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    specs = all_specs()
    for spec in specs:
        write_sample(spec)
    (REPO / "docs" / "SAMPLES.md").write_text(samples_readme(specs), encoding="utf-8")
    size = sum(p.stat().st_size for p in SAMPLES_DIR.rglob("*") if p.is_file())
    print(f"wrote {len(specs)} samples to {SAMPLES_DIR} ({size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
