"""Shared test paths. ``shared/`` (the spec, the seed and the real reports) sits beside the checkout,
both here and in CI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GOVINFO_CHECK_SHARED") or REPO.parent / "shared")  # env: a checkout elsewhere
SAMPLES = REPO / "samples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared/ not found beside the checkout ({SHARED})")
    return SHARED

# The official blank template, as Word distributes it (a copy of shared/real/…, kept in the repo
# because the sample generator fills it).
TEMPLATE_DOCX = REPO / "tools" / "template-2021-official-blank.docx"


@pytest.fixture(scope="session", autouse=True)
def _data_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The parsed-data cache (datacache) of a test run is a folder of its own, shared by the whole
    session and its child processes, never the user's cache folder."""
    path = tmp_path_factory.mktemp("datacache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVINFO_CHECK_CACHE", str(path))
        yield path


@pytest.fixture(autouse=True)
def _history_store_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the user's real history store: the default store is a path in a
    fresh temporary folder (absent until a test creates it), for this process and its children."""
    path = tmp_path_factory.mktemp("history") / "history.sqlite3"
    monkeypatch.setenv("GOVINFO_CHECK_HISTORY", str(path))
    return path


# A command-line run in a child process (``python -m govinfo_check`` as the console script runs
# it), with ``setup`` run first and the value of ``report`` (an expression) handed back as JSON on
# its last stderr line: what a run imported, compiled or left behind, seen from inside.
_PROBE_RUN = """
sys.argv = ["govinfo-check", *json.loads(sys.argv[1])]
try:
    from govinfo_check.__main__ import main
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\nPROBE " + json.dumps(REPORT) + "\\n")
"""


def probe_run(args: list[str], cwd: Path, *, setup: str = "", report: str = "None",
              env: dict[str, str] | None = None) -> tuple[object, str]:
    """(the reported value, standard output) of ``govinfo-check ARGS`` run in a child process."""
    import json
    import subprocess
    import sys

    script = "import json, sys\n" + setup + _PROBE_RUN.replace("REPORT", report)
    proc = subprocess.run([sys.executable, "-c", script, json.dumps(args)], capture_output=True, text=True,
                          cwd=cwd, env=env, check=False)
    line = next((ln for ln in proc.stderr.splitlines() if ln.startswith("PROBE ")), None)
    assert line is not None, proc.stderr[-2000:]
    return json.loads(line[len("PROBE "):]), proc.stdout
