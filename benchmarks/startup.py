"""Start-up time of the CLI: how long a drafter waits for ``govinfo-check check one.docx``.

Runs each command N times in a fresh interpreter and prints the median wall time and the median
CPU time (user + sys of the child): on a shared machine the CPU time is the steadier figure. Then
the import breakdown of one ``check`` run (``python -X importtime``): the modules that cost the
most, cumulative, top-level imports only.

    .venv/bin/python benchmarks/startup.py              # 10 runs each
    .venv/bin/python benchmarks/startup.py --n 20 --file samples/positive/hybrid-2023.docx

Target (issue #16): ``check one.docx`` ≤ 0.5 s. Never asserted in a test: it depends on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "samples" / "positive" / "hybrid-2023.docx"
TARGET = 0.5


def _cli() -> list[str]:
    """The installed console script when it sits beside this interpreter (what a user runs), else
    the same entry point through ``-c``."""
    script = Path(sys.executable).with_name("govinfo-check")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from govinfo_check.cli import main; sys.exit(main())"]


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def time_runs(argv: list[str], n: int, env: dict[str, str]) -> tuple[float, float, int]:
    """Median wall and CPU seconds of ``n`` runs, and the exit code of the last."""
    walls, cpus = [], []
    code = 0
    for _ in range(n):
        cpu0, t0 = _children_cpu(), time.perf_counter()
        code = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env).returncode
        walls.append(time.perf_counter() - t0)
        cpus.append(_children_cpu() - cpu0)
    return statistics.median(walls), statistics.median(cpus), code


def import_breakdown(argv: list[str], env: dict[str, str], top: int) -> list[tuple[int, str]]:
    """(cumulative µs, module) of the top-level imports of one run, most costly first."""
    cmd = [sys.executable, "-X", "importtime", *(argv[1:] if argv[0] == sys.executable else argv)]
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line.split("|")[-3:]
        if name.startswith(" ") and not name.startswith("  "):  # one leading space: top level
            rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:top]


def _drop_bytecode() -> None:
    """Remove the package's cached bytecode, so that every run compiles it (an editable install run
    with PYTHONDONTWRITEBYTECODE=1)."""
    import govinfo_check

    for cache in Path(govinfo_check.__file__).parent.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10, help="runs per command (default 10)")
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the report to check")
    ap.add_argument("--no-bytecode", action="store_true",
                    help="measure without the package's cached bytecode (every run compiles its source)")
    ap.add_argument("--top", type=int, default=12, help="rows of the import breakdown")
    args = ap.parse_args(argv)

    cli = _cli()
    with tempfile.TemporaryDirectory() as home:
        # no history store, no config of the user's: the run a first-time user makes
        env = dict(os.environ, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home, COLUMNS="100")
        env.pop("PYTHONPROFILEIMPORTTIME", None)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            _drop_bytecode()
        else:
            # a wheel installed by pip comes with its bytecode compiled; an editable install writes it
            # on the first run, unless PYTHONDONTWRITEBYTECODE forbids it (then every run compiles)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([*cli, "--version"], stdout=subprocess.DEVNULL, env=env)  # warm the page cache
        runs = [("check one.docx", [*cli, "check", str(args.file)]),
                ("check one.docx --format json", [*cli, "check", str(args.file), "--format", "json"]),
                ("--version", [*cli, "--version"]),
                ("--help", [*cli, "--help"]),
                ("check --help", [*cli, "check", "--help"]),
                ("python -c pass", [sys.executable, "-c", "pass"])]
        print(f"govinfo-check start-up: {args.n} runs each, Python {platform.python_version()}, "
              f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
              f"{'no cached bytecode' if args.no_bytecode else 'bytecode cached'}")
        print(f"{'command':32} {'wall (median)':>14} {'CPU (median)':>13}  exit")
        results = {}
        for label, cmd in runs:
            wall, cpu, code = time_runs(cmd, args.n, env)
            results[label] = (wall, cpu)
            print(f"{label:32} {wall * 1000:11.0f} ms {cpu * 1000:10.0f} ms  {code}")
        print("\nimport breakdown of `check one.docx` (cumulative, top-level imports):")
        for us, name in import_breakdown([*cli, "check", str(args.file)], env, args.top):
            print(f"  {us / 1000:7.1f} ms  {name}")
    wall, cpu = results["check one.docx"]
    verdict = "PASS" if wall <= TARGET else "MISS"
    print(f"\n{verdict} check one.docx ≤ {TARGET} s: {wall:.2f} s wall, {cpu:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
