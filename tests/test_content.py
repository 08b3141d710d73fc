"""Content rules (rules/content.yaml, checks/content.py, prose.py): what the template asks sections
五, 六 and 一 to say, the 信息处理费 kept as other.processing_fee, and the report date vs 条例 第四十九条.

Real wordings come from tests/data/content_wordings.yaml (each with its source); the peer's failing
cases (KIROGOVCOMPARE src/__tests__/consistencyChecks.test.ts: section 五 “无”, “暂无问题”, section 六
“无”) are rebuilt as whole .docx reports from a correct sample and checked through the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as hs
from typer.testing import CliRunner

from govinfo_check import engine
from govinfo_check.cli import app
from govinfo_check.models import Document, Paragraph, ParsedReport, Section
from govinfo_check.pipeline import parse_file
from govinfo_check.prose import (
    FEE_KEY, FeeVocabulary, date_line, fee_statement_in, processing_fee, stated_date, vocabulary,
)

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
WORDINGS = yaml.safe_load((REPO / "tests/data/content_wordings.yaml").read_text(encoding="utf-8"))
RULES = engine.load_rules()
CODES = ("C-001", "C-002", "C-003", "C-004", "C-005", "C-006")
runner = CliRunner()


def fee_vocab() -> FeeVocabulary:
    v = vocabulary()
    return FeeVocabulary.from_data(v["fee"], v["placeholders"])


def report(paragraphs: list[str], *, year: int = 2024, agency: str | None = None, title: str | None = None,
           fmt: str = "2021") -> ParsedReport:
    """A report of these body paragraphs; a paragraph that is a section title starts that section."""
    paras = [Paragraph(i, t) for i, t in enumerate(paragraphs)]
    heads = [(i, "一二三四五六".index(t[0]) + 1) for i, t in enumerate(paragraphs)
             if t[:1] and t[0] in "一二三四五六" and t[1:2] and t[1] in "、．." and len(t) <= 30]
    sections = [Section(n, paragraphs[i], i, heads[k + 1][0] if k + 1 < len(heads) else len(paras))
                for k, (i, n) in enumerate(heads)]
    return ParsedReport(path="r.docx", format_version=fmt, year=year, agency=agency, title=title,  # type: ignore[arg-type]
                        sections=sections, document=Document("r.docx", list(paras)))


def codes(r: ParsedReport, select: tuple[str, ...] = ("C",)) -> list[tuple[str, str]]:
    return [(f.code, f.severity) for f in engine.evaluate(r, RULES, select=select)]


FIVE = "五、存在的主要问题及改进情况"
SIX = "六、其他需要报告的事项"
FEE_NONE = "本年度未收取信息处理费。"


# --- real wordings (tests/data/content_wordings.yaml) --------------------------------------------

@pytest.mark.parametrize("entry", WORDINGS["fee"], ids=lambda e: e["text"][:24])
def test_fee_sentence_amount(entry: dict[str, Any]) -> None:
    found = fee_statement_in(entry["text"], fee_vocab())
    if entry.get("heading"):
        assert found is None  # a sub-heading; the statement follows it
        return
    assert found is not None, entry["source"]
    want = entry["amount"]
    assert found[0] == (None if want is None else Decimal(str(want))), (entry["text"], found)


@pytest.mark.parametrize("entry", WORDINGS["not_fee"], ids=lambda e: e["text"][:24])
def test_not_a_fee_statement(entry: dict[str, Any]) -> None:
    r = report([SIX, entry["text"]])
    assert processing_fee(r) is None
    assert ("C-004", "warning") in codes(r)


@pytest.mark.parametrize("entry", WORDINGS["section5"], ids=lambda e: e["text"][:24])
def test_real_section5_is_substantive(entry: dict[str, Any]) -> None:
    r = report([FIVE, entry["text"], SIX, FEE_NONE])
    found = codes(r, ("C-001", "C-002"))
    assert ("C-001", "error") not in found, entry["source"]
    if entry["balanced"]:
        assert found == [], (entry["source"], found)


@pytest.mark.parametrize("entry", WORDINGS["section1"], ids=lambda e: e["text"][:24])
def test_real_section1_aspects(entry: dict[str, Any]) -> None:
    r = report(["一、总体情况", entry["text"], "二、主动公开政府信息情况"])
    found = engine.evaluate(r, RULES, select=("C-005",))
    missing = found[0].args["missing_aspects"] if found else []
    assert not set(entry["covers"]) & set(missing), (entry["source"], missing)
    if "missing" in entry:
        assert missing == entry["missing"]
        assert found[0].severity == "info"


@pytest.mark.parametrize("entry", WORDINGS["dates"], ids=lambda e: e["text"][:24])
def test_date_lines(entry: dict[str, Any]) -> None:
    want = entry["date"]
    assert date_line(entry["text"]) == (None if want is None else dt.date.fromisoformat(str(want)))


_CN = "〇一二三四五六七八九"


def _cn(n: int) -> str:
    """1–31 as printed in dates: 五, 十, 十二, 二十, 二十三, 三十一."""
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _CN[tens] + "十")) + ("" if ones == 0 else _CN[ones])


@given(hs.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)), hs.booleans(), hs.booleans())
def test_any_printed_date_reads_back(day: dt.date, chinese: bool, bracketed: bool) -> None:
    text = ("".join(_CN[int(c)] for c in str(day.year)) + f"年{_cn(day.month)}月{_cn(day.day)}日" if chinese
            else f"{day.year}年{day.month}月{day.day}日")
    assert date_line(f"（{text}）" if bracketed else text) == day
    assert date_line(f"某某市某某局 {text}") == day
    assert date_line(f"{text}，召开会议。") is None


def test_every_wording_says_where_it_was_found() -> None:
    for group in WORDINGS.values():
        for entry in group:
            assert entry.get("source"), entry


# --- section 五 ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["无", "无。", "暂无", "暂无问题", "暂无问题。", "无明显问题", "不存在问题。", "没有",
                                  "本年度我局政府信息公开工作总体良好，暂未发现明显问题。"])
def test_token_section5_is_one_error(text: str) -> None:
    """A token answer is C-001 alone: saying it also lacks problems and improvements adds nothing."""
    assert codes(report([FIVE, text, SIX, FEE_NONE])) == [("C-001", "error")]


def test_token_message_quotes_the_text_in_both_languages() -> None:
    [f] = engine.evaluate(report([FIVE, "暂无问题", SIX, FEE_NONE]), RULES, select=("C-001",))
    assert "“暂无问题”" in f.message("zh") and "第五部分" in f.message("zh")
    assert "“暂无问题”" in f.message("en") and "Section 5" in f.message("en")
    assert f.location.block_index == 0 and f.category == "content"


def test_problems_without_improvements_is_a_warning_naming_what_is_missing() -> None:
    [f] = engine.evaluate(report([FIVE, "一是政策解读形式较为单一；二是部分栏目信息更新不及时。", SIX, FEE_NONE]), RULES,
                          select=("C-002",))
    assert f.severity == "warning"
    assert "未写明改进措施" in f.message("zh") and "names no improvement" in f.message("en")


def test_improvements_without_problems_is_a_warning() -> None:
    [f] = engine.evaluate(report([FIVE, "本年度无明显问题，下一步将继续加强政务公开工作，提升公开质量。", SIX, FEE_NONE]),
                          RULES, select=("C-002",))
    assert "未写明存在的问题" in f.message("zh")


def test_follow_up_of_last_year_by_year_number() -> None:
    text = "2023年报告所列问题均已整改到位。本年度仍存在依申请公开答复不够规范的问题，下一步将加强培训。"
    assert codes(report([FIVE, text, SIX, FEE_NONE], year=2024)) == []
    assert codes(report([FIVE, text, SIX, FEE_NONE], year=2026)) == [("C-003", "info")]  # 2023 is not last year


def test_section5_as_a_picture_or_missing_is_not_judged() -> None:
    pic = report([FIVE, "", SIX, FEE_NONE])
    pic.document.blocks[1] = Paragraph(1, "", has_drawing=True)
    assert codes(pic) == []
    assert codes(report(["一、总体情况", "主动公开、依申请公开、政府信息管理、政府网站、监督考核。", SIX, FEE_NONE])) == []


@pytest.mark.parametrize("text", ["（文字描述）", "略。", " "])
def test_empty_section5_is_s104_not_c001(text: str) -> None:
    found = [(f.code, f.severity) for f in engine.evaluate(report([FIVE, text, SIX, FEE_NONE]), RULES,
                                                           select=("C", "S-104"))]
    assert found == [("S-104", "error")]


# --- section 六 and other.processing_fee -------------------------------------------------------

def test_fee_statement_anywhere_in_the_body_counts() -> None:
    r = report(["三、收到和处理政府信息公开申请情况", "全年共收到申请5件，未收取信息处理费。", SIX, "无。"])
    assert codes(r) == []
    assert processing_fee(r).value.number == 0


@pytest.mark.parametrize("text, reason", [("无", "只写了“无”"), ("（文字描述，收取信息处理费情况在此处报告。）", "只有模板占位文字"),
                                          ("2024年度，共承办人大代表建议4件、政协提案20件，均已按期办结，办理结果已按规定公开。",
                                           "没有关于信息处理费的说明")])
def test_no_fee_statement_is_one_warning_saying_why(text: str, reason: str) -> None:
    [f] = engine.evaluate(report([SIX, text]), RULES, select=("C",))
    assert (f.code, f.severity) == ("C-004", "warning")
    assert reason in f.message("zh") and "（文字描述，收取信息处理费情况在此处报告。）" in f.message("zh")
    assert "信息处理费" in f.message("en")


def test_fee_rule_starts_with_the_2021_reports() -> None:
    assert codes(report([SIX, "无"], year=2020, fmt="2019")) == []
    assert codes(report([SIX, "无"], year=2021)) == [("C-004", "warning")]


def test_processing_fee_is_a_text_figure_with_its_sentence() -> None:
    r = report([SIX, "（一）收取信息处理费情况。", "2024年度，本机关依据国办函〔2020〕109号收取信息处理费600元。"])
    fig = processing_fee(r)
    assert fig.key == FEE_KEY and fig.value.number == 600 and fig.value.unit == "元"
    assert fig.source.table == "text" and fig.source.table_index == 2 and "600元" in fig.source.raw
    assert fig.source.row_label == SIX


def test_words_broken_by_pdf_spaces_are_read() -> None:
    assert processing_fee(report([SIX, "全年收取政府信息公开信息处理 费 3940 元。"])).value.number == 3940
    assert codes(report([FIVE, "个别单位工作人员业务 水平参差 不齐，下一步将加强培训。", SIX, FEE_NONE])) == [
        ("C-003", "info")]


@pytest.mark.parametrize("answer, fee", [("无。", 0), ("本年度未收取。", 0), ("全年共收取1200元。", 1200),
                                         ("按规定执行。", None)])
def test_the_line_under_a_fee_subheading_answers_it(answer: str, fee: int | None) -> None:
    r = report([SIX, "（一）收取信息处理费情况。", answer, "（二）其他事项。"])
    assert codes(r) == []
    got = processing_fee(r)
    assert (got.value.number if got else None) == fee


def test_processing_fee_in_wan_yuan_is_converted() -> None:
    assert processing_fee(report([SIX, "全年收取信息处理费0.12万元。"])).value.number == Decimal("1200.00")


@pytest.mark.parametrize("name, fee", [("plain-2024", 600), ("t3-split-repeated-header-2024", 900),
                                       ("plain-large-city-2024", 0), ("seed-zibo-justice-bureau-2024", 0)])
def test_samples_keep_the_fee_stated_in_section_6(name: str, fee: int) -> None:
    r = parse_file(SAMPLES / "positive" / f"{name}.docx")
    assert r.text_figures[FEE_KEY].value.number == fee and r.number(FEE_KEY) == fee
    assert FEE_KEY not in r.extras  # table extras stay what the tables print


def test_extract_output_has_the_fee() -> None:
    res = runner.invoke(app, ["extract", "--format", "json", str(SAMPLES / "positive" / "plain-2024.docx")])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["extras"][FEE_KEY] == 600


def test_fee_key_is_documented_in_the_data_dictionary() -> None:
    from govinfo_check import fields

    [d] = [f for f in fields.extra_fields() if f.key == FEE_KEY]
    assert (d.table, d.type) == ("text", "decimal") and "信息处理费" in d.column_label


# --- section 一 ---------------------------------------------------------------------------------

def test_one_note_lists_every_aspect_not_covered() -> None:
    [f] = engine.evaluate(report(["一、总体情况", "（一）主动公开。发布规章若干。（二）依申请公开。规范办理程序。",
                                  "二、主动公开政府信息情况"]), RULES, select=("C-005",))
    assert f.severity == "info"
    assert f.args["missing_aspects"] == ["政府信息管理", "政府信息公开平台建设", "监督保障"]
    assert "政府信息管理、政府信息公开平台建设、监督保障" in f.message("zh")
    assert "information management, disclosure platforms, oversight and safeguards" in f.message("en")


def test_aspects_only_for_the_2021_format() -> None:
    r = report(["一、总体情况", "全年主动公开信息100条。", "二、主动公开政府信息情况"], year=2020, fmt="2019")
    assert codes(r) == []


# --- report date ---------------------------------------------------------------------------------

def dated(agency: str | None, date: str, year: int = 2024) -> ParsedReport:
    return report([SIX, FEE_NONE, agency or "", date], year=year, agency=agency)


@pytest.mark.parametrize("agency, date, late", [
    ("淄博市司法局", "2025年1月31日", False), ("淄博市司法局", "2025年2月1日", True),
    ("临江市人民政府", "2025年3月31日", False), ("临江市人民政府", "二〇二五年四月一日", True),
    ("临江市人民政府办公室", "2025年2月10日", True),  # the office's own report is a department's
    ("平潭综合实验区管委会", "2025年3月10日", False),
    ("某某镇人民政府", "2025年6月1日", False),  # 乡镇: article 49 sets no date
    (None, "2025年3月1日", False), (None, "2025年4月1日", True),  # unknown agency: the later deadline
    ("上海市", "2025年3月20日", False),  # "2024年上海市政府信息公开工作年度报告": a place name is a government
    ("某某街道", "2025年3月20日", False),
    ("淄博市司法局", "2024年12月31日", False),
])
def test_report_date_against_article_49(agency: str | None, date: str, late: bool) -> None:
    found = engine.evaluate(dated(agency, date), RULES, select=("C-006",))
    assert [f.severity for f in found] == (["warning"] if late else [])


def test_late_date_message_names_date_deadline_and_rule() -> None:
    [f] = engine.evaluate(dated("淄博市司法局", "二〇二五年二月二十日"), RULES, select=("C-006",))
    assert (f.expected, f.actual) == ("2025-01-31", "2025-02-20")
    assert "2025年2月20日" in f.message("zh") and "2025年1月31日" in f.message("zh") and "第四十九条" in f.message("zh")
    assert "31 January" in f.message("en") and f.location.quote == "二〇二五年二月二十日"


def test_no_deadline_when_the_report_year_is_in_question() -> None:
    r = dated("淄博市司法局", "2025年2月20日")
    r.period_years = [2025, 2025]  # the title says 2024, the period 2025: P-001's finding, not a late report
    assert codes(r, ("C-006",)) == []
    r.period_years = [2024, 2024]
    assert codes(r, ("C-006",)) == [("C-006", "warning")]


def test_no_printed_date_no_finding_and_body_dates_are_not_the_report_date() -> None:
    r = report([SIX, FEE_NONE, "2025年6月1日，召开政务公开工作推进会。"], agency="淄博市司法局")
    assert stated_date(r) is None and codes(r, ("C-006",)) == []


def test_date_right_under_the_title() -> None:
    title = "临江市人民政府2024年政府信息公开工作年度报告"
    r = report([title, "（2025年4月2日）", "一、总体情况", "全年主动公开政府信息1042条。"], agency="临江市人民政府",
               title=title)
    st = stated_date(r)
    assert (st.date, st.where) == (dt.date(2025, 4, 2), "title")
    assert codes(r, ("C-006",)) == [("C-006", "warning")]


# --- the rules as data ---------------------------------------------------------------------------

def test_explain_shows_the_template_sentence() -> None:
    assert "（文字描述，收取信息处理费情况在此处报告。）" in engine.explain("C-004", RULES)
    assert "第四十九条" in engine.explain("C-006", RULES, lang="en")
    for code in CODES:
        assert RULES.get(code).category == "content"


def test_vocabulary_is_data_a_local_rule_file_can_change(tmp_path: Path) -> None:
    local = tmp_path / "local.yaml"
    local.write_text(yaml.safe_dump({"rules": [{
        "code": "LC-001", "name": "fee-local", "severity": "error", "category": "content", "source": "local",
        "formats": ["2021"], "message": {"zh": "{reason}", "en": "{reason}"},
        "check": {"kind": "section6_fee", "terms": ["工本费"], "none": ["未收取"]}}]}, allow_unicode=True),
        encoding="utf-8")
    rules = engine.load_rules([local])
    r = report([SIX, FEE_NONE])  # speaks of 信息处理费, not of this file's 工本费
    assert [f.code for f in engine.evaluate(r, rules, select=("LC",))] == ["LC-001"]


def test_a_bad_vocabulary_is_a_rule_file_error(tmp_path: Path) -> None:
    local = tmp_path / "bad.yaml"
    local.write_text(yaml.safe_dump({"rules": [{
        "code": "LC-002", "name": "bad", "severity": "error", "category": "content", "source": "local",
        "formats": ["2021"], "message": {"zh": "x", "en": "x"},
        "check": {"kind": "report_date_deadline", "government": ["人民政府"], "not_covered": ["镇人民政府"],
                  "department_deadline": "02-30", "government_deadline": "03-31"}}]}, allow_unicode=True),
        encoding="utf-8")
    with pytest.raises(engine.RuleFileError, match="department_deadline"):
        engine.load_rules([local])


# --- samples and the peer's cases as whole reports ------------------------------------------------

def test_positive_samples_have_no_content_errors_or_warnings() -> None:
    res = runner.invoke(app, ["check", "--format", "json", "--quiet", "--select", "C", str(SAMPLES / "positive")])
    doc = json.loads(res.stdout)
    assert len(doc["files"]) >= 20
    loud = [(f["path"], x["code"], x["message"]) for f in doc["files"] for x in f["findings"]
            if x["severity"] != "info"]
    assert loud == []


def _rewrite(src: Path, dst: Path, replace: list[tuple[str, str]]) -> Path:
    """A copy of a sample with some printed texts replaced (the sample itself is never touched)."""
    shutil.copyfile(src, dst)
    with zipfile.ZipFile(src) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    for old, new in replace:
        assert xml.count(old) == 1, old
        xml = xml.replace(old, new)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return dst


PLAIN = SAMPLES / "positive" / "plain-2024.docx"
S5 = ("<w:t>（一）存在的主要问题。一是依申请公开答复的规范性仍需提升；二是政务公开工作人员业务能力有待加强。</w:t>",
      "<w:t>（二）改进情况。下一步将完善依申请公开办理流程，加强法制审核，定期组织业务培训，不断提升政府信息公开工作水平。</w:t>")
S6 = ("<w:t>（一）收取信息处理费情况。2024年度，本机关依据国办函〔2020〕109号收取信息处理费600元。</w:t>",
      "<w:t>（二）人大代表建议和政协提案办理结果公开情况。2024年度，共承办人大代表建议15件、政协提案12件，均已按期办结，办理结果已按规定公开。</w:t>")


def _peer_reports(tmp_path: Path) -> dict[str, Path]:
    """KIROGOVCOMPARE's failing section cases, each as a whole report (plain-2024 otherwise)."""
    out = {
        "sec5-wu": _rewrite(PLAIN, tmp_path / "sec5-wu.docx", [(S5[0], "<w:t>无</w:t>"), (S5[1], "<w:t></w:t>")]),
        "sec5-zanwu": _rewrite(PLAIN, tmp_path / "sec5-zanwu.docx",
                               [(S5[0], "<w:t>暂无问题</w:t>"), (S5[1], "<w:t></w:t>")]),
    }
    # section 六 says only 无 while table 二 prints 行政事业性收费 100 (the peer's fee conflict)
    with zipfile.ZipFile(PLAIN) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    at = xml.index("<w:t>行政事业性收费</w:t>")
    cell = re.search(r"<w:t>0</w:t>", xml[at:])
    fee_old = xml[at:at + cell.end()]
    out["sec6-wu-fee"] = _rewrite(PLAIN, tmp_path / "sec6-wu-fee.docx",
                                  [(S6[0], "<w:t>无</w:t>"), (S6[1], "<w:t></w:t>"),
                                   (fee_old, fee_old[:-len("<w:t>0</w:t>")] + "<w:t>100</w:t>")])
    return out


def test_peer_failing_cases_as_reports_are_all_reported(tmp_path: Path) -> None:
    reports = _peer_reports(tmp_path)
    res = runner.invoke(app, ["check", "--format", "json", "--quiet", *map(str, reports.values())])
    doc = json.loads(res.stdout)
    by_name = {Path(f["path"]).stem: [(x["code"], x["severity"]) for x in f["findings"]] for f in doc["files"]}
    assert ("C-001", "error") in by_name["sec5-wu"] and ("C-001", "error") in by_name["sec5-zanwu"]
    assert ("C-004", "warning") in by_name["sec6-wu-fee"]
    # one cause, one finding: the token answer is not also "no problems / no improvements"
    assert not [c for c, _ in by_name["sec5-wu"] + by_name["sec5-zanwu"] if c in ("C-002", "C-003")]
    assert res.exit_code == 1  # the section-五 errors fail the run
    fee = parse_file(reports["sec6-wu-fee"])
    assert fee.figures["active.fee.amount"].value.number == 100 and FEE_KEY not in fee.text_figures


def test_peer_passing_six_wu_without_fees_is_still_a_warning_here(tmp_path: Path) -> None:
    """The peer passes 六 “无” when table 二's 行政事业性收费 is 0. That fee is not the 信息处理费, and the
    template asks for the 信息处理费 statement either way: a warning, not an error."""
    path = _rewrite(PLAIN, tmp_path / "sec6-wu.docx", [(S6[0], "<w:t>无</w:t>"), (S6[1], "<w:t></w:t>")])
    res = runner.invoke(app, ["check", "--format", "json", "--quiet", "--select", "C", str(path)])
    [f] = json.loads(res.stdout)["files"]
    assert [(x["code"], x["severity"]) for x in f["findings"] if x["code"] != "C-003"] == [("C-004", "warning")]
    assert res.exit_code == 0


# --- real reports (shared/real, shared/seed; skipped where shared/ is not beside the checkout) --------

def _pingtan(path: Path, year: int) -> ParsedReport:
    """The page dump with its sections 一, 五, 六 (the prose between the elisions)."""
    from test_real_reports import real_report

    body = path.read_text(encoding="utf-8").split("正文 ====================", 1)[-1]
    parts: list[str] = []
    for chunk in re.split(r"(一、总体情况|五、存在的主要问题及改进情况|六、其他需要报告的事项)", body):
        parts += [p.strip() for p in re.split(r"\[\.\.\.[^\]]*\]", chunk) if p.strip()]
    parts = [p for p in parts if not p.startswith("二、主动公开")]  # the tables, digits run together
    return real_report([f"平潭综合实验区{year}年度政府信息公开工作年度报告", *parts], {}, year, path.name,
                       agency="平潭综合实验区")


def _real_reports(shared: Path) -> dict[str, ParsedReport]:
    import test_real_reports as T

    real = shared / "real"
    [seed] = sorted((shared / "seed").glob("*.txt"))
    ocr = [ln.lstrip("#").strip() for ln in (real / "shuyang-county-gov-2025-ocr.txt").read_text("utf-8").splitlines()
           if not ln.startswith("|")]
    out = {
        "huaian": T.read_real(real / "huaian-city-gov-2024.pdf"),  # the PDFs through the real reader
        "hongze": T.read_real(real / "hongze-district-gov-2024.pdf"),
        "seed": T.real_report(T.text_paragraphs(seed.read_text(encoding="utf-8").splitlines()), T.SEED, 2024,
                              seed.name, agency="淄博市司法局"),
        "shuyang": T.real_report(T.text_paragraphs(ocr), {}, 2025, "shuyang.txt", agency="沭阳县人民政府"),
    }
    for year in (2022, 2023, 2024, 2025):
        out[f"pingtan-{year}"] = _pingtan(real / f"pingtan_{year}_page.txt", year)
    return out


# what each real report states in section 六 (元)
REAL_FEES = {"huaian": 3940, "hongze": 0, "seed": 0, "shuyang": 380, "pingtan-2022": 0, "pingtan-2023": 0,
             "pingtan-2024": 0, "pingtan-2025": 0}


def test_real_reports_get_notes_at_most_and_their_fees_are_read(shared_dir: Path) -> None:
    reports = _real_reports(shared_dir)
    loud = {name: [(f.code, f.message()) for f in engine.evaluate(r, RULES, select=("C",)) if f.severity != "info"]
            for name, r in reports.items()}
    assert loud == {name: [] for name in reports}
    assert {name: processing_fee(r).value.number for name, r in reports.items()} == REAL_FEES


def test_real_signature_date_is_read_and_on_time(shared_dir: Path) -> None:
    r = _real_reports(shared_dir)["shuyang"]
    st = stated_date(r)
    assert (st.date, st.where, st.text) == (dt.date(2026, 1, 23), "signature", "2026年1月23日")
    assert codes(r, ("C-006",)) == []
    late = _real_reports(shared_dir)["shuyang"]
    late.agency = "沭阳县民政局"  # a department's report signed 23 January is on time too…
    assert codes(late, ("C-006",)) == []
    late.year = 2024  # …but not for the year before
    assert codes(late, ("C-006",)) == [("C-006", "warning")]


@pytest.mark.parametrize("date, late", [("二〇二五年二月二十日", True), ("2025年1月20日", False)])
def test_signed_report_as_a_whole_docx(tmp_path: Path, date: str, late: bool) -> None:
    """plain-2024 (临江市生态环境局, a department) with a signature: agency and date after section 六."""
    tail = S6[1][:-len("</w:t>")] + "</w:t></w:r></w:p><w:p><w:r><w:t>临江市生态环境局</w:t></w:r></w:p>" \
        + f"<w:p><w:r><w:t>{date}</w:t>"
    path = _rewrite(PLAIN, tmp_path / "signed.docx", [(S6[1], tail)])
    res = runner.invoke(app, ["check", "--format", "json", "--quiet", "--select", "C-006", str(path)])
    [f] = json.loads(res.stdout)["files"]
    assert [(x["code"], x["severity"], x["location"]["quote"]) for x in f["findings"]] == (
        [("C-006", "warning", date)] if late else [])
