"""The history store (src/govinfo_check/history/): round trip of every field, cross-year findings
from the store alone, versions, concurrent writers, damaged stores, export = extract, import.

The cross-year pairs are the bundled samples (samples/positive/cross-year-yunxi-district-2023/2024,
samples/negative/cross-year-mismatch-lanling-county-2023/2024: 2024's 上年结转 自然人 2 / 总计 3
against 2023's 结转下年度继续办理 0 / 1)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govinfo_check import catalogue
from govinfo_check.cli import app
from govinfo_check.fields import canonical_keys
from govinfo_check.history import records
from govinfo_check.history.store import SCHEMA_VERSION, Database, HistoryError
from govinfo_check.models import Figure, FileResult, Location, Operand, Value
from govinfo_check.runner import BatchSpec, add_cross_year, load_rules, parse_one
from test_narrative import make_report
from test_real_reports import PINGTAN_2022, PINGTAN_2023

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
LANLING_2023 = SAMPLES / "negative" / "cross-year-mismatch-lanling-county-2023.docx"
LANLING_2024 = SAMPLES / "negative" / "cross-year-mismatch-lanling-county-2024.docx"
YUNXI_2023 = SAMPLES / "positive" / "cross-year-yunxi-district-2023.docx"
YUNXI_2024 = SAMPLES / "positive" / "cross-year-yunxi-district-2024.docx"
BLANKS = SAMPLES / "positive" / "zeros-as-dashes-and-blanks-2024.docx"
INVALID = SAMPLES / "negative" / "invalid-cells-2024.docx"
FEE = SAMPLES / "negative" / "fee-three-decimals-2024.docx"
HYBRID = SAMPLES / "positive" / "hybrid-2023.docx"  # has format-specific extras
PICTURE = SAMPLES / "negative" / "t3-as-picture-2024.docx"  # table 3 missing: its keys are null

runner = CliRunner()


def cli(*args: Any) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def store_with(path: Path, *reports: Any, origin: str = "add") -> list[int]:
    """Store ParsedReports (or sample paths) directly; returns their ids."""
    ids = []
    with Database(path, create=True) as db:
        for item in reports:
            result = parse_one(str(item)) if isinstance(item, Path) else FileResult(item.path, item)
            # a report of a real file is hashed from the file; a made-up one from its path
            digest = None if Path(result.path).is_file() else hashlib.sha256(result.path.encode()).hexdigest()
            rec = records.from_result(result, origin, sha256=digest)
            assert rec is not None
            ids.append(db.write(lambda conn: records.save(conn, rec))[0])
    return ids


def load_all(path: Path, where: str = "", params: tuple = ()) -> list[records.StoredReport]:
    with Database(path) as db:
        return db.read(lambda conn: records.query(conn, where, params, figures=True, order="r.id"))


def check_json(*args: Any) -> tuple[int, dict[str, Any], str]:
    res = cli("check", "--format", "json", *args)
    return res.exit_code, json.loads(res.stdout), res.stderr


def codes(doc: dict[str, Any], path: Path) -> list[str]:
    """The cross-year codes of one file's findings (other families are other tests' business)."""
    [f] = [f for f in doc["files"] if Path(f["path"]).resolve() == path.resolve()]
    return [x["code"] for x in f["findings"] if x["code"].startswith("X-")]


# --- round trip ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", [BLANKS, INVALID, FEE, HYBRID, PICTURE, LANLING_2023])
def test_every_field_survives_the_store(tmp_path: Path, sample: Path) -> None:
    parsed = parse_one(str(sample)).report
    assert parsed is not None
    # a problem with operands and a location, as the locator raises them
    problem = catalogue.make("L-001", location=Location(table="requests", row_label="一、本年新收", table_index=3),
                             fields=["requests.new.total"], table="表三", row_label="一、本年新收")
    problem.operands = [Operand("requests.new.total", 5, "5", False, 1, Location(table="requests", row=2, col=3))]
    parsed.problems.append(problem)
    [rid] = store_with(tmp_path / "h.sqlite3", _as_result_report(sample, parsed))
    [back] = load_all(tmp_path / "h.sqlite3")

    assert back.id == rid and back.latest and back.versions == 1
    assert (back.agency, back.year, back.format_version, back.title) == \
        (parsed.agency, parsed.year, parsed.format_version, parsed.title)
    assert back.agency_norm == records.agency_key(parsed.agency)
    assert back.path == str(sample.resolve())
    assert back.sha256 == hashlib.sha256(sample.read_bytes()).hexdigest() == back.fingerprint
    assert back.reader == "docx" and back.origin == "add"
    assert len(back.added_at) == 20 and back.added_at.endswith("Z")
    assert back.figures == parsed.figures  # kind, exact number, raw, unit, reason, source cell
    assert back.extras == parsed.extras
    assert back.text_figures == parsed.text_figures
    assert back.problem_count == 1
    assert [p.to_dict(lang) for p in back.to_report().problems for lang in ("zh", "en")] == \
        [p.to_dict(lang) for p in parsed.problems for lang in ("zh", "en")]


def _as_result_report(sample: Path, parsed: Any) -> Any:
    parsed.path = str(sample)
    return parsed


def test_every_canonical_key_is_a_row_and_a_missing_one_is_null(tmp_path: Path) -> None:
    parsed = parse_one(str(PICTURE)).report
    assert parsed is not None
    missing = [k for k in canonical_keys() if k not in parsed.figures]
    assert missing  # table 3 is a picture: its keys were not found
    store_with(tmp_path / "h.sqlite3", PICTURE)
    conn = sqlite3.connect(tmp_path / "h.sqlite3")
    rows = dict(conn.execute("SELECT key, value FROM figures WHERE extra = 0").fetchall())
    assert set(rows) == set(canonical_keys())
    assert all(rows[k] is None for k in missing)
    assert rows["active.fee.amount"] == str(parsed.figures["active.fee.amount"].value.number)


@settings(max_examples=25, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=0, max_value=10**12),
       st.sampled_from(["number", "blank", "invalid"]))
def test_any_value_round_trips_exactly(tmp_path_factory: Any, number: Decimal, kind: str) -> None:
    path = tmp_path_factory.mktemp("rt") / "h.sqlite3"
    report = make_report({}, path="x.docx", agency="某县人民政府", year=2023)
    value = Value(kind, None if kind == "invalid" else number, f"{number}元", unit="元",
                  reason="not_a_number" if kind == "invalid" else "")
    report.figures["active.fee.amount"] = Figure("active.fee.amount", value, None)
    store_with(path, report)
    [back] = load_all(path)
    assert back.figures["active.fee.amount"] == report.figures["active.fee.amount"]


# --- cross-year from the store alone ------------------------------------------------------------


def test_x001_from_history_alone_names_the_stored_report(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    assert cli("history", "add", "--history", store, "-j", "1", LANLING_2023).exit_code == 0
    [stored] = load_all(store)

    code, doc, err = check_json("--history", store, LANLING_2024)
    assert code == 1
    [f] = [f for f in doc["files"]]
    x = [x for x in f["findings"] if x["code"] == "X-001"]
    assert [(x_["location"]["column_label"], x_["expected"], x_["actual"]) for x_ in x] == [("自然人", 0, 2), ("总计", 1, 3)]
    first = x[0]
    assert first["args"]["previous_path"] == str(LANLING_2023.resolve())
    assert first["args"]["previous_history_id"] == stored.id
    assert first["args"]["previous_stored_at"] == stored.added_at
    assert f"历史记录 #{stored.id}，{records.local_time(stored.added_at)} 存入" in first["message"]
    assert str(LANLING_2023.resolve()) in first["message"]
    assert "1 份报告与历史记录中的上年报告比对" in err

    en = cli("check", "--format", "json", "--lang", "en", "--history", store, LANLING_2024)
    msg = json.loads(en.stdout)["files"][0]["findings"][0]["message"]
    assert f"(history #{stored.id}, stored {records.local_time(stored.added_at)})" in msg


def test_without_the_store_there_is_no_x001(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    assert cli("history", "add", "--history", store, "-j", "1", LANLING_2023).exit_code == 0
    code, doc, _ = check_json("--history", store, "--no-history", LANLING_2024)
    assert code == 0 and codes(doc, LANLING_2024) == []
    # the default store (GOVINFO_CHECK_HISTORY, see conftest) does not exist: nothing consulted or created
    code, doc, _ = check_json(LANLING_2024)
    assert code == 0 and codes(doc, LANLING_2024) == []


def test_default_store_is_neither_created_nor_needed(_history_store_in_tmp: Path) -> None:
    code, doc, err = check_json(YUNXI_2024)
    assert code == 0 and err == ""
    assert not _history_store_in_tmp.exists()


def test_default_store_is_consulted_once_it_exists(_history_store_in_tmp: Path) -> None:
    assert cli("history", "add", "-j", "1", LANLING_2023).exit_code == 0
    assert _history_store_in_tmp.is_file()
    code, doc, _ = check_json(LANLING_2024)
    assert code == 1 and codes(doc, LANLING_2024) == ["X-001", "X-001"]


def test_matching_pair_from_history_is_clean(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    assert cli("history", "add", "--history", store, "-j", "1", YUNXI_2023).exit_code == 0
    code, doc, err = check_json("--history", store, YUNXI_2024)
    assert code == 0 and codes(doc, YUNXI_2024) == []
    assert "1 份报告与历史记录中的上年报告比对" in err  # it was compared, and it agrees


def test_the_batch_own_earlier_report_wins_over_the_store(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    # a stored 2023 "version" of the same agency that agrees with 2024
    stale = make_report({"requests.carried_forward.natural": 2, "requests.carried_forward.total": 3},
                        path=str(tmp_path / "draft-2023.docx"), agency="兰陵县市场监督管理局", year=2023)
    store_with(store, stale)
    code, doc, _ = check_json("--history", store, LANLING_2023, LANLING_2024)
    assert codes(doc, LANLING_2024) == ["X-001", "X-001"]
    f = [f for f in doc["files"] if f["path"].endswith("2024.docx")][0]
    assert all(x["args"]["previous_path"] == str(LANLING_2023) and x["args"]["previous_from"] == {"zh": "", "en": ""}
               for x in f["findings"] if x["code"].startswith("X-"))


def _x_findings(store: Path, report: Any) -> list[Any]:
    """Cross-year findings for one in-memory report against the store (the check command's path)."""
    from govinfo_check.history import Where
    from govinfo_check.history.consult import CheckHistory

    results = [FileResult(report.path, report)]
    spec = BatchSpec()
    hist = CheckHistory.start(Where(store, explicit=True), record=False)
    add_cross_year(results, load_rules(), spec, history=hist)
    return results[0].findings


def test_x002_from_history_alone(tmp_path: Path) -> None:
    """平潭综合实验区, real figures (shared/real/pingtan_2022/2023_page.txt, as test_real_reports enters
    them): 2022's 698 in force + 77 issued − 132 repealed = 643, but 2023 prints 470."""
    store = tmp_path / "h.sqlite3"
    store_with(store, make_report(PINGTAN_2022, path="/reports/pingtan_2022.docx", agency="平潭综合实验区管委会",
                                  year=2022))
    now = make_report(PINGTAN_2023, path="pingtan_2023.docx", agency="平潭综合实验区（管委会）", year=2023,
                      format_version="2021")
    found = [f for f in _x_findings(store, now) if f.code.startswith("X")]
    assert [(f.code, f.severity, f.expected, f.actual) for f in found] == [("X-002", "warning", 643, 470)]
    x = found[0]
    assert x.args["previous_path"] == "/reports/pingtan_2022.docx" and x.args["previous_history_id"] == 1
    assert "/reports/pingtan_2022.docx（历史记录 #1，" in x.message("zh")
    assert "(history #1, stored " in x.message("en")


def test_several_versions_latest_used_and_said(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    draft = make_report({"requests.carried_forward.total": 9}, path="/r/draft.docx", agency="某县人民政府", year=2023)
    final = make_report({"requests.carried_forward.total": 4}, path="/r/final.docx", agency="某县人民政府办公室",
                        year=2023)
    ids = store_with(store, draft, final)
    recs = load_all(store)
    assert [(r.id, r.versions, r.latest) for r in recs] == [(ids[0], 2, False), (ids[1], 2, True)]

    now = make_report({"requests.carried_in.total": 5}, path="2024.docx", agency="某县政府", year=2024,
                      format_version="2021")
    [x] = [f for f in _x_findings(store, now) if f.code == "X-001"]
    assert (x.expected, x.actual, x.args["previous_path"]) == (4, 5, "/r/final.docx")
    assert x.args["previous_history_id"] == ids[1] and x.args["previous_versions"] == 2
    assert "共 2 个版本，用的是最新存入的一个" in x.message("zh")

    listing = cli("history", "list", "--history", store, "--year", "2023")
    assert listing.exit_code == 0
    [old_line] = [ln for ln in listing.stdout.splitlines() if "draft.docx" in ln]
    [new_line] = [ln for ln in listing.stdout.splitlines() if "final.docx" in ln]
    assert "✓" in new_line and "✓" not in old_line


def test_the_same_file_added_twice_is_one_version(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    cli("history", "add", "--history", store, "-j", "1", LANLING_2023)
    first = load_all(store)
    res = cli("history", "add", "--history", store, "-j", "1", LANLING_2023)
    assert res.exit_code == 0 and "新存入 0 份，更新 1 份" in res.stderr
    again = load_all(store)
    assert [(r.id, r.added_at, r.versions) for r in again] == [(first[0].id, first[0].added_at, 1)]


def test_a_similar_name_is_said_not_guessed(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    store_with(store, make_report({"requests.carried_forward.total": 9}, path="/r/a.docx",
                                  agency="十堰市郧西县人民政府", year=2023))
    now = make_report({"requests.carried_in.total": 5}, path="2024.docx", agency="郧西县人民政府", year=2024,
                      format_version="2021")
    found = [f for f in _x_findings(store, now) if f.code.startswith("X")]
    assert [f.code for f in found] == ["X-003"]
    assert found[0].severity == "info" and found[0].args["candidate_ids"] == [1]
    assert "十堰市郧西县人民政府 (#1 /r/a.docx)" in found[0].message("zh")


# --- check --record and the config --------------------------------------------------------------


def test_check_record_stores_what_it_checked(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    res = cli("check", "--history", store, "--record", LANLING_2023, SAMPLES / "bad" / "empty.docx")
    assert res.exit_code == 1  # the unreadable file is an error finding
    [rec] = load_all(store)
    assert rec.origin == "check" and rec.path == str(LANLING_2023.resolve())
    assert "新存入 1 份" in res.stderr and "1 个文件无法读取" in res.stderr


def test_config_names_the_store_and_turns_recording_on(tmp_path: Path, monkeypatch: Any,
                                                       _history_store_in_tmp: Path) -> None:
    (tmp_path / "govinfo-check.toml").write_text('history = "desk/history.sqlite3"\nrecord = true\n',
                                                 encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli("check", LANLING_2023).exit_code == 0
    assert [r.year for r in load_all(tmp_path / "desk" / "history.sqlite3")] == [2023]
    code, doc, _ = check_json(LANLING_2024)
    assert codes(doc, LANLING_2024) == ["X-001", "X-001"]
    assert not _history_store_in_tmp.exists()  # the config's store, not the default one


@pytest.mark.parametrize("text,key", [('history = 3', "history"), ('record = "yes"', "record")])
def test_config_bad_history_values(tmp_path: Path, monkeypatch: Any, text: str, key: str) -> None:
    (tmp_path / "govinfo-check.toml").write_text(text + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = cli("check", LANLING_2023)
    assert res.exit_code == 2 and key in res.stderr


def test_a_named_store_must_exist_unless_recording(tmp_path: Path) -> None:
    res = cli("check", "--history", tmp_path / "typo.sqlite3", LANLING_2024)
    assert res.exit_code == 2 and "历史记录文件不存在" in res.stderr and "typo.sqlite3" in res.stderr
    assert not (tmp_path / "typo.sqlite3").exists()


# --- damaged, foreign and newer stores ----------------------------------------------------------


def _damaged(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "h.sqlite3"
    if kind == "garbage":
        path.write_bytes(b"this is not a database at all\n" * 100)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        store_with(path, LANLING_2023, YUNXI_2023, BLANKS)
        data = path.read_bytes()
        path.write_bytes(data[:4096 + 100])  # the header survives, the pages do not
    elif kind == "scribbled":
        store_with(path, LANLING_2023, YUNXI_2023, BLANKS)
        data = bytearray(path.read_bytes())
        data[5000:20000] = b"\xff" * 15000
        path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("kind", ["garbage", "empty", "truncated", "scribbled"])
def test_a_damaged_store_is_a_clear_error(tmp_path: Path, kind: str) -> None:
    path = _damaged(tmp_path, kind)
    before = path.read_bytes()
    res = cli("check", "--history", path, LANLING_2024)
    assert res.exit_code == 2, res.stdout
    assert "历史记录文件已损坏" in res.stderr and str(path) in res.stderr
    assert "Traceback" not in res.stderr + res.stdout and res.stdout == ""
    assert path.read_bytes() == before  # left untouched
    listing = cli("history", "list", "--history", path, "--lang", "en")
    assert listing.exit_code == 2 and "damaged" in listing.stderr


def test_a_damaged_default_store_is_not_silently_empty(_history_store_in_tmp: Path) -> None:
    _history_store_in_tmp.write_bytes(b"\x00garbage" * 1000)
    res = cli("check", LANLING_2024)
    assert res.exit_code == 2 and "历史记录文件已损坏" in res.stderr


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    res = cli("history", "add", "--history", path, LANLING_2023)
    assert res.exit_code == 2 and "不是 govinfo-check 的历史记录文件" in res.stderr
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store_with(path, LANLING_2023)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(HistoryError) as info:
        Database(path)
    assert info.value.key == "too_new"
    res = cli("check", "--lang", "en", "--history", path, LANLING_2024)
    assert res.exit_code == 2
    assert f"written by a newer govinfo-check (schema {SCHEMA_VERSION + 1}" in res.stderr


def test_a_new_store_is_wal_with_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "h.sqlite3"
    Database(path, create=True).close()
    assert [p.name for p in path.parent.iterdir()] == ["h.sqlite3"]  # no temporary file left behind
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# --- two writers at once ------------------------------------------------------------------------


def _writer(path: str, tag: str, n: int, start: Any) -> None:
    start.wait()
    with Database(Path(path), create=True) as db:
        for i in range(n):
            report = make_report({"requests.new.total": i}, path=f"/{tag}/{i}.docx", agency=f"{tag}县人民政府",
                                 year=2000 + i)
            rec = records.from_result(FileResult(report.path, report), "check",
                                      sha256=hashlib.sha256(report.path.encode()).hexdigest())
            db.write(lambda conn: records.save(conn, rec))


def test_two_processes_create_and_write_one_store_at_once(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"  # absent: both race to create it too
    # fork where there is one (quick); spawn elsewhere
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_writer, args=(str(path), tag, 15, start)) for tag in ("甲", "乙")]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    recs = load_all(path)
    assert sorted(r.path for r in recs) == sorted(f"/{t}/{i}.docx" for t in ("甲", "乙") for i in range(15))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM figures WHERE extra = 0").fetchone()[0] == 30 * len(canonical_keys())


# --- the dataset: export = extract, import --------------------------------------------------------

DATASET = [LANLING_2023, YUNXI_2023, BLANKS, INVALID, FEE, HYBRID, PICTURE]


@pytest.fixture(scope="module")
def dataset_store(tmp_path_factory: Any) -> Path:
    store = tmp_path_factory.mktemp("ds") / "h.sqlite3"
    res = runner.invoke(app, ["history", "add", "--history", str(store), "-j", "2",
                              *[str(p.resolve()) for p in DATASET]])
    assert res.exit_code == 0, res.stderr
    return store


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_equals_extract(dataset_store: Path, fmt: str) -> None:
    extracted = cli("extract", "--format", fmt, *[p.resolve() for p in DATASET])
    exported = cli("history", "export", "--history", dataset_store, "--format", fmt)
    assert extracted.exit_code == exported.exit_code == 0
    assert exported.stdout == extracted.stdout
    assert len(exported.stdout.splitlines()) > len(DATASET)


def test_export_xlsx_equals_extract(dataset_store: Path, tmp_path: Path) -> None:
    import pandas as pd

    assert cli("extract", "--format", "xlsx", "-o", tmp_path / "a.xlsx", *[p.resolve() for p in DATASET]).exit_code == 0
    assert cli("history", "export", "--history", dataset_store, "--format", "xlsx", "-o", tmp_path / "b.xlsx").exit_code == 0
    a = pd.read_excel(tmp_path / "a.xlsx", sheet_name=None)
    b = pd.read_excel(tmp_path / "b.xlsx", sheet_name=None)
    assert list(a) == list(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_import_of_an_extract_csv_gives_the_same_dataset_back(dataset_store: Path, tmp_path: Path) -> None:
    extracted = tmp_path / "figures.csv"
    assert cli("extract", "--format", "csv", "-o", extracted, *[p.resolve() for p in DATASET]).exit_code == 0
    store = tmp_path / "imported.sqlite3"
    res = cli("history", "import", "--history", store, extracted)
    assert res.exit_code == 0 and f"导入 {len(DATASET)} 份报告" in res.stderr
    again = cli("history", "import", "--history", store, extracted)
    assert "导入 0 份报告（7 份已存在" in again.stderr
    exported = cli("history", "export", "--history", store, "--format", "csv", "-o", tmp_path / "back.csv")
    assert exported.exit_code == 0
    assert (tmp_path / "back.csv").read_text(encoding="utf-8-sig") == extracted.read_text(encoding="utf-8-sig")
    recs = load_all(store)
    assert {r.reader for r in recs} == {"import"} and all(r.sha256 is None for r in recs)


def test_imported_figures_feed_the_cross_year_check(tmp_path: Path) -> None:
    csv_path = tmp_path / "2023.csv"
    assert cli("extract", "--format", "csv", "-o", csv_path, LANLING_2023).exit_code == 0
    store = tmp_path / "h.sqlite3"
    assert cli("history", "import", "--history", store, csv_path).exit_code == 0
    code, doc, _ = check_json("--history", store, LANLING_2024)
    assert codes(doc, LANLING_2024) == ["X-001", "X-001"]


def test_import_stops_at_a_bad_value_and_imports_nothing(tmp_path: Path) -> None:
    csv_path = tmp_path / "bad.csv"
    assert cli("extract", "--format", "csv", "-o", csv_path, LANLING_2023, YUNXI_2023).exit_code == 0
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    col = header.index("requests.new.total")
    cells = lines[2].split(",")
    cells[col] = "十二"
    lines[2] = ",".join(cells)
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "h.sqlite3"
    res = cli("history", "import", "--history", store, csv_path)
    assert res.exit_code == 2
    assert "第 3 行“requests.new.total”列的值 十二 不是数字，未导入任何数据" in res.stderr
    assert not store.exists() or load_all(store) == []


def test_import_refuses_a_csv_that_is_not_a_dataset(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("name,score\na,1\n", encoding="utf-8")
    res = cli("history", "import", "--history", tmp_path / "h.sqlite3", "--lang", "en", other)
    assert res.exit_code == 2 and "not a CSV written by govinfo-check extract" in res.stderr


# --- list, show, remove -------------------------------------------------------------------------


def test_list_filters_and_show_gives_versions_and_figures(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    assert cli("history", "add", "--history", store, "-j", "1", LANLING_2023, YUNXI_2023).exit_code == 0
    res = cli("history", "list", "--history", store, "--agency", "兰陵")
    assert res.exit_code == 0 and "兰陵县市场监督管理局" in res.stdout and "云溪区" not in res.stdout
    assert cli("history", "list", "--history", store, "--year", "2022").stderr.startswith("历史记录中没有符合条件")
    show = cli("history", "show", "--history", store, "兰陵县市场监督管理局", "2023")
    assert show.exit_code == 0
    assert hashlib.sha256(LANLING_2023.read_bytes()).hexdigest() in show.stdout
    [row] = [ln for ln in show.stdout.splitlines() if "requests.carried_forward.total" in ln]
    assert row.rstrip(" │").endswith(" 1")
    # a part of the name that fits one agency only is enough; none is said
    assert cli("history", "show", "--history", store, "云溪区", "2023").exit_code == 0
    assert cli("history", "show", "--history", store, "不存在的局", "2023").exit_code == 1


def test_show_with_a_part_naming_several_agencies_lists_them(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    store_with(store, make_report({}, path="/a.docx", agency="甲县财政局", year=2023),
               make_report({}, path="/b.docx", agency="乙县财政局", year=2023))
    res = cli("history", "show", "--history", store, "财政局", "2023")
    assert res.exit_code == 2 and "甲县财政局" in res.stderr and "乙县财政局" in res.stderr


def test_remove_by_id_and_by_agency_year(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    ids = store_with(store, make_report({}, path="/a.docx", agency="甲县财政局", year=2023),
                     make_report({}, path="/a2.docx", agency="甲县财政局", year=2023),
                     make_report({}, path="/b.docx", agency="乙县财政局", year=2023))
    res = cli("history", "remove", "--history", store, ids[2], 999)
    assert res.exit_code == 2 and "999" in res.stderr
    assert len(load_all(store)) == 3  # nothing removed when one id is unknown
    assert cli("history", "remove", "--history", store, ids[2]).exit_code == 0
    assert cli("history", "remove", "--history", store, "--agency", "甲县财政局", "--year", "2023").exit_code == 0
    assert load_all(store) == []
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0] == 0  # their figures went with them
    assert cli("history", "remove", "--history", store).exit_code == 2


def test_two_check_record_runs_at_once(tmp_path: Path) -> None:
    """Two reviewers' runs (separate processes, the real command) record into one new store at once."""
    import os
    import subprocess
    import sys

    store = tmp_path / "h.sqlite3"
    env = os.environ | {"GOVINFO_CHECK_HISTORY": str(store)}
    cmd = [sys.executable, "-m", "govinfo_check.cli", "check", "--record", "-q", "-j", "1"]
    procs = [subprocess.Popen([*cmd, *map(str, pair)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for pair in ((LANLING_2023,), (FEE,))]
    errs = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 1], errs  # the fee sample has its own finding
    assert sorted(Path(r.path).name for r in load_all(store)) == sorted(p.name for p in (LANLING_2023, FEE))


def test_an_older_schema_is_migrated_in_place(tmp_path: Path, monkeypatch: Any) -> None:
    """A store written by this version, opened by a later one with one more migration step."""
    from govinfo_check.history import store as store_mod

    path = tmp_path / "h.sqlite3"
    store_with(path, LANLING_2023)
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_mod.MIGRATIONS, SCHEMA_VERSION + 1,
                        ("ALTER TABLE reports ADD COLUMN reviewer_note TEXT",))
    Database(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT agency, reviewer_note FROM reports").fetchall() == [("兰陵县市场监督管理局", None)]


def test_a_store_held_too_long_by_another_writer_is_said(tmp_path: Path, monkeypatch: Any) -> None:
    from govinfo_check.history import store as store_mod

    path = tmp_path / "h.sqlite3"
    store_with(path, LANLING_2023)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run in the middle of a long write
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT", 0.2)
    try:
        res = cli("history", "add", "--history", path, "-j", "1", YUNXI_2023)
        assert res.exit_code == 2 and "被另一个 govinfo-check 占用" in res.stderr and "Traceback" not in res.stderr
        # readers are not blocked by the writer (WAL)
        code, doc, _ = check_json("--history", path, LANLING_2024)
        assert codes(doc, LANLING_2024) == ["X-001", "X-001"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [r.year for r in load_all(path)] == [2023]


def test_a_damaged_index_is_found_before_it_hides_a_report(tmp_path: Path) -> None:
    """The reports are intact, but the agency-year index misses one: a lookup through it would
    quietly find nothing, so the store is refused."""
    path = tmp_path / "h.sqlite3"
    store_with(path, LANLING_2023, YUNXI_2023)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")  # make the index disagree with its table, as damage would
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'reports_agency_year'").fetchone()[0]
    conn.execute("UPDATE sqlite_master SET sql = replace(sql, '(agency_norm, year)', '(year, agency_norm)') "
                 "WHERE name = 'reports_agency_year'")
    conn.commit()
    conn.close()
    assert root > 0
    res = cli("check", "--history", path, LANLING_2024)
    assert res.exit_code == 2 and "历史记录文件已损坏" in res.stderr
    assert cli("history", "export", "--history", path).exit_code == 2
