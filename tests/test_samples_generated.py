"""The sample generator (tools/make_samples.py) and the committed samples/**.

The checks here read the generated .docx files with a small, independent XML walker (not the
project's reader), so they prove that each expected file describes what is really in its document.
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import make_samples as ms  # noqa: E402
from make_samples import SampleSpec, build_report  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SPECS = ms.all_specs()
REPORTS = [s for s in SPECS if s.kind == "report"]
BAD = [s for s in SPECS if s.kind != "report"]
COLS = ("natural", "business", "research", "nonprofit", "legal", "other_org", "total")
ORG = COLS[:-1]
OUTCOMES_2021 = [
    "granted", "partial", "withheld_secret", "withheld_law", "withheld_safety", "withheld_third_party",
    "withheld_internal", "withheld_process", "withheld_enforcement", "withheld_query", "unavailable_not_held",
    "unavailable_needs_creation", "unavailable_unclear", "rejected_petition", "rejected_repeat",
    "rejected_publication", "rejected_excessive", "rejected_confirm", "other_no_correction", "other_unpaid",
    "other_other",
]
OUTCOMES_ONE_ROW = OUTCOMES_2021[:18] + ["other_total"]
ROWS_2021 = ["new", "carried_in"] + OUTCOMES_2021 + ["handled_total", "carried_forward"]
ROWS_ONE_ROW = ["new", "carried_in"] + OUTCOMES_ONE_ROW + ["handled_total", "carried_forward"]
APPEALS = [f"appeals.{g}.{o}" for g in ("review", "suit_direct", "suit_after_review")
           for o in ("upheld", "corrected", "other", "pending", "total")]


def ids(specs: list[SampleSpec]) -> list[str]:
    return [s.name for s in specs]


def expected_of(spec: SampleSpec) -> dict:
    return json.loads((REPO / "tests/data/expected" / ms.expected_filename(spec.name)).read_text("utf-8"))


@pytest.fixture(scope="module")
def built() -> dict[str, ms.BuiltReport]:
    """Every sample built once in this session (the generator is fast: well under 10 s for all)."""
    return {s.name: build_report(s) for s in SPECS}


# ---------------------------------------------------------------------------
# an independent mini reader for the tests
# ---------------------------------------------------------------------------

FW = str.maketrans("０１２３４５６７８９", "0123456789")
CN = {"零": 0, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def text_of(el: etree._Element) -> str:
    """Visible text: w:t (never w:delText), w:br as a line break; inside sdt and ins too."""
    out = []
    for e in el.iter(W + "t", W + "br"):
        out.append("\n" if e.tag == W + "br" else (e.text or ""))
    return "".join(out)


def body_of(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return root.find(W + "body")


def leaf_tables(body: etree._Element) -> list[etree._Element]:
    return [t for t in body.iter(W + "tbl") if t.find(".//" + W + "tbl") is None]


def rows_of(tbl: etree._Element) -> list[list[str]]:
    rows = [[text_of(tc) for tc in tr.iter(W + "tc")] for tr in tbl.findall(W + "tr")]
    if rows and all(r and r[-1] == "" for r in rows):  # an extra empty column
        rows = [r[:-1] for r in rows]
    return rows


def parse_cell(text: str) -> int | Decimal | None:
    t = text.translate(FW).strip().strip("\u3000").strip()
    t = re.sub(r"（[^（）]*）$", "", t)  # a remark after the number: 55（含自然失效29件）
    if t in ("", "—", "-", "/", "无"):
        return 0
    if t.endswith("件"):
        t = t[:-1]
    if re.fullmatch(r"\d+", t):
        return int(t)
    if re.fullmatch(r"\d+\.\d+", t):
        return Decimal(t)
    return None


def cn_to_int(s: str) -> int:
    s = s.translate(FW)
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN[tens] if tens else 1) * 10 + (CN[ones] if ones else 0)
    return CN[s]


def read_fields(data: bytes) -> dict[str, int | Decimal | None]:
    """Canonical fields as printed, found by table content and row order."""
    body = body_of(data)
    got: dict[str, int | Decimal | None] = {}
    tables = leaf_tables(body)
    t2_rows: list[list[str]] = []  # table 二, possibly printed as one small table per clause
    for tbl in tables:
        flat = text_of(tbl)
        if "信息内容" in flat:
            t2_rows += rows_of(tbl)
        elif "未经复议直接起诉" in flat:
            rows = rows_of(tbl)
            if "结果维持" in rows[0]:  # transposed: the groups are the last three rows
                values = [v for r in rows[-3:] for v in r[-5:]]
            else:
                values = rows[-1]
            got.update({k: parse_cell(v) for k, v in zip(APPEALS, values)})
    if t2_rows:
        got.update(_read_t2(t2_rows, any("本年新制作数量" in x for r in t2_rows for x in r)))
    t3_rows: list[list[str]] = []
    subtotal_at: int | None = None  # an extra 法人或其他组织 合计 column, counted from the right
    for tbl in tables:
        flat = text_of(tbl)
        if any(w in flat for w in ("本年新收", "无法提供", "结转下年度", "予以公开")) and "第二十条" not in flat:
            for r in rows_of(tbl):
                joined = "".join(r)
                if len(r) >= 2 and r[-2] == "合计":
                    subtotal_at = -2
                if any(h in joined for h in ("申请人情况", "自然", "商业", "企业", "组织")) or not joined.strip():
                    continue
                if r[0] in ("（三）不予公开", "（四）无法提供", "（五）不予处理") and parse_cell(r[1]) is not None:  # a subtotal row
                    continue
                t3_rows.append(r)
    if subtotal_at is not None:
        t3_rows = [r[:-2] + r[-1:] for r in t3_rows]
    if t3_rows:
        keys = ROWS_2021 if len(t3_rows) == 25 else ROWS_ONE_ROW
        assert len(t3_rows) == len(keys), f"table 三 has {len(t3_rows)} data rows"
        for row, cells in zip(keys, t3_rows):
            for col, v in zip(COLS, cells[-7:]):
                got[f"requests.{row}.{col}"] = parse_cell(v)
    return got


def _read_t2(rows: list[list[str]], is_2019: bool) -> dict[str, int | Decimal | None]:
    got = {}
    by_label = {}
    names = ("规章", "行政规范性文件", "规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费",
             "其他对外管理服务事项", "政府集中采购")
    for r in rows:  # the label is the first cell naming a row (a clause column may come first)
        i = next((i for i, x in enumerate(r) if x.split("（")[0] in names), None)
        if i is not None:
            label = r[i].split("（")[0]
            by_label["行政规范性文件" if label == "规范性文件" else label] = r[i + 1:]
    if is_2019:
        for label, key in (("行政许可", "license"), ("行政处罚", "penalty"), ("行政强制", "coercion")):
            got[f"active.{key}.decisions"] = parse_cell(by_label[label][2])
        return got
    for label, key in (("规章", "regulation"), ("行政规范性文件", "normative")):
        for part, v in zip(("issued", "repealed", "in_force"), by_label[label]):
            got[f"active.{key}.{part}"] = parse_cell(v)
    for label, key in (("行政许可", "license"), ("行政处罚", "penalty"), ("行政强制", "coercion")):
        got[f"active.{key}.decisions"] = parse_cell(by_label[label][0])
    got["active.fee.amount"] = parse_cell(by_label["行政事业性收费"][0])
    return got


def narrative_text(data: bytes) -> str:
    body = body_of(data)
    return "\n".join(text_of(p) for p in body.iter(W + "p") if not any(
        a.tag == W + "tbl" for a in p.iterancestors()))


def as_num(v: object) -> object:
    return Decimal(str(v)) if isinstance(v, float) else v


def relation_failures(f: dict, one_row_other: bool) -> list[str]:
    """FORMAT.md relations 1-4, computed here independently of the generator."""
    bad = []
    outcomes = OUTCOMES_ONE_ROW if one_row_other else OUTCOMES_2021
    g = {k: (v if v is not None else None) for k, v in f.items()}
    for col in COLS:
        def n(row: str) -> int:
            return g[f"requests.{row}.{col}"]
        if n("new") + n("carried_in") != n("handled_total") + n("carried_forward"):
            bad.append(f"balance:{col}")
        if sum(n(r) for r in outcomes) != n("handled_total"):
            bad.append(f"outcomes:{col}")
    for row in (ROWS_ONE_ROW if one_row_other else ROWS_2021):
        if sum(g[f"requests.{row}.{c}"] for c in ORG) != g[f"requests.{row}.total"]:
            bad.append(f"row:{row}")
    for grp in ("review", "suit_direct", "suit_after_review"):
        parts = [g[f"appeals.{grp}.{o}"] for o in ("upheld", "corrected", "other", "pending")]
        if sum(parts) != g[f"appeals.{grp}.total"]:
            bad.append(f"appeals:{grp}")
    return bad


def merged_fields(exp: dict) -> dict:
    f = {k: as_num(v) for k, v in exp["fields"].items()}
    f.update({k: as_num(v) for k, v in exp["extras"].items() if k.startswith("requests.other_total.")})
    return f


# ---------------------------------------------------------------------------
# determinism and the committed files
# ---------------------------------------------------------------------------


def test_building_twice_gives_identical_bytes() -> None:
    spec = next(s for s in REPORTS if s.name == "positive/tracked-changes-2024.docx")
    assert build_report(spec).data == build_report(spec).data


@pytest.mark.parametrize("spec", SPECS, ids=ids(SPECS))
def test_committed_sample_is_what_the_generator_makes(spec: SampleSpec, built: dict) -> None:
    path = REPO / spec.path
    assert path.is_file(), f"{spec.path} missing: run python tools/make_samples.py"
    assert path.read_bytes() == built[spec.name].data, f"{spec.path} is stale: regenerate"
    assert expected_of(spec) == json.loads(json.dumps(built[spec.name].expected, ensure_ascii=False))


def test_core_properties_are_fixed(built: dict) -> None:
    d = docx.Document(io.BytesIO(built["positive/plain-2024.docx"].data))
    assert d.core_properties.created.year == 2025 and d.core_properties.modified == d.core_properties.created


def test_samples_stay_small_and_readme_lists_them() -> None:
    files = [p for p in (REPO / "samples").rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 3 * 1024 * 1024
    readme = (REPO / "docs/SAMPLES.md").read_text("utf-8")
    for spec in SPECS:
        assert f"`{spec.name}`" in readme
    listed = {s.path for s in SPECS}
    if ms.seed_spec() is None:  # ../shared/seed absent: the committed seed sample cannot be rebuilt here
        listed |= {str(p.relative_to(REPO)) for p in files if p.name.startswith("seed-")}
    assert {str(p.relative_to(REPO)) for p in files} == listed, "samples/ holds files no spec makes"


# ---------------------------------------------------------------------------
# every report opens and holds its labels
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("spec", REPORTS, ids=ids(REPORTS))
def test_report_opens_with_python_docx_and_has_its_labels(spec: SampleSpec, built: dict) -> None:
    data = built[spec.name].data
    d = docx.Document(io.BytesIO(data))
    assert d.tables, "python-docx sees no table"
    exp = built[spec.name].expected
    text = narrative_text(data)
    if spec.title_mode == "property_only":  # no title line: the title only in the document properties
        assert d.core_properties.title == f"{spec.agency}{spec.year}年政府信息公开工作年度报告"
        assert f"{spec.year}年政府信息公开工作年度报告" not in text
    else:
        assert f"{spec.year}年政府信息公开工作年度报告" in text
        assert spec.agency in text
    period = exp["period_years"][0]
    assert (f"自{period}年1月1日起，至{period}年12月31日止") in text
    titles = {1: "总体情况", 2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况", 4: "行政诉讼",
              5: "存在的主要问题", 6: "其他需要报告的事项"}
    dropped = {i["section"] for i in exp["injected"] if i["code_hint"] == "S-missing-section"}
    for n, t in titles.items():
        assert (t in text) != (n in dropped), f"section {n} heading"
    all_text = "".join(text_of(t) for t in body_of(data).iter(W + "tbl"))
    for label in ("信息内容", "行政许可", "行政处罚", "行政强制", "行政事业性收费"):
        assert label in all_text
    # the clause caption: inside table 二, or as a paragraph above each of its small tables
    assert "第二十条第（一）项" in (text if spec.t2_layout == "per_clause" and spec.layout != "2019" else all_text)
    has_picture = any(i["code_hint"] == "S-table-picture" for i in exp["injected"])
    t3_labels = ["本年新收", "（一）予以公开", "本机关不掌握相关政府信息", "结转下年度继续办理", "商业"]
    if not spec.t3_short_labels:
        t3_labels += ["本年新收政府信息公开申请数量", "信访举报投诉类申请"]
    if spec.t3_layout in ("template", "two_no_group"):
        t3_labels.append("本年度办理结果")
    if spec.t3_header != "split_words":  # split: 自然 / 人, 法律 / 服务 / 机构
        t3_labels += ["自然人", "法律服务"]
    for label in t3_labels:
        assert (label in all_text) != has_picture, label
    has_t4 = not any(i["code_hint"] == "S-missing-table" for i in exp["injected"])
    assert ("未经复议直接起诉" in all_text) == has_t4


def test_picture_sample_has_a_drawing_where_table_three_was(built: dict) -> None:
    body = body_of(built["negative/t3-as-picture-2024.docx"].data)
    assert len(leaf_tables(body)) == 2
    assert body.find(f".//{W}drawing") is not None


def test_special_structures_are_present(built: dict) -> None:
    body = lambda n: body_of(built[n].data)  # noqa: E731
    nested = body("positive/t3-nested-in-one-cell-table-2024.docx")
    assert any(t.find(".//" + W + "tbl") is not None for t in nested.findall(W + "tbl"))
    split = body("positive/t3-split-no-header-2024.docx")
    assert len(split.findall(W + "tbl")) == 4
    assert len(body("positive/t3-split-repeated-header-2024.docx").findall(W + "tbl")) == 4
    tracked = body("positive/tracked-changes-2024.docx")
    assert tracked.find(f".//{W}tc//{W}del//{W}delText") is not None
    assert tracked.find(f".//{W}tc//{W}ins//{W}t") is not None
    sdt = body("positive/content-controls-2024.docx")
    assert sdt.find(f"{W}sdt") is not None and sdt.find(f".//{W}tc//{W}sdt") is not None
    runs = body("positive/digits-split-over-runs-2024.docx")
    assert any(len(p.findall(W + "r")) >= 2 and text_of(p).isdigit() for p in runs.iter(W + "p"))


# ---------------------------------------------------------------------------
# the expected files describe the documents
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("spec", REPORTS, ids=ids(REPORTS))
def test_document_holds_exactly_the_expected_fields(spec: SampleSpec, built: dict) -> None:
    exp = built[spec.name].expected
    got = read_fields(built[spec.name].data)
    want = {k: as_num(json.loads(json.dumps(v))) for k, v in exp["fields"].items()}
    assert set(want) == set(ms.canonical_key_list())
    for key, value in want.items():
        assert got.get(key) == value, f"{key}: document has {got.get(key)!r}, expected file says {value!r}"
    if exp["format_version"] != "2021" and "requests.new.total" in got and got["requests.new.total"] is not None:
        for col in COLS:
            assert got[f"requests.other_total.{col}"] == exp["extras"][f"requests.other_total.{col}"]


def test_mini_reader_sees_a_changed_cell(built: dict) -> None:
    """The field comparison above can fail: one edited cell is noticed."""
    data = built["positive/plain-2024.docx"].data
    z = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(z.read("word/document.xml"))
    t4 = leaf_tables(root.find(W + "body"))[-1]
    cell = t4.findall(W + "tr")[-1].findall(W + "tc")[0]
    cell.find(f".//{W}t").text = "7"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in z.infolist():
            blob = etree.tostring(root) if info.filename == "word/document.xml" else z.read(info.filename)
            dst.writestr(info.filename, blob)
    assert read_fields(out.getvalue())["appeals.review.upheld"] == 7
    assert built["positive/plain-2024.docx"].expected["fields"]["appeals.review.upheld"] != 7


@pytest.mark.parametrize("spec", [s for s in REPORTS if s.name.startswith("positive/")],
                         ids=ids([s for s in REPORTS if s.name.startswith("positive/")]))
def test_positive_samples_satisfy_every_relation(spec: SampleSpec, built: dict) -> None:
    exp = built[spec.name].expected
    assert exp["injected"] == []
    f = merged_fields(exp)
    assert relation_failures(f, exp["format_version"] != "2021") == []
    fee = f["active.fee.amount"]
    assert fee is None or (fee >= 0 and fee == round(fee, 2))
    assert all(v is None or v >= 0 for v in f.values())


def test_relation_check_fails_on_broken_figures(built: dict) -> None:
    f = merged_fields(built["positive/plain-2024.docx"].expected)
    f["requests.granted.natural"] += 1
    assert relation_failures(f, False) == ["outcomes:natural", "row:granted"]


def test_typo_sample_breaks_exactly_its_row_and_column(built: dict) -> None:
    exp = built["negative/t3-typo-cell-2024.docx"].expected
    (inj,) = exp["injected"]
    key = inj["keys"][0]
    _, row, col = key.split(".")
    assert sorted(relation_failures(merged_fields(exp), False)) == sorted([f"outcomes:{col}", f"row:{row}"])
    assert exp["fields"][key] == inj["printed"] != inj["correct"]


def test_blank_total_sample_reads_zero_and_breaks_its_row(built: dict) -> None:
    data = built["negative/t3-blank-total-2024.docx"]
    (inj,) = data.expected["injected"]
    key = inj["keys"][0]
    assert data.expected["fields"][key] == 0 and inj["correct"] > 0 and inj["printed"] == ""
    fails = relation_failures(merged_fields(data.expected), False)
    assert f"row:{key.split('.')[1]}" in fails and all(not f.startswith("appeals") for f in fails)


def test_table_four_sample_breaks_only_the_review_group(built: dict) -> None:
    exp = built["negative/t4-total-wrong-2024.docx"].expected
    assert relation_failures(merged_fields(exp), False) == ["appeals:review"]


def test_invalid_cells_are_null_and_printed_as_recorded(built: dict) -> None:
    exp = built["negative/invalid-cells-2024.docx"].expected
    printed = sorted(i["printed"] for i in exp["injected"])
    assert printed[0] == "-1" and any(p.endswith("、") for p in printed) and any("O" in p for p in printed)
    for inj in exp["injected"]:
        assert exp["fields"][inj["keys"][0]] is None


def test_fee_samples(built: dict) -> None:
    neg = built["negative/fee-negative-2024.docx"].expected
    assert neg["fields"]["active.fee.amount"] is None and neg["injected"][0]["printed"] == "-5"
    dec = built["negative/fee-three-decimals-2024.docx"].expected
    printed = dec["injected"][0]["printed"]
    assert len(printed.split(".")[1]) == 3 and Decimal(str(dec["fields"]["active.fee.amount"])) == Decimal(printed)


def test_negative_samples_each_record_their_errors() -> None:
    for spec in REPORTS:
        exp = expected_of(spec)
        if spec.name.startswith("negative/") and "cross-year-mismatch" not in spec.name \
                or spec.name.endswith("lanling-county-2024.docx"):
            assert exp["injected"], spec.name
            for inj in exp["injected"]:
                assert {"code_hint", "keys", "table", "row_label", "column_label", "printed", "correct",
                        "note"} <= set(inj)


# ---------------------------------------------------------------------------
# narrative
# ---------------------------------------------------------------------------

NUM = r"([0-9０-９零一二两三四五六七八九十]+)"
CLAIM_PATTERNS = {
    "received": r"(?:收到|受理)政府信息公开申请" + NUM + "件",
    "granted": r"予以公开" + NUM + "件",
    "carried_forward": r"结转下年度继续办理" + NUM + "件",
    "review": r"行政复议" + NUM + "件",
    "litigation": r"行政诉讼" + NUM + "件",
    "normative_in_force": r"现行有效行政规范性文件" + NUM + "件",
}
ZERO_PHRASES = {
    "received": ("未收到政府信息公开申请",),
    "carried_forward": ("无结转下年度继续办理",),
    "review": ("未发生政府信息公开行政复议和行政诉讼案件", "无行政复议和行政诉讼"),
    "litigation": ("未发生政府信息公开行政复议和行政诉讼案件", "无行政复议和行政诉讼"),
}


def table_value(claim: str, f: dict) -> int | None:
    t = lambda r: f.get(f"requests.{r}.total")  # noqa: E731
    try:
        return {
            "received": lambda: t("new") + t("carried_in"),
            "granted": lambda: t("granted"),
            "carried_forward": lambda: t("carried_forward"),
            "review": lambda: f["appeals.review.total"],
            "litigation": lambda: f["appeals.suit_direct.total"] + f["appeals.suit_after_review.total"],
            "normative_in_force": lambda: f["active.normative.in_force"],
        }[claim]()
    except TypeError:  # a None somewhere: the table is missing or unreadable
        return None


@pytest.mark.parametrize("spec", REPORTS, ids=ids(REPORTS))
def test_narrative_states_the_claims_and_agrees_with_tables(spec: SampleSpec, built: dict) -> None:
    exp = built[spec.name].expected
    text = narrative_text(built[spec.name].data)
    claims = exp["narrative_claims"]
    f = merged_fields(exp)
    contradicted = {i.get("claim") for i in exp["injected"] if i["code_hint"] == "N-mismatch"}
    for claim, pattern in CLAIM_PATTERNS.items():
        if claim not in claims:
            continue
        found = [cn_to_int(m) for m in re.findall(pattern, text)]
        if claims[claim] == 0 and not found:
            assert any(p in text for p in ZERO_PHRASES[claim]), f"{claim}: zero not stated"
            continue
        assert claims[claim] in found, f"{claim}: text has {found}, expected {claims[claim]}"
        tv = table_value(claim, f)
        if tv is not None:
            assert (tv == claims[claim]) != (claim in contradicted), claim


def test_narrative_sample_contradicts_its_table(built: dict) -> None:
    exp = built["negative/narrative-contradicts-table-2024.docx"].expected
    (inj,) = exp["injected"]
    assert exp["narrative_claims"]["granted"] == inj["printed"] != exp["fields"]["requests.granted.total"]


def test_wrong_period_sample(built: dict) -> None:
    text = narrative_text(built["negative/wrong-year-period-2023-2024.docx"].data)
    assert "2024年政府信息公开工作年度报告" in text and "自2023年1月1日起，至2023年12月31日止" in text


def test_seed_report_keeps_its_text_and_figures(built: dict, shared_dir: Path) -> None:
    spec = next((s for s in REPORTS if s.name.startswith("positive/seed-")), None)
    assert spec is not None
    seed_text = next(shared_dir.joinpath("seed").glob("*.txt")).read_text("utf-8")
    text = narrative_text(built[spec.name].data)
    for line in ("2024年度，淄博市司法局共受理政府信息公开申请1件，主要涉及律师事务所审批事宜。全年无行政复议和行政诉讼案件。",
                 "四．政府信息公开行政复议和行政诉讼情况", "存在的主要问题及改进情况"):
        assert line in seed_text and line in text
    fields = built[spec.name].expected["fields"]
    assert fields["requests.new.natural"] == 1 and fields["requests.unavailable_not_held.total"] == 1
    assert fields["active.penalty.decisions"] == 2


# ---------------------------------------------------------------------------
# cross-year pairs
# ---------------------------------------------------------------------------


def test_cross_year_pair_carries_over(built: dict) -> None:
    a = built["positive/cross-year-yunxi-district-2023.docx"].expected
    b = built["positive/cross-year-yunxi-district-2024.docx"].expected
    assert a["agency"] == b["agency"] and (a["year"], b["year"]) == (2023, 2024)
    for col in COLS:
        assert b["fields"][f"requests.carried_in.{col}"] == a["fields"][f"requests.carried_forward.{col}"]
    assert b["fields"]["active.normative.in_force"] == (a["fields"]["active.normative.in_force"]
                                                        + b["fields"]["active.normative.issued"]
                                                        - b["fields"]["active.normative.repealed"])


def test_cross_year_negative_pair_disagrees_in_the_recorded_column(built: dict) -> None:
    a = built["negative/cross-year-mismatch-lanling-county-2023.docx"].expected
    b = built["negative/cross-year-mismatch-lanling-county-2024.docx"].expected
    (inj,) = b["injected"]
    differing = [c for c in COLS if b["fields"][f"requests.carried_in.{c}"]
                 != a["fields"][f"requests.carried_forward.{c}"]]
    assert differing == ["natural", "total"]
    assert inj["keys"] == ["requests.carried_in.natural", "requests.carried_in.total"]
    assert relation_failures(merged_fields(b), False) == [] and a["injected"] == []


# ---------------------------------------------------------------------------
# bad files
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("spec", BAD, ids=ids(BAD))
def test_bad_sample_is_not_a_readable_docx(spec: SampleSpec, built: dict) -> None:
    data = built[spec.name].data
    assert built[spec.name].expected["read_error"] in {"F-001", "F-002", "F-003", "F-004", "F-005", "F-021", "F-023"}
    with pytest.raises(Exception):
        docx.Document(io.BytesIO(data))


def test_bad_samples_have_the_recorded_shape(built: dict) -> None:
    get = lambda n: built[f"bad/{n}"].data  # noqa: E731
    ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
    assert get("empty.docx") == b""
    assert not zipfile.is_zipfile(io.BytesIO(get("not-a-zip.docx")))
    with zipfile.ZipFile(io.BytesIO(get("zip-without-document-xml.docx"))) as z:
        assert "word/document.xml" not in z.namelist()
    enc, legacy = get("encrypted.docx"), get("legacy-doc-renamed.docx")
    assert enc.startswith(ole) and "EncryptionInfo".encode("utf-16-le") in enc
    assert legacy.startswith(ole) and "EncryptionInfo".encode("utf-16-le") not in legacy
    assert "WordDocument".encode("utf-16-le") in legacy
    assert get("scanned-report.pdf").startswith(b"%PDF-")


def test_compound_file_directory_is_well_formed() -> None:
    """Header fields and directory entries of the crafted OLE file, read back by hand."""
    import struct

    data = ms.cfb_file([("EncryptionInfo", b"x"), ("EncryptedPackage", b"y")])
    assert len(data) % 512 == 0
    first_dir = struct.unpack_from("<I", data, 48)[0]
    entries = data[512 * (first_dir + 1):512 * (first_dir + 2)]
    names = []
    for i in range(4):
        e = entries[i * 128:(i + 1) * 128]
        n = struct.unpack_from("<H", e, 64)[0]
        if n:
            names.append(e[:n - 2].decode("utf-16-le"))
    assert names == ["Root Entry", "EncryptionInfo", "EncryptedPackage"]


# ---------------------------------------------------------------------------
# figures and the benchmark corpus
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("scale", ["zero", "small", "medium", "large"])
def test_random_figures_always_consistent(scale: str) -> None:
    for seed in range(60):
        f = ms.random_figures(random.Random(seed), scale)
        assert ms.check_relations(f) == []
        assert ms.check_relations(ms.add_other_row(f), "hybrid") == []
        natural = f["requests.new.natural"]
        assert natural * 2 >= f["requests.new.total"] or f["requests.new.total"] < 6


def test_generator_relation_check_can_fail() -> None:
    f = ms.random_figures(random.Random(1), "small")
    f["appeals.review.total"] += 1
    f["requests.carried_forward.total"] += 1
    f["active.fee.amount"] = Decimal("1.005")
    assert ms.check_relations(f) == ["balance:total", "row:carried_forward", "appeals:review", "fee-decimals"]


def test_generate_corpus(tmp_path: Path) -> None:
    paths = ms.generate_corpus(tmp_path, 8, seed=3)
    assert len(paths) == 8 and all(p.stat().st_size > 5000 for p in paths)
    manifest = [json.loads(line) for line in (tmp_path / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert [m["path"] for m in manifest] == [str(p) for p in paths]
    for p, m in zip(paths, manifest):
        docx.Document(str(p))
        if not m["injected"]:
            assert relation_failures(merged_fields(m), m["format_version"] != "2021") == []
    again = ms.generate_corpus(tmp_path / "again", 2, seed=3)
    assert again[1].read_bytes() == paths[1].read_bytes()


def test_corpus_agencies_are_distinct() -> None:
    """Unrelated reports of one agency would be paired across years and disagree."""
    pool = ms.agency_pool(0)
    assert len(set(pool)) == len(pool) >= 10000


def test_corpus_is_mostly_clean() -> None:
    rng = random.Random(0)
    specs = [ms.corpus_spec(i, rng) for i in range(3000)]
    share = sum(bool(s.errors) for s in specs) / len(specs)
    assert 0.01 <= share <= 0.03
