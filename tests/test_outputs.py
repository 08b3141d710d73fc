"""Never lose a user's file: where ``-o`` and ``--annotate`` write is checked before the run (issue #12,
defects 1, 2, 6, 7 and the csv byte-order mark of 9)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinfo_check.cli import app
from govinfo_check.reporters.csv import safe_cell

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PLAIN = SAMPLES / "positive" / "plain-2024.docx"
TYPO = SAMPLES / "negative" / "t3-typo-cell-2024.docx"

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    p = tmp_path / "r.docx"
    shutil.copy(TYPO, p)
    return p


# --- 1: -o onto an input ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "xlsx", "sarif", "html", "text"])
def test_check_output_onto_the_input_is_refused_and_the_report_kept(report: Path, fmt: str) -> None:
    before = report.read_bytes()
    res = _run("check", "--format", fmt, "-o", str(report), str(report))
    assert res.exit_code == 2
    assert "输出文件是输入之一" in res.stderr and str(report) in res.stderr
    assert report.read_bytes() == before


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_extract_output_onto_the_input_is_refused(report: Path, fmt: str) -> None:
    before = report.read_bytes()
    res = _run("extract", "--format", fmt, "-o", str(report), "--lang", "en", str(report))
    assert res.exit_code == 2
    assert "the output is one of the inputs" in res.stderr
    assert report.read_bytes() == before


def test_output_onto_an_input_inside_a_folder_by_another_spelling(tmp_path: Path, report: Path) -> None:
    before = report.read_bytes()
    other = tmp_path / "sub" / ".." / "r.docx"
    (tmp_path / "sub").mkdir()
    res = _run("check", "--format", "json", "-o", str(other), str(tmp_path))
    assert res.exit_code == 2 and "输出文件是输入之一" in res.stderr
    assert report.read_bytes() == before


def test_output_onto_a_hard_link_or_a_symlink_of_an_input(tmp_path: Path, report: Path) -> None:
    before = report.read_bytes()
    hard = tmp_path / "elsewhere" / "hard.json"
    hard.parent.mkdir()
    os.link(report, hard)
    soft = tmp_path / "soft.json"
    soft.symlink_to(report)
    for out in (hard, soft):
        res = _run("check", "--format", "json", "-o", str(out), str(report))
        assert res.exit_code == 2, out
        assert "输出文件是输入之一" in res.stderr
    assert report.read_bytes() == before
    assert soft.is_symlink()


def test_output_and_annotate_naming_one_file(tmp_path: Path, report: Path) -> None:
    out = tmp_path / "same.docx"
    res = _run("check", "--format", "json", "-o", str(out), "--annotate", str(out), str(report))
    assert res.exit_code == 2 and "-o 与 --annotate 是同一个文件" in res.stderr
    assert not out.exists()


def test_an_unsupported_file_in_the_folder_may_be_the_output(tmp_path: Path, report: Path) -> None:
    """A report.json left by the last run is not read (only F-010): writing it again is fine."""
    out = tmp_path / "report.json"
    out.write_text("old", encoding="utf-8")
    res = _run("check", "--format", "json", "-o", str(out), "--quiet", str(report))
    assert res.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["files"][0]["path"] == str(report)


# --- 2: devices, FIFOs, links and standard output -----------------------------------------------


def test_output_onto_a_fifo_writes_through_and_keeps_the_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    res = _run("check", "--format", "json", "-o", str(fifo), "--quiet", str(PLAIN))
    reader.join(timeout=30)
    assert res.exit_code == 0, res.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(got[0])["files"][0]["path"] == str(PLAIN)


def test_output_onto_dev_null_keeps_the_device() -> None:
    res = _run("check", "--format", "json", "-o", os.devnull, "--quiet", str(PLAIN))
    assert res.exit_code == 0, res.stderr
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)


def test_output_onto_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "data" / "report.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    res = _run("check", "--format", "json", "-o", str(link), "--quiet", str(PLAIN))
    assert res.exit_code == 0, res.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["files"] == 1


def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    res = _run("check", "--format", "json", "-o", "-", "--quiet", str(PLAIN))
    assert res.exit_code == 0, res.stderr
    assert [f["path"] for f in json.loads(res.stdout)["files"]] == [str(PLAIN)]
    assert not (Path.cwd() / "-").exists()
    res = _run("extract", "--format", "json", "-o", "-", str(PLAIN))
    assert res.exit_code == 0
    assert json.loads(res.stdout)[0]["fields"]["requests.new.natural"] is not None


# --- 6: --annotate checked before the run ---------------------------------------------------------


def test_annotate_onto_the_input_is_refused_before_the_run(report: Path) -> None:
    before = report.read_bytes()
    res = _run("check", "--annotate", str(report), str(report))
    assert res.exit_code == 2
    assert "批注副本是输入之一" in res.stderr
    assert report.read_bytes() == before
    assert res.stdout == ""  # refused before any check ran: no result view


def test_unwritable_annotate_is_refused_before_the_run(tmp_path: Path, report: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = _run("check", "--annotate", str(blocker / "copy.docx"), str(report))
    assert res.exit_code == 2
    assert "无法写入批注副本" in res.stderr
    assert res.stdout == ""


def test_annotate_dir_that_is_the_checked_folder_is_refused(tmp_path: Path, report: Path) -> None:
    before = report.read_bytes()
    res = _run("check", "--annotate-dir", str(tmp_path), str(tmp_path))
    assert res.exit_code == 2 and "--annotate-dir 与被检查的文件夹相同" in res.stderr
    assert report.read_bytes() == before


# --- 7: csv formula injection ----------------------------------------------------------------------


@pytest.mark.parametrize("text, cell", [("=1+2", "'=1+2"), ("+SUM(A1)", "'+SUM(A1)"), ("-2+3", "'-2+3"),
                                        ("@cmd", "'@cmd"), ("\tx", "'\tx"), ("-3", "-3"), ("+4.5", "+4.5"),
                                        ("普通文字", "普通文字"), (-7, -7), (None, "")])
def test_safe_cell(text, cell) -> None:
    assert safe_cell(text) == cell


@pytest.mark.parametrize("command, code", [("check", 1), ("extract", 0)])
def test_csv_escapes_a_formula_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str,
                                         code: int) -> None:
    shutil.copy(TYPO, tmp_path / "=1+2.docx")
    monkeypatch.chdir(tmp_path)
    res = _run(command, "--format", "csv", "=1+2.docx")
    assert res.exit_code == code, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and {r["path"] for r in rows} == {"'=1+2.docx"}


# --- 9: the byte-order mark: for a file, never for a pipe, the same in check and extract -----------


def test_csv_bom_only_in_files_for_check_and_extract(tmp_path: Path) -> None:
    for cmd, first in (("check", "code,"), ("extract", "path,")):  # check's findings: code first
        piped = _run(cmd, "--format", "csv", str(PLAIN))
        assert not piped.stdout.startswith("\ufeff"), cmd
        assert piped.stdout.startswith(first), cmd
        out = tmp_path / f"{cmd}.csv"
        _run(cmd, "--format", "csv", "-o", str(out), str(PLAIN))
        assert out.read_bytes().startswith(("\ufeff" + first).encode()), cmd


# --- 8: links that lead nowhere are named, not dropped -------------------------------------------------


def test_broken_and_looping_links_in_a_folder_are_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(PLAIN, folder / "a.docx")
    (folder / "gone.docx").symlink_to(tmp_path / "missing.docx")
    (folder / "loop.docx").symlink_to(folder / "loop.docx")
    res = _run("check", "--format", "json", str(folder))
    assert res.exit_code == 0, res.stderr
    assert [f["path"] for f in json.loads(res.stdout)["files"]] == [str(folder / "a.docx")]
    note = [line for line in res.stderr.splitlines() if "符号链接" in line]
    assert note == [f"govinfo-check: 已跳过 2 个无效的符号链接（目标不存在或循环）：{folder / 'gone.docx'}, "
                    f"{folder / 'loop.docx'}"]


def test_a_named_broken_link_is_a_note_not_a_missing_path(tmp_path: Path) -> None:
    link = tmp_path / "r.docx"
    link.symlink_to(tmp_path / "missing.docx")
    res = _run("check", "--lang", "en", str(link), str(PLAIN))
    assert res.exit_code == 0, res.stderr
    assert "No such file or folder" not in res.stderr
    assert f"skipped 1 symbolic links that lead nowhere (missing target or a loop): {link}" in res.stderr
    res = _run("extract", str(link), str(PLAIN))
    assert res.exit_code == 0 and "路径不存在" not in res.stderr and "符号链接" in res.stderr


# --- 9: SIGTERM stops like Ctrl-C ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "extract"])
def test_sigterm_stops_cleanly_with_a_message_and_exit_143(tmp_path: Path, command: str) -> None:
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):  # hard links: distinct paths, one file's bytes
        os.link(PLAIN, folder / f"r{i:03}.docx")
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    args = [sys.executable, "-m", "govinfo_check.cli", command, "--format", "json", "-o", str(out), str(folder)]
    if command == "check":
        args += ["--jobs", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # the output's temporary file appears once the run is under way (the handler is in place by
    # then): signal only then, however slowly a loaded machine starts Python
    deadline = time.monotonic() + 120
    while not list(out.parent.glob(".report.json.*.tmp")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be stopped"
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert stderr.strip().splitlines()[-1] == "govinfo-check: 收到终止信号，已停止，未完成的检查已取消"
    assert "Traceback" not in stderr
    assert not out.exists() and list(out.parent.iterdir()) == []  # nothing half-written, no temp file


# --- the reader of standard output stops early (check … | head) -------------------------------------

POSITIVE = Path(__file__).resolve().parents[1] / "samples" / "positive"


def _first_line_then_close(args: list[str]) -> tuple[int, bytes, bytes]:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "govinfo_check", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does once it has its line
    err = proc.stderr.read()
    return proc.wait(timeout=120), first, err


@pytest.mark.skipif(os.name != "posix", reason="pipes and SIGPIPE codes are POSIX")
@pytest.mark.parametrize("args, first_cells", [
    (["check", str(POSITIVE), "--format", "json", "-j", "1"], [b"{"]),
    (["extract", str(POSITIVE), "--format", "csv"], [b"path", b"agency", b"year"]),
])
def test_a_reader_that_stops_early_ends_the_run_quietly(args: list[str], first_cells: list[bytes]) -> None:
    code, first, err = _first_line_then_close(args)
    assert first.strip().split(b",")[: len(first_cells)] == first_cells
    assert (code, err) == (141, b"")
