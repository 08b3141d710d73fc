"""What a run imports: the common path (one .docx, no history store, no config) loads nothing it does
not use. Times are measured in benchmarks/startup.py, never here; this holds the structure that
keeps them low (issue #16), and that ``--version`` gives the same answer by either path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import SAMPLES, probe_run

REPORT = SAMPLES / "positive" / "hybrid-2023.docx"

# modules that only some runs need: other formats, pools, the history store, the page, the parser of
# a data file that the parsed-data cache already holds
NOT_ON_THE_COMMON_PATH = ("pebble", "concurrent.futures", "sqlite3", "rich.table", "rich.progress",
                          "jinja2", "openpyxl", "pandas", "pdfplumber", "starlette", "uvicorn", "tomllib",
                          "olefile", "yaml", "govinfo_check.history.store", "govinfo_check.history.records",
                          "govinfo_check.reporters.html", "govinfo_check.readers.pdf", "govinfo_check.annotate")

def _modules(args: list[str], cwd: Path) -> tuple[set[str], str]:
    modules, out = probe_run(args, cwd, report="sorted(sys.modules)")
    return set(modules), out  # type: ignore[arg-type]


def test_checking_one_report_imports_only_what_it_uses(tmp_path: Path) -> None:
    for fmt in ("text", "json"):
        # twice: the first run may fill the parsed-data cache (and then needs PyYAML)
        _modules(["check", str(REPORT), "--format", fmt], tmp_path)
        modules, out = _modules(["check", str(REPORT), "--format", fmt], tmp_path)
        assert "C-003" in out
        assert "govinfo_check.engine" in modules and "govinfo_check.readers.docx" in modules
        assert sorted(m for m in NOT_ON_THE_COMMON_PATH if m in modules) == [], fmt


def test_version_is_answered_without_the_command_line_parser(tmp_path: Path) -> None:
    modules, out = _modules(["--version"], tmp_path)
    assert out.startswith("govinfo-check ")
    assert "typer" not in modules and "rich" not in modules and "govinfo_check.cli" not in modules


def test_version_is_the_same_by_both_paths(tmp_path: Path) -> None:
    from govinfo_check import __version__

    fast = subprocess.run([sys.executable, "-m", "govinfo_check", "--version"], capture_output=True, text=True,
                          check=False)
    short = subprocess.run([sys.executable, "-m", "govinfo_check", "-V"], capture_output=True, text=True,
                           check=False)
    parser = subprocess.run([sys.executable, "-c", "from govinfo_check.cli import main; main()", "--version"],
                            capture_output=True, text=True, check=False)
    assert fast.returncode == short.returncode == parser.returncode == 0
    assert fast.stdout == short.stdout == parser.stdout == f"govinfo-check {__version__}\n"
    assert fast.stderr == parser.stderr == ""


def test_version_among_other_arguments_goes_to_the_parser(tmp_path: Path) -> None:
    modules, out = _modules(["check", "--version"], tmp_path)
    assert "typer" in modules
    assert "govinfo-check " not in out
