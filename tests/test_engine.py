"""The engine: loading and validating rule files, selection, severity, messages, blame, explain."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinfo_check import engine
from govinfo_check.pipeline import parse_file
from govinfo_check.engine import RuleFileError, evaluate, explain, load_rules, rule_infos
from govinfo_check.registry import Hit, check_kind
from rulecase import build_report

RULES = load_rules()

# A consistent, non-zero table 三 (natural persons only): 10 + 3 = 11 + 2; 11 = 1 + 10.
BASE = {
    "requests.new.natural": 10, "requests.new.total": 10,
    "requests.carried_in.natural": 3, "requests.carried_in.total": 3,
    "requests.granted.natural": 1, "requests.granted.total": 1,
    "requests.unavailable_not_held.natural": 10, "requests.unavailable_not_held.total": 10,
    "requests.handled_total.natural": 11, "requests.handled_total.total": 11,
    "requests.carried_forward.natural": 2, "requests.carried_forward.total": 2,
}


def _eval(fields: dict | None = None, **case) -> list:
    return evaluate(build_report({"fields": {**BASE, **(fields or {})}, **case}), RULES)


def _codes(findings: list) -> list[str]:
    return sorted(f.code for f in findings)


def _rule_file(tmp_path: Path, body: str, name: str = "local.yaml") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


RULE = """\
rules:
  - code: LOCAL-001
    name: local-rule
    severity: warning
    category: arithmetic
    source: 本地规则
    formats: [2021]
    message: {{zh: "本地：{{left}}", en: "local: {{left}}"}}
    check:
{check}
"""


# --------------------------------------------------------------------------- loading


def test_package_rule_sets_load_with_unique_codes() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    for code in ("T3-001", "T3-002", "T3-003", "T3-004", "T3-005", "T4-001", "V-001", "V-002", "V-003",
                 "S-001", "FV-001"):
        assert RULES.get(code) is not None, code
    assert not any(f.endswith("placeholder.yaml") for f in RULES.files)
    # foreach expanded: 7 columns, 25 rows, 3 groups
    assert len(RULES.get("T3-001").instances) == 7
    assert len(RULES.get("T3-003").instances) == 25
    assert len(RULES.get("T4-001").instances) == 3


def test_load_rules_is_cached() -> None:
    assert load_rules() is load_rules()


@pytest.mark.parametrize("body, line, reason", [
    ("rules:\n  - code: [unclosed\n", 3, "YAML syntax error"),
    (RULE.format(check="      kind: sum_equals\n      left: [requests.new.total]\n      right: [requests.new.natural]")
     + "    colour: red\n", 13, "unknown rule property 'colour'"),
    (RULE.format(check="      kind: no_such_kind"), 10, "unknown check kind 'no_such_kind'"),
    (RULE.format(check="      kind: sum_equals\n      left: [requests.new.total]\n      right: [requests.new.natural]"
                      "\n      tolerance: 1"), 13, "has no parameter 'tolerance'"),
    (RULE.format(check="      kind: sum_equals\n      left: [requests.new.totl]\n      right: [requests.new.natural]"),
     11, "unknown field key 'requests.new.totl'"),
    (RULE.replace("severity: warning", "severity: fatal").format(check="      kind: table_present\n      table: active"),
     4, "severity"),
    (RULE.replace("category: arithmetic", "category: maths").format(check="      kind: table_present\n      table: active"),
     5, "category"),
    (RULE.replace("code: LOCAL-001", "code: T3-001").format(check="      kind: table_present\n      table: active"),
     2, "duplicate code T3-001"),
    (RULE.replace("code: LOCAL-001", "code: F-001").format(check="      kind: table_present\n      table: active"),
     2, "already a catalogue code"),
    ("rules: []\nsettings: {}\n", 2, "unknown top-level property 'settings'"),
    ("rules:\n  - code: LOCAL-001\n    code: LOCAL-002\n", 3, "duplicate key 'code'"),
])
def test_bad_rule_file_names_file_line_and_reason(tmp_path: Path, body: str, line: int, reason: str) -> None:
    path = _rule_file(tmp_path, body)
    with pytest.raises(RuleFileError) as info:
        load_rules([path])
    err = info.value
    assert err.file == str(path)
    assert err.line == line, str(err)
    assert reason in err.reason
    assert str(err) == f"{path}:{line}: {err.reason}"


def test_unknown_key_after_foreach_expansion_names_the_binding(tmp_path: Path) -> None:
    body = RULE.format(check="      kind: sum_equals\n      left: [\"requests.new.{col}\"]\n"
                             "      right: [\"requests.carried_in.{col}\"]") + "    foreach: {col: [natural, alien]}\n"
    with pytest.raises(RuleFileError) as info:
        load_rules([_rule_file(tmp_path, body)])
    assert "col=alien" in info.value.reason and "requests.new.alien" in info.value.reason


def test_unknown_placeholder_is_reported(tmp_path: Path) -> None:
    body = RULE.format(check="      kind: sum_equals\n      left: [\"requests.new.{column}\"]\n"
                             "      right: [requests.new.total]")
    with pytest.raises(RuleFileError, match=r"unknown placeholder \{column\}"):
        load_rules([_rule_file(tmp_path, body)])


def test_bad_test_case_property_is_a_rule_file_error(tmp_path: Path) -> None:
    body = RULE.format(check="      kind: table_present\n      table: active") + \
        "    tests:\n      pass:\n        - feilds: {requests.new.total: 1}\n"
    with pytest.raises(RuleFileError, match="unknown property 'feilds'"):
        load_rules([_rule_file(tmp_path, body)])


def test_missing_user_file_is_a_rule_file_error(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="cannot read"):
        load_rules([tmp_path / "nope.yaml"])


# --------------------------------------------------------------------------- user rules: expr, compare


def test_user_expr_rule_evaluates_without_eval(tmp_path: Path) -> None:
    body = RULE.format(check="      kind: expr\n      expr: requests.granted.total <= requests.new.total"
                             " + requests.carried_in.total")
    rules = load_rules([_rule_file(tmp_path, body)])
    ok = build_report({"fields": BASE})
    assert [f for f in evaluate(ok, rules, select=["L"])] == []
    bad = build_report({"fields": {**BASE, "requests.granted.total": 20}})
    found = evaluate(bad, rules, select=["L"])
    assert _codes(found) == ["LOCAL-001"]
    assert found[0].severity == "warning"
    assert set(found[0].fields) == {"requests.granted.total", "requests.new.total", "requests.carried_in.total"}
    # an absent operand: not evaluated, not reported
    absent = build_report({"fields": {**BASE, "requests.granted.total": 20}, "absent": ["requests.new.total"]})
    assert evaluate(absent, rules, select=["L"]) == []


@pytest.mark.parametrize("expr, reason", [
    ("requests.new.total >", "syntax error"),
    ("requests.new.totl > 0", "unknown field key 'requests.new.totl'"),
])
def test_bad_expr_is_a_rule_file_error(tmp_path: Path, expr: str, reason: str) -> None:
    body = RULE.format(check=f"      kind: expr\n      expr: \"{expr}\"")
    with pytest.raises(RuleFileError, match=reason):
        load_rules([_rule_file(tmp_path, body)])


def test_expr_names_only_fields(tmp_path: Path) -> None:
    body = RULE.format(check="      kind: expr\n      expr: \"int.__class__ == 0\"")
    with pytest.raises(RuleFileError, match="unknown field key 'int.__class__'"):
        load_rules([_rule_file(tmp_path, body)])


def test_expr_error_at_evaluation_is_a_finding(tmp_path: Path) -> None:
    body = RULE.format(check="      kind: expr\n      expr: requests.new.total / requests.carried_in.total > 1")
    rules = load_rules([_rule_file(tmp_path, body)])
    found = evaluate(build_report({}), rules, select=["L"])
    assert _codes(found) == ["LOCAL-001"]
    assert "无法计算" in found[0].args["problem"]["zh"]
    assert evaluate(build_report({"fields": BASE}), rules, select=["L"]) == []  # 10 / 3 > 1


def test_compare_kind(tmp_path: Path) -> None:
    body = RULE.format(check="      kind: compare\n      left: [requests.granted.total]\n      op: \"<=\"\n"
                             "      right: [requests.handled_total.total]")
    rules = load_rules([_rule_file(tmp_path, body)])
    assert evaluate(build_report({"fields": BASE}), rules, select=["L"]) == []
    found = evaluate(build_report({"fields": {**BASE, "requests.granted.total": 12}}), rules, select=["L"])
    assert _codes(found) == ["LOCAL-001"] and found[0].actual == 12


# --------------------------------------------------------------------------- evaluation


def test_consistent_report_has_no_findings() -> None:
    assert _eval() == []
    assert evaluate(build_report({"format_version": "hybrid"}), RULES) == []
    assert evaluate(build_report({"format_version": "2019", "year": 2020}), RULES) == []


def test_rules_apply_by_format_version() -> None:
    # the 21-item outcome total needs （六）1–3: in a hybrid report only the one-row rule runs
    case = {"format_version": "hybrid", "extras": {"requests.other_total.legal": 1}}
    assert _codes(evaluate(build_report(case), RULES, blame=False)) == ["T3-004", "T3-005"]
    assert _codes(evaluate(build_report({**case, "format_version": "2021"}), RULES, blame=False)) == []


def test_missing_table_is_reported_and_its_relations_not_evaluated() -> None:
    found = _eval(missing_tables=["requests"])
    assert _codes(found) == ["S-001"]
    assert found[0].location.table == "requests"
    assert "未找到" in found[0].messages["zh"]
    pic = _eval(picture_tables=["appeals"])
    assert _codes(pic) == ["S-001"] and "图片" in pic[0].messages["zh"]


def test_superseded_format() -> None:
    found = evaluate(build_report({"format_version": "2019", "year": 2022}), RULES)
    assert _codes(found) == ["FV-001"]
    assert "2022" in found[0].messages["zh"]


def test_message_names_table_row_column_expected_actual_and_operands() -> None:
    found = _eval({"requests.carried_forward.natural": 1, "requests.carried_forward.total": 1}, )
    # carried_forward breaks the balance in two columns: no single cell explains both → symptoms
    t31 = [f for f in found if f.code == "T3-001"]
    natural = next(f for f in t31 if "requests.carried_forward.natural" in f.fields)
    zh = natural.messages["zh"]
    assert "表三" in zh and "（七）总计" in zh and "自然人" in zh
    assert "一+二=13" in zh and "（七）+四=12" in zh
    assert "一、本年新收 10 + 二、上年结转 3 ≠ （七）总计 11 + 四、结转下年度 1" in zh
    assert "column “自然人”" in natural.messages["en"] and "new 10 + carried in 3" in natural.messages["en"]
    assert (natural.expected, natural.actual) == (13, 12)
    assert natural.location.table_title == "表三 收到和处理政府信息公开申请情况"
    assert natural.location.column_label.endswith("自然人")
    assert {o.key: o.weight for o in natural.operands}["requests.handled_total.natural"] == -1
    assert natural.name == "requests-column-balance" and natural.source.startswith("表三")


def test_invalid_cell_named_with_raw_text_and_not_used_in_arithmetic() -> None:
    found = _eval({"requests.granted.natural": "1O"})
    assert _codes(found) == ["V-001"]
    assert "1O" in found[0].messages["zh"] and "（一）予以公开" in found[0].messages["zh"]
    assert "不是数字" in found[0].messages["zh"]


# --------------------------------------------------------------------------- selection and severity


@pytest.mark.parametrize("select, ignore, expected", [
    ((), (), True),
    (("T3",), (), True),
    (("T4",), (), False),
    ((), ("T3",), False),
    (("T3-001",), ("T3",), True),   # the more specific wins
    (("T3",), ("T3-001",), False),
    (("ALL",), ("T3-00",), False),
    (("requests-column-balance",), (), True),  # by name
])
def test_is_selected(select: tuple, ignore: tuple, expected: bool) -> None:
    assert engine.is_selected("T3-001", select, ignore, "requests-column-balance") is expected


def test_select_ignore_and_severity_overrides_in_evaluate() -> None:
    fields = {"requests.granted.natural": "1O", "appeals.review.upheld": 1}
    assert _codes(evaluate(build_report({"fields": fields}), RULES, select=["V"])) == ["V-001"]
    assert _codes(evaluate(build_report({"fields": fields}), RULES, ignore=["V", "B"])) == ["T4-001"]
    found = evaluate(build_report({"fields": fields}), RULES, severity_overrides={"V": "info", "V-001": "warning"})
    assert {f.code: f.severity for f in found}["V-001"] == "warning"
    with pytest.raises(ValueError, match="severity override"):
        evaluate(build_report({}), RULES, severity_overrides={"V": "fatal"})


# --------------------------------------------------------------------------- blame


def test_one_wrong_cell_is_blamed_once() -> None:
    found = _eval({"requests.unavailable_not_held.natural": 12})
    assert _codes(found) == ["B-001"]
    b = found[0]
    assert b.blame["key"] == "requests.unavailable_not_held.natural"
    assert (b.blame["printed"], b.blame["implied"]) == (12, 10)
    assert b.blame["location"]["column_label"].endswith("自然人")
    assert sorted(b.related) == ["T3-002", "T3-003"]
    assert [s["code"] for s in b.args["symptoms"]] == b.related
    assert "最可能的错误" in b.messages["zh"] and "填报 12，按合计应为 10" in b.messages["zh"]
    assert "本机关不掌握相关政府信息" in b.messages["zh"]


def test_wrong_total_cell_explains_three_relations() -> None:
    found = _eval({"requests.handled_total.natural": 12})
    assert _codes(found) == ["B-001"]
    assert found[0].blame["implied"] == 11
    assert sorted(found[0].related) == ["T3-001", "T3-002", "T3-003"]


def test_two_independent_wrong_cells_are_both_blamed() -> None:
    # business: 1 new, 1 carried forward is right; 2 is printed
    business = {"requests.new.business": 1, "requests.new.total": 11,
                "requests.carried_forward.business": 2, "requests.carried_forward.total": 3}
    found = _eval({"requests.unavailable_not_held.natural": 12, **business})
    assert _codes(found) == ["B-001", "B-001"]
    assert {f.blame["key"]: f.blame["implied"] for f in found} == {
        "requests.unavailable_not_held.natural": 10, "requests.carried_forward.business": 1}


def test_blamed_cell_beside_an_unexplained_symptom() -> None:
    found = _eval({"requests.unavailable_not_held.natural": 12, "appeals.review.upheld": 2,
                   "appeals.review.total": 1})
    assert _codes(found) == ["B-001", "T4-001"]


def test_no_single_cell_explains_it_reports_symptoms() -> None:
    # table 四: any of the five cells could be the wrong one
    found = _eval({"appeals.review.upheld": 2, "appeals.review.total": 1})
    assert _codes(found) == ["T4-001"]
    # two cells wrong in the same row and column in opposite ways: nothing consistent
    found = _eval({"requests.granted.natural": 3, "requests.unavailable_not_held.natural": 9})
    assert "B-001" not in _codes(found) and "T3-002" in _codes(found)


def test_blame_can_be_switched_off() -> None:
    found = _eval({"requests.unavailable_not_held.natural": 12}, )
    assert _codes(found) == ["B-001"]
    found = evaluate(build_report({"fields": {**BASE, "requests.unavailable_not_held.natural": 12}}), RULES,
                     ignore=["B-001"])
    assert _codes(found) == ["T3-002", "T3-003"]


def test_blank_total_absorbs_its_arithmetic_symptoms() -> None:
    found = _eval({"requests.handled_total.natural": "\u3000"})
    assert _codes(found) == ["V-004"]
    assert sorted(found[0].related) == ["T3-001", "T3-002", "T3-003"]
    assert "空白" in found[0].messages["zh"]


# --------------------------------------------------------------------------- scope, failures


def test_scope_selects_file_or_cross_year_rules() -> None:
    cross = {r.code for r in RULES if r.scope == "cross_year"}
    assert cross, "the packaged rules include cross-year rules"
    this = build_report({"fields": {"requests.carried_in.natural": 5, "requests.carried_in.total": 5,
                                    "requests.carried_forward.natural": 5, "requests.carried_forward.total": 5}})
    last = build_report({"year": 2023})
    file_only = evaluate(this, RULES, previous=last, scope="file")
    assert not {f.code for f in file_only} & cross
    both = evaluate(this, RULES, previous=last, scope="cross_year")
    assert {f.code for f in both} and {f.code for f in both} <= cross
    assert evaluate(this, RULES, scope="cross_year") == []  # nothing to compare with
    with pytest.raises(ValueError, match="scope"):
        evaluate(this, RULES, scope="everything")


@check_kind("test_always_breaks", params=())
def _broken_kind(ctx, params):  # a deliberately broken plug-in kind
    raise RuntimeError("boom")
    yield Hit()  # pragma: no cover


def test_a_broken_rule_becomes_a_finding_not_a_crash(tmp_path: Path) -> None:
    engine._all_kinds.cache_clear()
    body = RULE.format(check="      kind: test_always_breaks")
    rules = load_rules([_rule_file(tmp_path, body)])
    found = evaluate(build_report({"fields": {"appeals.review.total": 1}}), rules)
    assert "R-001" in _codes(found) and "T4-001" in _codes(found)
    r = next(f for f in found if f.code == "R-001")
    assert "LOCAL-001" in r.messages["zh"] and "boom" in r.messages["zh"]


# --------------------------------------------------------------------------- infos, explain


def test_rule_infos_include_rules_and_catalogue() -> None:
    infos = {i.code: i for i in rule_infos(RULES)}
    assert infos["T3-001"].origin == "rule" and infos["T3-001"].formats
    assert infos["F-001"].origin == "catalogue" and infos["B-001"].category == "arithmetic"
    assert infos["T3-001"].description and infos["T3-001"].source


def test_explain_shows_description_formula_and_examples() -> None:
    text = explain("T3-001", RULES)
    assert "requests-column-balance" in text and "勾稽关系" in text
    assert "requests.new.{col}" in text and "natural" in text
    assert "通过示例" in text and "无问题" in text
    assert "不通过示例" in text and "[T3-001]" in text
    en = explain("T3-001", RULES, lang="en")
    assert "Passing example" in en and "no finding" in en
    assert "B-001" in explain("B-001", RULES)
    with pytest.raises(KeyError, match="ZZ-999"):
        explain("ZZ-999", RULES)


# --------------------------------------------------------------------------- the case builder


def test_case_builder_defaults_and_layouts() -> None:
    r = build_report({})
    assert r.format_version == "2021" and r.year == 2024
    assert set(r.tables) == {"active", "requests", "appeals"}
    assert r.figures["requests.new.total"].value.kind == "number"
    h = build_report({"format_version": "hybrid", "fields": {"requests.new.natural": "\u3000"}})
    assert "requests.other_unpaid.natural" not in h.figures
    assert "requests.other_total.natural" in h.extras
    assert h.figures["requests.new.natural"].value.kind == "blank"
    with pytest.raises(ValueError, match="unknown"):
        build_report({"fields": {"requests.nope.natural": 1}})


# --------------------------------------------------------------------------- generated sample reports

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
OWN = ["T", "V", "S-0", "FV", "B"]  # this module's rule sets (text.yaml has its own tests)


@pytest.mark.parametrize("name, expected", [
    ("positive/plain-2024.docx", []),
    ("positive/hybrid-2023.docx", []),
    ("negative/t3-typo-cell-2024.docx", ["B-001"]),
    ("negative/t3-blank-total-2024.docx", ["V-003"]),
    ("negative/format2019-for-2022.docx", ["FV-001"]),
])
def test_sample_reports(name: str, expected: list[str]) -> None:
    path = SAMPLES / name
    assert path.is_file(), f"{path} missing: run tools/make_samples.py"
    found = evaluate(parse_file(path), RULES, select=OWN)
    assert _codes(found) == expected, [f.message("zh") for f in found]
    if name.endswith("t3-typo-cell-2024.docx"):
        assert (found[0].blame["printed"], found[0].blame["implied"]) == (43, 34)


def test_weighted_sum_reads_operands_like_numbers() -> None:
    from decimal import Decimal

    from govinfo_check.checks import generic
    from govinfo_check.models import Figure, Value

    report = build_report({"fields": BASE})
    terms = (("requests.new.natural", 1), ("requests.carried_in.natural", -2), ("requests.new.total", 3))
    values = generic._numbers(report, terms)
    assert generic._weighted_sum(report, terms) == sum((w * v for (_, w), v in zip(terms, values)), Decimal(0))
    report.figures["requests.carried_in.natural"] = Figure("requests.carried_in.natural",
                                                           Value("blank", None, ""), None)
    assert generic._weighted_sum(report, terms) == Decimal(40)  # blank reads as 0
    report.figures["requests.new.total"] = Figure("requests.new.total", Value("invalid", None, "1O"), None)
    assert generic._weighted_sum(report, terms) is None and generic._numbers(report, terms) is None
    del report.figures["requests.new.total"]
    assert generic._weighted_sum(report, terms) is None and generic._numbers(report, terms) is None


def test_package_rule_files_read_the_same_with_libyaml() -> None:
    """The package's rule files are read with libyaml when available: it must give the same
    values, types and line numbers as the pure-Python loader whose lines the messages cite."""
    if engine._FastLoader is None:
        pytest.skip("PyYAML without libyaml")
    import yaml

    def same(a, b, where: str) -> None:
        assert type(a) is type(b), where
        assert getattr(a, "line", None) == getattr(b, "line", None), where
        assert getattr(a, "key_lines", None) == getattr(b, "key_lines", None), where
        if isinstance(a, dict):
            assert list(a) == list(b), where
            for k in a:
                same(a[k], b[k], f"{where}.{k}")
        elif isinstance(a, list):
            assert len(a) == len(b), where
            for i, (x, y) in enumerate(zip(a, b)):
                same(x, y, f"{where}[{i}]")
        else:
            assert a == b, where

    for file, text in engine._package_files():
        same(yaml.load(text, Loader=engine._Loader), yaml.load(text, Loader=engine._FastLoader), file)  # noqa: S506
