"""Start-up time of the CLI: how long a drafter waits for ``govinfo-check check one.docx``.

Runs each command N times in a fresh interpreter and prints the median wall time and the median
CPU time (user + sys of the child): on a shared machine the CPU time is the steadier figure. Then
the import breakdown of one ``check`` run (``python -X importtime``): the top-level imports that
cost the most, cumulative.

    .venv/bin/python benchmarks/startup.py              # 10 runs each
    .venv/bin/python benchmarks/startup.py --n 20 --file samples/positive/hybrid-2023.docx
    .venv/bin/python benchmarks/startup.py --against /tmp/old/src   # interleaved with another version

The commands run in an empty temporary folder (no config file to find) with an empty history
folder and, unless ``--no-bytecode``, with the package's bytecode cached as a pip-installed wheel
has it. The parsed-data cache (datacache) is whatever the user cache folder holds; warm-up runs
fill it. ``--cold`` gives every run an empty cache folder instead (the first run after an install
or an upgrade).

``--instructions`` also counts, with valgrind's callgrind, the instructions of one run of each
command (the whole process, interpreter start and exit included): unlike the times, the count
does not move with whatever else the machine runs, so it is the figure to compare two versions by
on a shared machine.

Besides the parsed-data cache, the user cache folder holds the start-up cache (startcache: the
compiled regular expressions and dataclass methods); the warm-up runs fill both, ``--cold`` empties
both for every run.

Target (issue #16): ``check one.docx`` ≤ 0.5 s. Never asserted in a test: it depends on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
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
# the entry point every version has (``__main__`` answers ``--version`` first only since #16)
VIA_CLI = "import sys; from govinfo_check.cli import main; sys.exit(main())"


def _cli(src: Path | None) -> tuple[list[str], dict[str, str]]:
    """How to run a version: the console script beside this interpreter (what a user runs), or,
    for another source tree, the interpreter with that tree first on the path."""
    if src is not None:
        return [sys.executable, "-c", VIA_CLI], {"PYTHONPATH": str(src)}
    script = Path(sys.executable).with_name("govinfo-check")
    if script.exists():
        return [str(script)], {}
    return [sys.executable, "-m", "govinfo_check"], {}


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            return next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), platform.machine())
    except OSError:
        return platform.processor() or platform.machine()


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _run(argv: list[str], env: dict[str, str], cwd: str) -> tuple[float, float, int]:
    cpu0, t0 = _children_cpu(), time.perf_counter()
    code = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd).returncode
    return time.perf_counter() - t0, _children_cpu() - cpu0, code


def instructions(argv: list[str], env: dict[str, str], cwd: str) -> int | None:
    """Instructions of one run under callgrind (None without valgrind)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    proc = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    return int(found.group(1)) if found else None


def import_breakdown(argv: list[str], env: dict[str, str], cwd: str, top: int) -> list[tuple[int, str]]:
    """(cumulative µs, module) of the top-level imports of one run, most costly first."""
    cmd = [sys.executable, "-X", "importtime", *(argv[1:] if argv[0] == sys.executable else argv)]
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line.split("|")[-3:]
        if name.startswith(" ") and not name.startswith("  "):  # one leading space: top level
            rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:top]


def _drop_bytecode(src: Path | None) -> None:
    """Remove a tree's cached bytecode, so that every run compiles it (an editable install run
    with PYTHONDONTWRITEBYTECODE=1)."""
    if src is None:
        import govinfo_check

        src = Path(govinfo_check.__file__).parent
    for cache in src.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10, help="runs per command (default 10)")
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the report to check")
    ap.add_argument("--top", type=int, default=12, help="rows of the import breakdown")
    ap.add_argument("--against", type=Path, metavar="SRC",
                    help="another version's src/ folder, run alternately with this one")
    ap.add_argument("--cold", action="store_true", help="an empty parsed-data cache for every run")
    ap.add_argument("--no-bytecode", action="store_true",
                    help="without the package's cached bytecode (every run compiles its source)")
    ap.add_argument("--instructions", action="store_true",
                    help="also count each command's instructions once with valgrind's callgrind")
    args = ap.parse_args(argv)
    report = str(args.file.resolve())

    versions = {"this": _cli(None)}
    if args.against is not None:
        versions["against"] = _cli(args.against.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base_env = dict(os.environ, XDG_DATA_HOME=str(work / "data"), XDG_CONFIG_HOME=str(work / "config"),
                        COLUMNS="100")
        base_env.pop("PYTHONPROFILEIMPORTTIME", None)
        base_env.pop("GOVINFO_CHECK_HISTORY", None)
        if args.no_bytecode:
            base_env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            # a wheel installed by pip comes with its bytecode compiled; an editable install writes
            # it on the first run, unless PYTHONDONTWRITEBYTECODE forbids it (then every run compiles)
            base_env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = [("check one.docx", ["check", report]),
                    ("check one.docx --format json", ["check", report, "--format", "json"]),
                    ("--version", ["--version"]),
                    ("--help", ["--help"]),
                    ("check --help", ["check", "--help"])]
        envs = {name: dict(base_env, **extra) for name, (_, extra) in versions.items()}
        for name, (cli, _) in versions.items():  # warm the page cache, the bytecode, the caches
            # check twice: the first run builds the parsed-data cache, the second reads it (which
            # compiles what unpickling needs); then each command once, for what it alone compiles
            for _, words in [commands[0], *commands]:
                subprocess.run([*cli, *words], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=envs[name], cwd=tmp)
        print(f"govinfo-check start-up: {args.n} runs each, Python {platform.python_version()}, "
              f"{platform.machine()} ({_cpu_model()}), {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
              f"{'no cached bytecode' if args.no_bytecode else 'bytecode cached'}, "
              f"{'cold' if args.cold else 'warm'} data cache")
        header = "".join(f" {name + ' wall':>13} {name + ' CPU':>12}" for name in versions)
        print(f"{'command':30}{header}")
        results: dict[tuple[str, str], tuple[float, float]] = {}
        for label, words in [*commands, ("python -c pass", None)]:
            samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in versions}
            for i in range(args.n):
                for name, (cli, _) in versions.items():
                    if args.no_bytecode:
                        _drop_bytecode(args.against if name == "against" else None)
                    env = envs[name]
                    if args.cold:
                        env = dict(env, GOVINFO_CHECK_CACHE=str(work / f"cold-{name}-{label}-{i}"))
                    argv = [sys.executable, "-c", "pass"] if words is None else [*cli, *words]
                    samples[name].append(_run(argv, env, tmp))
            row = f"{label:30}"
            for name in versions:
                wall = statistics.median(s[0] for s in samples[name])
                cpu = statistics.median(s[1] for s in samples[name])
                results[(name, label)] = (wall, cpu)
                bad = {s[2] for s in samples[name]} - {0}
                row += f" {wall * 1000:10.0f} ms {cpu * 1000:9.0f} ms" + (f" exit {sorted(bad)}" if bad else "")
            if args.instructions:
                for name, (cli, _) in versions.items():
                    argv = [sys.executable, "-c", "pass"] if words is None else [*cli, *words]
                    count = instructions(argv, envs[name], tmp)
                    row += f"  {name} {count / 1e6:,.0f} M instr" if count else f"  {name} (no valgrind)"
            print(row)
        for name, (cli, _) in versions.items():
            print(f"\nimport breakdown of `check one.docx` ({name}; cumulative ms, top-level imports):")
            for us, module in import_breakdown([*cli, "check", report], envs[name], tmp, args.top):
                print(f"  {us / 1000:7.1f}  {module}")
    wall, cpu = results[("this", "check one.docx")]
    verdict = "PASS" if wall <= TARGET else "MISS"
    print(f"\n{verdict} check one.docx ≤ {TARGET} s: {wall:.2f} s wall, {cpu:.2f} s CPU (median of {args.n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
