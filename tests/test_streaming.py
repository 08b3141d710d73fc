"""Memory that does not grow with the batch (issue #12, defect 4): the runner lets each result go once
yielded, the cross-year pass keeps no report in memory, the line formats are written as files
finish, and the streamed json/xlsx say exactly what the whole-list render says."""

from __future__ import annotations

import gc
import io
import json
import weakref
from pathlib import Path

import pytest

from govinfo_check import commands, reporters, runner
from govinfo_check.models import FileResult
from govinfo_check.options import CheckOptions
from govinfo_check.summary import Report

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PLAIN = SAMPLES / "positive" / "plain-2024.docx"
PAIR = [SAMPLES / "negative" / "cross-year-mismatch-lanling-county-2023.docx",
        SAMPLES / "negative" / "cross-year-mismatch-lanling-county-2024.docx"]
TYPO = SAMPLES / "negative" / "t3-typo-cell-2024.docx"


@pytest.fixture(scope="module")
def rules():
    return runner.load_rules()


@pytest.fixture(scope="module")
def checked(rules) -> list[FileResult]:
    """The pair (whose 2024 report gets X-001 from the 2023 one), a typo and a clean report; no
    cross-year findings yet."""
    return list(runner.run_batch([PAIR[1], TYPO, PAIR[0], PLAIN], runner.BatchSpec(keep_grids=False), jobs=1,
                                 rules=rules))


def _copies(results: list[FileResult]) -> list[FileResult]:
    import copy

    return copy.deepcopy(results)


def test_the_runner_lets_go_of_each_result_once_yielded(tmp_path: Path) -> None:
    files = []
    for i in range(40):
        f = tmp_path / f"r{i:02}.docx"
        f.write_bytes(PLAIN.read_bytes())
        files.append(f)
    refs = []
    stream = runner.run_batch(files, runner.BatchSpec(keep_grids=False), jobs=2)
    for i, result in enumerate(stream):
        refs.append(weakref.ref(result))
        del result
        if i == 30:
            gc.collect()
            alive = [k for k, r in enumerate(refs[:20]) if r() is not None]
            assert alive == []  # nothing kept of the files already handed on
    assert len(refs) == 40


def test_cross_year_keeps_no_report_in_memory(checked: list[FileResult], rules) -> None:
    results = _copies(checked)
    index = runner.CrossYear()
    refs = []
    for r in results:
        index.add(r)
        refs.append(weakref.ref(r.report))
    paths = [r.path for r in results]
    del results, r
    gc.collect()
    assert [ref() for ref in refs] == [None] * 4
    late = index.findings(rules, runner.BatchSpec())
    assert [(x.path, sorted({f.code for f in x.findings})) for x in late] == [(paths[0], ["X-001"])]
    assert late[0].report.agency and late[0].report.year == 2024


def test_add_cross_year_on_a_list_gives_the_same_findings(checked: list[FileResult], rules) -> None:
    results = _copies(checked)
    runner.add_cross_year(results, rules, runner.BatchSpec())
    x = [f.code for f in results[0].findings if f.code.startswith("X-")]
    assert x == ["X-001", "X-001"]
    assert all(not f.code.startswith("X-") for r in results[1:] for f in r.findings)


def test_a_batch_that_drops_figures_finds_the_same_cross_year_findings(rules) -> None:
    spec = runner.BatchSpec(keep_grids=False, keep_figures=False)
    for jobs in (1, 2):
        results = list(runner.run_batch([PAIR[1], PLAIN, PAIR[0]], spec, jobs=jobs, rules=rules))
        assert all("figures" not in r.report.__dict__ for r in results)
        index = runner.CrossYear(rules)
        for r in results:
            index.add(r)
        late = index.findings(rules, spec)
        assert [(x.path, [f.code for f in x.findings]) for x in late] == [(str(PAIR[1]), ["X-001", "X-001"])]
        assert [f.actual for f in late[0].findings] == [f.actual for f in _x_findings(rules)]


def _x_findings(rules) -> list:
    whole = list(runner.run_batch([PAIR[1], PLAIN, PAIR[0]], runner.BatchSpec(keep_grids=False), jobs=1,
                                  rules=rules))
    runner.add_cross_year(whole, rules, runner.BatchSpec())
    return [f for f in whole[0].findings if f.code == "X-001"]


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_streamed_output_with_late_findings_equals_the_merged_render(checked, rules, fmt: str) -> None:
    whole = _copies(checked)
    runner.add_cross_year(whole, rules, runner.BatchSpec())
    expected = reporters.get(fmt).render(whole, lang="zh")

    streamed = _copies(checked)
    index = runner.CrossYear()
    buf = io.BytesIO() if fmt == "xlsx" else io.StringIO()
    sink = reporters.open_stream(reporters.get(fmt), buf, lang="zh")
    for r in streamed:
        index.add(r)
        sink.add(r)
    sink.finish(index.findings(rules, runner.BatchSpec()))
    if fmt == "json":
        assert buf.getvalue() == expected
        doc = json.loads(buf.getvalue())
        assert doc["summary"]["by_code"]["X-001"] == 2 and doc["files"][0]["status"] == "errors"
    else:
        import pandas as pd

        got = pd.read_excel(io.BytesIO(buf.getvalue()), sheet_name=None)
        want = pd.read_excel(io.BytesIO(expected), sheet_name=None)
        assert got["汇总"].equals(want["汇总"]) and got["数据"].equals(want["数据"])
        key = ["文件", "代码", "行", "列"]
        assert got["问题"].sort_values(key).reset_index(drop=True).equals(
            want["问题"].sort_values(key).reset_index(drop=True))


def test_render_of_a_list_still_works_for_every_reporter(checked) -> None:
    for name in reporters.names():
        out = reporters.get(name).render(checked, lang="en")
        assert len(out) > 100, name


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_line_formats_are_written_as_files_finish(checked, rules, fmt: str) -> None:
    out = io.StringIO()
    seen: list[str] = []

    def stream():
        for r in _copies(checked):
            yield r
            seen.append(out.getvalue())  # what was written once the command had this result

    opts = CheckOptions(paths=[], format=fmt, output=None, quiet=True)
    console = commands._stdout_console(out)
    err = commands._stderr_console(io.StringIO())
    outcome = commands._report(stream(), reporters.get(fmt, bom=False) if fmt == "csv" else reporters.get(fmt),
                               opts, rules, runner.BatchSpec(), console, err)
    assert outcome.files == 4 and outcome.exit_code("error") == 1
    assert Path(checked[1].path).name in seen[1]  # the typo's rows were out before the next file came
    assert Path(checked[2].path).name not in seen[1]
    if fmt == "jsonl":
        last = json.loads(out.getvalue().splitlines()[-1])
        assert (last["code"], last["path"]) == ("X-001", checked[0].path)  # cross-year: after every file


def test_exit_code_counts_late_findings(checked, rules) -> None:
    # the pair alone: only the cross-year rule fails on the 2024 report
    pair = [r for r in _copies(checked) if r.path in {str(p) for p in PAIR}]
    opts = CheckOptions(paths=[], format="jsonl", output=None, quiet=True, select=("X",))
    for r in pair:
        r.findings = [f for f in r.findings if f.code.startswith("X")]
    outcome = commands._report(iter(pair), reporters.get("jsonl"), opts, rules,
                               runner.BatchSpec(select=("X",)), commands._stdout_console(io.StringIO()),
                               commands._stderr_console(io.StringIO()))
    assert outcome.exit_code("error") == 1


def test_report_summary_matches_the_streamed_json_summary(checked) -> None:
    doc = json.loads(reporters.get("json").render(checked))
    assert doc["summary"] == json.loads(json.dumps(Report(checked).summary.to_dict()))


def test_a_batch_quiets_the_collector_while_it_runs_and_gives_everything_back(rules) -> None:
    import gc

    before = gc.get_threshold()
    seen = []
    for _ in runner.run_batch([PLAIN, TYPO], runner.BatchSpec(keep_grids=False), jobs=1, rules=rules):
        seen.append((gc.get_threshold(), gc.get_freeze_count() > 0))
    assert seen == [(runner.GC_THRESHOLDS, True)] * 2
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0  # what was frozen for the batch can be collected again
    list(runner.run_batch([PLAIN], runner.BatchSpec(keep_grids=False), jobs=1, rules=rules))
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before  # one file: left as it was
