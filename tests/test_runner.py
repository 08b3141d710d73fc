"""The batch runner: order, isolation of failures (exception, dead worker, timeout), unsupported
files, path collection and exit codes. The per-file work is replaced by small task functions here
so that each failure mode can be produced on purpose; the real parse/evaluate path is covered by
the acceptance tests."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from govinfo_check import catalogue
from govinfo_check.checker import collect_paths
from govinfo_check.models import FileResult, ParsedReport
from govinfo_check.options import UsageError
from govinfo_check.commands import exit_code
from govinfo_check.runner import BatchSpec, chunk_size, chunks_of, run_batch


def _ok(path: str) -> FileResult:
    return FileResult(path=path, report=ParsedReport(path=path, agency="A", year=2024))


def task_behaviour(paths: list[str]) -> list[FileResult]:
    """What a file's name says: slow-*, crash-*, boom-*, hang-*; anything else is fine."""
    out = []
    for p in paths:
        name = Path(p).name
        if name.startswith("slow"):
            time.sleep(0.2)
        elif name.startswith("crash"):
            os._exit(3)
        elif name.startswith("boom"):
            raise ValueError("kaboom")
        elif name.startswith("hang"):
            time.sleep(30)
        out.append(_ok(p))
    return out


def _codes(result: FileResult) -> list[str]:
    return [f.code for f in result.findings]


FAST = BatchSpec(timeout=1.0, kill_grace=0.5)


def test_pool_keeps_input_order_and_counts_progress():
    paths = [f"slow-{i}.docx" if i % 3 == 0 else f"f-{i}.docx" for i in range(9)]
    done: list[int] = []
    results = list(run_batch(paths, FAST, jobs=2, task=task_behaviour, on_done=done.append))
    assert [r.path for r in results] == paths
    assert all(r.status == "ok" for r in results)
    assert sum(done) == len(paths)


SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "positive"


def _no_loading(*_args, **_kwargs):
    raise RuntimeError("a worker parsed the rule files itself")


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_forked_workers_start_with_the_rules_the_parent_loaded(monkeypatch):
    from govinfo_check import runner

    rules = runner.load_rules()
    files = sorted(SAMPLE.glob("*.docx"))[:4]
    monkeypatch.setattr(runner, "load_rules", _no_loading)  # forked workers see this too
    results = list(run_batch(files, BatchSpec(timeout=60), jobs=2, rules=rules))
    assert [c for r in results for c in _codes(r) if c == "F-009"] == []
    assert all(r.report is not None and r.report.figures for r in results)


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_without_the_parents_rules_each_worker_loads_its_own(monkeypatch):
    from govinfo_check import runner

    files = sorted(SAMPLE.glob("*.docx"))[:2]
    monkeypatch.setattr(runner, "load_rules", _no_loading)
    results = list(run_batch(files, BatchSpec(timeout=60), jobs=2))
    assert [_codes(r) for r in results] == [["F-009"], ["F-009"]]
    assert "a worker parsed the rule files itself" in results[0].findings[0].message("en")


def test_dead_worker_fails_only_its_file():
    paths = ["a.docx", "crash-b.docx", "c.docx"]
    results = list(run_batch(paths, FAST, jobs=2, task=task_behaviour))
    assert [r.path for r in results] == paths
    assert _codes(results[1]) == ["F-009"]
    assert "exit code 3" in results[1].findings[0].messages["en"]
    assert results[0].status == "ok" and results[2].status == "ok"


def test_exception_in_worker_becomes_internal_error():
    results = list(run_batch(["boom.docx", "ok.docx"], FAST, jobs=2, task=task_behaviour))
    assert _codes(results[0]) == ["F-009"]
    assert "kaboom" in results[0].findings[0].messages["zh"]
    assert results[1].status == "ok"


def test_stuck_worker_is_killed_as_timeout():
    results = list(run_batch(["hang.docx", "ok.docx"], BatchSpec(timeout=0.3, kill_grace=0.2), jobs=2,
                             task=task_behaviour))
    assert _codes(results[0]) == ["F-008"]
    assert results[0].status == "error"
    assert results[1].status == "ok"


def test_in_process_timeout_and_exception():
    spec = BatchSpec(timeout=0.3)
    results = list(run_batch(["hang.docx", "boom.docx", "ok.docx"], spec, jobs=1, task=task_behaviour))
    assert [_codes(r) for r in results] == [["F-008"], ["F-009"], []]


def test_unsupported_files_are_results_in_place():
    paths = ["a.docx", "notes.txt", "b.docx", "sheet.xls"]
    done: list[int] = []
    results = list(run_batch(paths, FAST, jobs=1, task=task_behaviour, on_done=done.append))
    assert [r.path for r in results] == paths
    assert [_codes(r) for r in results] == [[], ["F-010"], [], ["F-010"]]
    assert ".txt" in results[1].findings[0].messages["zh"]
    assert sum(done) == 4


def test_chunk_size_grows_with_files_per_worker():
    assert chunk_size(3, 2) == 1
    assert chunk_size(800, 2) == 16
    assert 1 < chunk_size(80, 2) < 16


def test_chunks_shrink_towards_the_end_and_cover_every_file_once():
    todo = list(range(1000))
    chunks = chunks_of(todo, 2)
    assert [i for c in chunks for i in c] == todo
    sizes = [len(c) for c in chunks]
    assert sizes[0] == 16 and sizes[-4:] == [1, 1, 1, 1]
    assert sizes == sorted(sizes, reverse=True)


# --- collecting paths --------------------------------------------------------


def _touch(p: Path) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(b"x")
    return p


def test_collect_walks_folders_sorted_and_skips_hidden_and_lock_files(tmp_path):
    b = _touch(tmp_path / "sub" / "b.docx")
    a = _touch(tmp_path / "a.docx")
    pdf = _touch(tmp_path / "c.pdf")
    txt = _touch(tmp_path / "d.txt")
    _touch(tmp_path / "~$a.docx")
    _touch(tmp_path / ".hidden.docx")
    _touch(tmp_path / ".git" / "x.docx")
    got = collect_paths([tmp_path])
    assert got.files == [a, pdf, b]
    assert got.supported == [a, pdf, b]
    assert got.notes == [txt]  # not a report: named in a note, not an unreadable report
    assert sorted(p.name for p in got.skipped) == [".git", ".hidden.docx", "~$a.docx"]


def test_collect_glob_filters_inside_folders(tmp_path):
    keep = _touch(tmp_path / "x" / "r2024.docx")
    _touch(tmp_path / "r2023.docx")
    _touch(tmp_path / "notes.txt")
    assert collect_paths([tmp_path], "*2024*").files == [keep]


def test_collect_explicit_file_and_duplicates(tmp_path):
    a = _touch(tmp_path / "a.docx")
    got = collect_paths([a, tmp_path, a])
    assert got.files == [a]


def test_collect_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(UsageError) as e:
        collect_paths([tmp_path / "nope.docx"])
    assert e.value.key == "no_such_path"
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError) as e:
        collect_paths([tmp_path / "empty"])
    assert e.value.key == "empty_folder"


# --- exit codes --------------------------------------------------------------


def test_exit_code_follows_fail_on():
    warn = _ok("w.docx")
    warn.findings.append(catalogue.make("F-009", severity="warning", detail="d"))
    clean = _ok("c.docx")
    assert exit_code([clean], "error") == 0
    assert exit_code([clean, warn], "error") == 0
    assert exit_code([clean, warn], "warning") == 1
    assert exit_code([clean, warn], "info") == 1


def test_exit_code_two_when_nothing_could_be_read():
    unreadable = FileResult(path="u.docx", report=None, findings=[catalogue.make("F-005")])
    assert exit_code([unreadable], "error") == 2
    assert exit_code([unreadable, _ok("c.docx")], "error") == 1


# --- Ctrl-C --------------------------------------------------------------------


_INTERRUPT_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from test_runner import task_behaviour
from govinfo_check.runner import BatchSpec, run_batch
try:
    it = run_batch(["a.docx", "hang-1.docx", "hang-2.docx", "hang-3.docx"], BatchSpec(timeout=60), jobs=2,
                   task=task_behaviour)
    print(next(it).path, flush=True)
    for r in it:
        print("unexpected", r.path, flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


def test_ctrl_c_cancels_pending_work_and_kills_workers():
    import signal
    import subprocess
    import sys

    script = _INTERRUPT_SCRIPT.format(tests=str(Path(__file__).parent))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        assert proc.stdout.readline().strip() == "a.docx"
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
        # the workers share the pipe: this returns only once they are gone too (they would hang 30 s)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert out.strip() == "interrupted", (out, err)
    assert "Traceback" not in err
