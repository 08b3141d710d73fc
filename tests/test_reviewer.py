"""The reviewer's conventions (issue #13): the folder view, concise output and statistics, one status
vocabulary, --version/--exit-zero/--show-settings/completion, broken config files, --select B-001,
duplicates and the ambiguous previous year, and --lang en throughout."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinfo_check import __version__, catalogue
from govinfo_check.cli import app
from govinfo_check.models import FileResult, Finding, Location, ParsedReport
from govinfo_check.reporters import get
from govinfo_check.reporters.concise import concise_line
from govinfo_check.reporters.text import by_importance, short_message, statistics_view, strip_terms
from govinfo_check.summary import STATUS_LABELS, scalar

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PLAIN = SAMPLES / "positive" / "plain-2024.docx"
TYPO = SAMPLES / "negative" / "t3-typo-cell-2024.docx"
COMBO = SAMPLES / "negative" / "combo-split-invalid-fee-period-2024.docx"
YUNXI_2023 = SAMPLES / "positive" / "cross-year-yunxi-district-2023.docx"
YUNXI_2024 = SAMPLES / "positive" / "cross-year-yunxi-district-2024.docx"
LANLING_2023 = SAMPLES / "negative" / "cross-year-mismatch-lanling-county-2023.docx"
LANLING_2024 = SAMPLES / "negative" / "cross-year-mismatch-lanling-county-2024.docx"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def _json(*args: str) -> tuple[int, dict]:
    res = _run("check", "--format", "json", "-q", *args)
    return res.exit_code, json.loads(res.stdout)


# --- the folder view ------------------------------------------------------------------------------


def _totals(doc: dict) -> str:
    """The totals line the text view must end with, from the json of the same run."""
    st = Counter(f["status"] for f in doc["files"])
    sev = Counter(x["severity"] for f in doc["files"] for x in f["findings"])
    return (f"共 {len(doc['files'])} 个文件：{st['ok']} 个通过，{st['errors']} 个有错误，{st['warnings']} 个仅有警告，"
            f"{st['unreadable']} 个无法读取；错误 {sev['error']}，警告 {sev['warning']}，提示 {sev['info']}")


def test_folder_view_is_short_and_ends_with_the_totals(tmp_path):
    """Every sample (bad, negative, positive): a table row per report, at most two lines per report
    with problems, the totals last; paths relative to the folder given."""
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLES, folder)
    res = _run("check", "-j", "1", folder)
    assert res.exit_code == 1
    lines = res.stdout.rstrip("\n").splitlines()
    _, doc = _json("-j", "1", folder)
    n = len(doc["files"])
    assert n >= 46 and len(lines) <= 3 * n + 4
    assert lines[-1] == _totals(doc)
    assert not any(str(tmp_path) in ln for ln in lines)  # shortened relative to the folder
    block = [ln for ln in lines if ln.startswith("negative/t3-typo-cell-2024.docx（")]
    assert block == ["negative/t3-typo-cell-2024.docx（白沙市城市管理局 2024）：有错误 — ✗ B-001 "
                     "表三「三、本年度办理结果 / （四）无法提供 / 1.本机关不掌握相关政府信息」行「自然人」列："
                     "应为 34，实为 43（另有 2 处勾稽关系不符由此引起）"]
    # the typo is said once: its two failed relations are the count, not lines of their own
    assert not any("T3-002" in ln or "T3-003" in ln for ln in lines)
    combo = lines.index(next(ln for ln in lines if ln.startswith("negative/combo-split-invalid-fee-period-2024.docx（")))
    assert "✗ P-001" in lines[combo]  # wrong year before the bad cells
    assert lines[combo + 1].startswith("  … 另有 4 个问题：V-002、V-001×3")


def test_details_shows_every_finding_in_full(tmp_path):
    res = _run("check", "-j", "1", "--details", COMBO, TYPO)
    out = res.stdout
    assert out.count("✗ 错误 V-001") == 3 and "表三「三、本年度办理结果 / （一）予以公开」行「自然人」列" in out
    assert "另有 2 处勾稽关系不符由此引起：" in out and "· T3-002:" in out
    assert out.rstrip("\n").splitlines()[-1].startswith("共 2 个文件：0 个通过，2 个有错误")


def test_single_file_findings_by_importance_each_fact_once():
    res = _run("check", COMBO)
    codes = re.findall(r"^✗ 错误 (\S+)", res.stdout, flags=re.M)
    assert codes == ["P-001", "V-002", "V-001", "V-001", "V-001"]  # the year first, then cells in reading order
    typo = _run("check", TYPO).stdout
    assert typo.count("应为 34，实为 43") == 1 and "疑似" not in typo


# --- concise and statistics -------------------------------------------------------------------------


def test_concise_one_line_per_finding_like_ruff(tmp_path):
    res = _run("check", "--format", "concise", "--ignore", "C", SAMPLES / "negative")  # content notes aside
    lines = res.stdout.rstrip("\n").splitlines()
    assert res.exit_code == 1
    assert "t3-typo-cell-2024.docx:表三:三、本年度办理结果 / （四）无法提供 / 1.本机关不掌握相关政府信息:自然人: " \
           "B-001 错误 应为 34，实为 43（另有 2 处勾稽关系不符由此引起）" in lines
    assert "wrong-year-period-2023-2024.docx: P-001 错误 统计期限中的年份（2023）与标题中的报告年度 2024 不一致；" \
           "应为 2024，实为 2023" in lines
    assert "t4-total-wrong-2024.docx:表四::行政复议 / 总计: T4-001 错误 表四「行政复议」：各项之和为 3，总计填报 5；" \
           "应为 3，实为 5" in lines
    x1 = next(ln for ln in lines if "X-001" in ln)
    # the report's own path said once, the previous report's as short; the message cut, 应为/实为 kept
    assert x1.startswith("cross-year-mismatch-lanling-county-2024.docx:表三:二、上年结转政府信息公开申请数量:自然人: "
                         "X-001 错误 表三“二、上年结转政府信息公开申请数量”“自然人”列为 2，但上年报告 "
                         "cross-year-mismatch-lanling-county-2023.docx 的")
    assert x1.endswith("；应为 0，实为 2")
    _, doc = _json("--ignore", "C", SAMPLES / "negative")
    assert len(lines) == sum(len(f["findings"]) for f in doc["files"]) + 1 and lines[-1] == _totals(doc)


def test_concise_line_escapes_colons_in_labels():
    f = Finding(code="V-001", severity="warning", category="value", messages={"zh": "填报“1:2”", "en": "x"},
                location=Location(table="active", row_label="a:b", column_label="c"))
    assert concise_line("r.docx", f, "zh") == "r.docx:表二:a：b:c: V-001 警告 填报“1:2”"


def test_statistics_counts_per_code_most_frequent_first():
    res = _run("check", "--statistics", "--ignore", "C", SAMPLES / "negative")  # content notes aside
    lines = res.stdout.rstrip("\n").splitlines()
    assert res.exit_code == 1
    _, doc = _json("--ignore", "C", SAMPLES / "negative")
    counts = Counter(x["code"] for f in doc["files"] for x in f["findings"])
    assert [ln.split()[:2] for ln in lines[:-1]] == [[str(n), c] for c, n in sorted(counts.items(),
                                                                                   key=lambda kv: (-kv[1], kv[0]))]
    assert "6  V-001   错误  count-value" in lines and "1  FV-001  错误  superseded-format" in lines
    assert lines[-1] == f"共 {sum(counts.values())} 个问题"


def test_statistics_view_in_english():
    f = catalogue.make("F-005")
    text = statistics_view([FileResult("a.docx", None, [f]), FileResult("b.docx", None, [f])], "en")
    assert text == "2  F-005   error  empty-file\n2 findings\n"


# --- one finding, short -------------------------------------------------------------------------------


def test_strip_terms_takes_off_a_nested_list_of_terms_only():
    assert strip_terms("总计填报 148（（一）予以公开 48 + （二）部分公开 13）") == "总计填报 148"
    assert strip_terms("应使用 2021 年格式（国办公开办函〔2021〕30号）") == "应使用 2021 年格式（国办公开办函〔2021〕30号）"
    assert strip_terms("a (b + c)") == "a"
    assert strip_terms("") == ""


def test_short_message_drops_the_quoted_sentence():
    f = Finding(code="N-001", severity="error", category="narrative",
                messages={"zh": "正文所述结转 9 件与表格不符：表三为 7。原句：“结转下年度继续办理9件。”", "en": "x"})
    assert short_message(f, "zh") == "正文所述结转 9 件与表格不符：表三为 7"


def test_importance_puts_causes_before_symptoms():
    def f(code: str, cat: str, sev: str = "error", **args) -> Finding:
        return Finding(code=code, severity=sev, category=cat, messages={"zh": code}, args=args)  # type: ignore[arg-type]
    found = [f("N-001", "narrative"), f("T3-001", "arithmetic"), f("X-001", "cross_year"), f("V-001", "value"),
             f("B-001", "arithmetic", symptoms=[{"code": "T3-002"}]), f("S-001", "structure"),
             f("P-002", "period", "warning"), f("FV-001", "format_version"), f("F-001", "read")]
    assert [x.code for x in by_importance(found)] == ["F-001", "FV-001", "S-001", "B-001", "V-001", "T3-001",
                                                      "N-001", "X-001", "P-002"]


# --- one vocabulary ------------------------------------------------------------------------------------


def test_status_words_are_the_same_in_text_html_xlsx_json(tmp_path):
    import io

    import pandas as pd

    folder = tmp_path / "r"
    folder.mkdir()
    for p in (PLAIN, TYPO, SAMPLES / "bad" / "empty.docx"):
        shutil.copy(p, folder / p.name)
    words = ["无法读取", "通过", "有错误"]  # empty.docx, plain-2024.docx, t3-typo-cell-2024.docx
    text = _run("check", "-j", "1", folder).stdout
    assert [ln.split()[-1] for ln in text.splitlines()[1:4]] == words
    _, doc = _json("-j", "1", folder)
    assert [f["status_label"] for f in doc["files"]] == words
    html = _run("check", "-j", "1", "--format", "html", folder).stdout
    assert re.findall(r'<td class="status">([^<]+)</td>', html) == words
    out = tmp_path / "r.xlsx"
    _run("check", "-j", "1", "--format", "xlsx", "-o", out, folder)
    assert list(pd.read_excel(io.BytesIO(out.read_bytes()), sheet_name="汇总")["状态"]) == words
    assert set(STATUS_LABELS["zh"].values()) == {"通过", "有错误", "仅有警告", "无法读取"}
    assert "有提示" not in text and "未通过" not in text


def test_period_years_read_as_a_year_not_a_list():
    assert scalar([2023]) == 2023 and scalar([2023, 2024]) == "2023、2024" and scalar([{"a": 1}]) == '[{"a": 1}]'
    text = get("csv").render([FileResult("a.docx", ParsedReport("a.docx"), [
        Finding(code="P-001", severity="error", category="period", messages={"zh": "m"}, expected=2024,
                actual=[2023])])])
    assert ",2024,2023," in text and "[2023]" not in text


# --- conventions ------------------------------------------------------------------------------------


def test_version():
    res = _run("--version")
    assert res.exit_code == 0 and res.stdout == f"govinfo-check {__version__}\n"


def test_shell_completion_is_offered():
    assert "--install-completion" in _run("--help").stdout
    res = _run("--show-completion", "bash")
    assert res.exit_code == 0 and "complete -o default -F" in res.stdout


def test_help_names_placeholders_in_words_and_shows_examples():
    out = _run("check", "--help").stdout
    assert "PATH" in out and "<list[Path]>" not in out and "<" not in out.split("Options:")[0]
    assert "--glob PATTERN" in out and "-o, --output FILE" in out and "--select CODES" in out
    assert "govinfo-check check reports/ --format concise" in out


def test_exit_zero_keeps_usage_errors():
    assert _run("check", TYPO).exit_code == 1
    assert _run("check", "--exit-zero", TYPO).exit_code == 0
    assert _run("check", "--exit-zero", "--format", "yaml", TYPO).exit_code == 2


def test_show_settings_names_the_config_file_and_the_options(tmp_path, monkeypatch):
    (tmp_path / "govinfo-check.toml").write_text('select = ["T3"]\nlang = "en"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = _run("check", "--show-settings", "--fail-on", "warning", TYPO)
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0] == f"Config file: {tmp_path / 'govinfo-check.toml'}"
    assert "select = [T3]" in lines and "fail-on = warning" in lines and "lang = en" in lines


@pytest.mark.parametrize("name, text, line", [
    ("pyproject.toml", '[project]\nname = "x"\n[tool.govinfo-check]\nselect = [T3]\n', 4),
    ("govinfo-check.toml", 'lang = "zh"\nfail-on = \n', 2),
])
def test_a_broken_config_file_is_exit_2_naming_file_and_line(tmp_path, monkeypatch, name, text, line):
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = _run("check", TYPO)
    assert res.exit_code == 2
    assert res.stderr.startswith(f"govinfo-check: 配置文件 {tmp_path / name}:{line}:")
    assert "语法错误" in res.stderr and res.stdout == ""


def test_a_broken_pyproject_of_another_project_still_stops_the_run(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = _run("rules")
    assert res.exit_code == 2 and f"{tmp_path / 'pyproject.toml'}:1:" in res.stderr


@pytest.mark.parametrize("selector", ["B-001", "B", "b"])
def test_select_blame_runs_the_relations_it_is_derived_from(selector):
    code, doc = _json("--select", selector, TYPO)
    (f,) = doc["files"][0]["findings"]
    assert code == 1 and f["code"] == "B-001"
    assert (f["location"]["row_label"], f["location"]["column_label"]) == (
        "三、本年度办理结果 / （四）无法提供 / 1.本机关不掌握相关政府信息", "自然人")
    assert (f["expected"], f["actual"], f["related"]) == (34, 43, ["T3-002", "T3-003"])


def test_select_a_relation_alone_reports_it_without_blame():
    _, doc = _json("--select", "T3-003", TYPO)
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["T3-003"]


# --- duplicates and the previous year ---------------------------------------------------------------


def test_two_reports_of_one_agency_and_year_are_named(tmp_path):
    for name in ("a.docx", "b.docx"):
        shutil.copy(PLAIN, tmp_path / name)
    shutil.copy(TYPO, tmp_path / "c.docx")
    code, doc = _json("-j", "1", tmp_path)
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    for name in ("a.docx", "b.docx"):
        (d,) = [x for x in by_name[name]["findings"] if x["severity"] != "info"]
        assert (d["code"], d["severity"]) == ("D-001", "warning")
        assert d["message"] == "同一机关同一年度（临江市生态环境局 2024 年）的报告在本批中有 2 份：a.docx、b.docx"
    assert "D-001" not in [x["code"] for x in by_name["c.docx"]["findings"]]
    _, doc = _json("-j", "1", "--ignore", "D", tmp_path)
    assert [[x for x in f["findings"] if x["severity"] != "info"] for f in doc["files"]][:2] == [[], []]


def test_cross_year_never_picks_one_of_several_previous_years(tmp_path):
    shutil.copy(LANLING_2023, tmp_path / "2023-a.docx")
    shutil.copy(LANLING_2023, tmp_path / "2023-b.docx")
    shutil.copy(LANLING_2024, tmp_path / "2024.docx")
    _, doc = _json("-j", "1", tmp_path)
    now = next(f for f in doc["files"] if f["path"].endswith("2024.docx"))
    codes = [x["code"] for x in now["findings"]]
    assert "X-001" not in codes  # not compared with one picked silently
    d2 = next(x for x in now["findings"] if x["code"] == "D-002")
    assert d2["message"].startswith("上年（2023 年）同一机关有 2 份报告：2023-a.docx、2023-b.docx，无法确定与哪一份核对")
    # with the one previous report, the comparison runs and finds the mismatch
    (tmp_path / "2023-b.docx").unlink()
    _, doc = _json("-j", "1", tmp_path)
    now = next(f for f in doc["files"] if f["path"].endswith("2024.docx"))
    assert [x["code"] for x in now["findings"] if x["code"].startswith(("X", "D"))] == ["X-001", "X-001"]


# --- English throughout -------------------------------------------------------------------------------


def test_english_rules_table_and_explain_have_no_chinese_labels():
    out = _run("rules", "--lang", "en").stdout
    for line in out.splitlines():
        cells = [c.strip() for c in line.split("│") if c.strip()]
        if len(cells) >= 3 and re.match(r"^[A-Z]+-\d{3}$", cells[0]):
            assert not CJK.search(cells[1] + cells[2]), line  # severity and category
    assert "arithmetic" in out and "勾稽关系" not in out.split("source")[0]
    text = _run("explain", "--lang", "en", "B-001").stdout
    assert text.startswith("B-001 blamed-cell  [error · arithmetic]")
    zh = _run("explain", "B-001").stdout
    assert zh.startswith("B-001 blamed-cell  [错误 · 勾稽关系]")


def test_english_folder_view():
    res = _run("check", "--lang", "en", "-j", "1", TYPO, PLAIN)
    lines = res.stdout.rstrip("\n").splitlines()
    assert lines[0].split() == ["file", "agency", "year", "errors", "warnings", "status"]
    assert lines[-1].startswith("2 files: 1 passed, 1 with errors, 0 warnings only, 0 unreadable; 1 errors, 0 warnings, ")
    block = next(ln for ln in lines if "B-001" in ln)
    assert "expected 34, found 43 (2 more failed relations follow from it)" in block


def _cjk_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(bool(CJK.match(c)) for c in letters) / max(1, len(letters))


def test_every_code_is_described_in_both_languages():
    """rules/explain: the description and source of every code read in the language asked for (official
    form labels such as 本年新收 may stay as printed inside English text)."""
    from govinfo_check import engine
    from govinfo_check.summary import rule_text

    for info in engine.rule_infos(engine.load_rules([])):
        for lang, ok in (("en", lambda s: _cjk_share(s) < 0.4), ("zh", lambda s: _cjk_share(s) > 0.3)):
            source = rule_text(info.code, "source", lang, info.source)
            # a source may quote the Chinese law or template it cites; in English it is glossed
            assert ok(source) or (lang == "en" and len(re.findall(r"\b[a-z]{3,}\b", source)) >= 3), (info.code, source)
            if info.description:
                text = rule_text(info.code, "description", lang, info.description)
                assert ok(text), (info.code, lang, text)
                assert not re.search(r"[\u4e00-\u9fff，。；] [\u4e00-\u9fff“]", text), (info.code, text)  # folded lines


def test_quiet_leaves_only_the_report(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    shutil.copy(TYPO, folder / "a.docx")
    shutil.copy(PLAIN, folder / "b.docx")
    (folder / "readme.txt").write_text("x", encoding="utf-8")
    (folder / "~$a.docx").write_bytes(b"lock")
    loud = _run("check", "-j", "1", "--ignore", "C", "--annotate-dir", tmp_path / "ann", folder)
    assert "已略过 1 个非报告文件：readme.txt" in loud.stderr and "已生成批注副本" in loud.stderr
    quiet = _run("check", "-j", "1", "-q", "--ignore", "C", "--annotate-dir", tmp_path / "ann2", "-o", tmp_path / "o.txt", folder)
    assert quiet.stderr == "" and quiet.stdout == ""
    assert (tmp_path / "o.txt").read_text(encoding="utf-8").rstrip("\n").splitlines()[-1].startswith("共 2 个文件")
    assert [p.name for p in (tmp_path / "ann2").rglob("*.docx")] == ["a.docx"]


# --- laws of the folder view -------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_codes = st.sampled_from(["T3-001", "T3-002", "B-001", "V-001", "P-001", "N-002", "X-001", "S-001", "F-005"])
_cats = {"T3": "arithmetic", "B-": "arithmetic", "V-": "value", "P-": "period", "N-": "narrative",
         "X-": "cross_year", "S-": "structure", "F-": "read"}
_text = st.text(alphabet=st.sampled_from(list("表三行列总计应为实为（）()+:：\n “”0123456789ab ")), max_size=300)


@st.composite
def _finding(draw) -> Finding:
    code = draw(_codes)
    f = Finding(code=code, severity=draw(st.sampled_from(["error", "warning", "info"])),
                category=_cats[code[:2]], messages={"zh": draw(_text), "en": draw(_text)},  # type: ignore[arg-type]
                expected=draw(st.none() | st.integers(0, 999)), actual=draw(st.none() | st.integers(0, 999)),
                location=Location(table=draw(st.sampled_from([None, "active", "requests", "appeals"])),
                                  row_label=draw(st.none() | _text), column_label=draw(st.none() | _text)))
    if code == "B-001":
        f.blame = {"printed": 1, "implied": 2}
        f.args = {"symptoms": [{"code": "T3-002", "zh": "x"}] * draw(st.integers(0, 3))}
    return f


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(_finding(), max_size=6), min_size=2, max_size=6), st.sampled_from(["zh", "en"]))
def test_folder_view_law_three_lines_per_report_totals_last(batches, lang):
    results = [FileResult(f"r{i}.docx", ParsedReport(f"r{i}.docx", agency="某局", year=2024), fs)
               for i, fs in enumerate(batches)]
    lines = get("text").render(results, lang=lang).rstrip("\n").splitlines()
    assert len(lines) <= 3 * len(results) + 4  # a table row and two lines per report; header, blanks, totals
    assert lines[-1].startswith("共 " if lang == "zh" else f"{len(results)} files")
    concise = get("concise").render(results, lang=lang).rstrip("\n").splitlines()
    assert len(concise) == sum(len(fs) for fs in batches) + 1  # one line per finding, then the totals


@pytest.mark.parametrize("args, line", [
    (["check", "--foo", "x"], "错误：没有选项 --foo（是否想用 --format？）"),
    (["check"], "错误：缺少参数 PATH"),
    (["check", "-j", "x", "y"], "错误：'--jobs' / '-j' 的取值无效：应为整数"),
    (["chek"], "错误：没有命令 chek（是否想用 check？）"),
])
def test_the_parsers_usage_errors_are_chinese_by_default(args, line):
    res = _run(*args)
    assert res.exit_code == 2
    assert res.stderr.rstrip("\n").splitlines()[-1] == line
    assert "查看用法" in res.stderr and "Error:" not in res.stderr


def test_the_parsers_usage_errors_stay_english_with_lang_en():
    res = _run("check", "--lang", "en", "--foo", "x")
    assert res.exit_code == 2
    assert res.stderr.rstrip("\n").splitlines()[-1] == "Error: No such option: --foo (Possible options: --format)"


def test_duplicates_in_different_folders_are_told_apart(tmp_path):
    for d in ("2024-a", "2024-b"):
        (tmp_path / d).mkdir()
        shutil.copy(PLAIN, tmp_path / d / "report.docx")
    _, doc = _json("-j", "1", tmp_path)
    assert doc["files"][0]["findings"][0]["message"].endswith("有 2 份：2024-a/report.docx、2024-b/report.docx")


def test_select_blame_on_a_blank_total_says_blank_not_zero():
    res = _run("check", "--format", "concise", "--select", "B", SAMPLES / "negative" / "t3-blank-total-2024.docx")
    line = res.stdout.splitlines()[0]
    assert line.endswith(":总计: B-001 错误 应为 47，实为 空白（另有 2 处勾稽关系不符由此引起）")
