"""Instructions per report, for valgrind's callgrind: the unzip+parse floor or ``check_one`` (and the
cross-year spool, as `check -j 1` runs them) over the first N reports of the benchmark corpus, with instrumentation switched on only around the loop (so
start-up, imports and rule loading are not counted). Run it under
``valgrind --tool=callgrind --instr-atstart=no`` (see benchmarks/README.md); outside valgrind it only
runs the loop.

    valgrind --tool=callgrind --instr-atstart=no python benchmarks/instructions.py check 40 [--corpus DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))


def _instrument(on: bool) -> None:
    control = shutil.which("callgrind_control")
    if control:  # outside valgrind it finds no process to talk to, and nothing happens
        subprocess.run([control, "-i", "on" if on else "off", str(os.getpid())], capture_output=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["floor", "check"])
    ap.add_argument("n", type=int, nargs="?", default=40)
    ap.add_argument("--corpus", type=Path, default=None, help="default: the bench.py corpus of 300, seed 7")
    args = ap.parse_args(argv)
    import bench

    folder = args.corpus or Path(tempfile.gettempdir()) / "govinfo-bench-300-7"
    files = bench.corpus(folder, max(args.n, 300) if args.corpus is None else args.n, 7)[: args.n]
    if args.what == "floor":
        bench.unzip_and_parse(files[:1])  # imports and first-use set-up are not per report
        _instrument(True)
        bench.unzip_and_parse(files)
        _instrument(False)
    else:
        from govinfo_check import runner

        # what `check --format json` does per file: no grids, no figures kept, the cross-year spool
        rules, spec = runner.load_rules(), runner.BatchSpec(keep_grids=False, keep_figures=False)
        spool = runner.CrossYear(rules)
        for path in files[:3]:  # first-use work (lazy imports, compiled patterns) is not per report
            spool.add(runner.check_one(str(path), rules, spec))
        _instrument(True)
        for path in files:
            spool.add(runner.check_one(str(path), rules, spec))
        _instrument(False)
        spool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
