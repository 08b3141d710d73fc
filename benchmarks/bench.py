"""Throughput benchmark for ``govinfo-check check``.

Makes (or reuses) a folder of realistic reports with ``tools/make_samples.py``
(``generate_corpus(out_dir, n, seed)``), then measures in one run:

* floor      — the least any checker must do: unzip each file and lxml-parse word/document.xml,
               in this process, one file after another (the best of three passes);
* check -jN  — the CLI over the folder with N worker processes (default: all cores);
* check -j1  — the CLI with one process;

each CLI run ``--repeat`` times (the median is shown), and prints files/second, time per file, the
ratio to the floor, the CPU time of the whole process tree and the peak memory (RSS summed over the
process tree, sampled from /proc every 50 ms; on systems without /proc the peak of
``resource.getrusage`` self + largest child). Targets (issue #16): with all cores, wall time ≤ 1.6 ×
the floor; -j2 ≥ 1.8 × as fast as -j1; -j1 ≤ 2.5 × the floor per file. See benchmarks/README.md;
start-up time is benchmarks/startup.py's.

    python benchmarks/bench.py [--n 1000] [--jobs N] [--repeat 3] [--seed 7] [--corpus DIR] [--strict]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
MAKE_SAMPLES = REPO / "tools" / "make_samples.py"
MARKER = ".bench-corpus.json"
TARGET_ALL_CORES = 1.6  # × floor, wall time with every core
TARGET_SPEEDUP = 1.8  # -j2 over -j1
TARGET_SINGLE = 2.5  # × floor per file with one process
CLI = "from govinfo_check.cli import main; main()"


@dataclass
class Row:
    label: str
    files: int
    seconds: float
    peak_rss: int | None  # bytes
    note: str = ""
    cpu: float | None = None  # user + system seconds of the process tree

    @property
    def per_second(self) -> float:
        return self.files / self.seconds if self.seconds > 0 else float("inf")

    @property
    def ms_per_file(self) -> float:
        return 1000 * self.seconds / self.files if self.files else float("nan")


# --- corpus ------------------------------------------------------------------------------------


def _load_generator() -> Callable[..., object]:
    if not MAKE_SAMPLES.is_file():
        sys.exit(f"bench: {MAKE_SAMPLES} not found; it provides generate_corpus(out_dir, n, seed)")
    spec = importlib.util.spec_from_file_location("make_samples", MAKE_SAMPLES)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module
    spec.loader.exec_module(module)
    return module.generate_corpus  # type: ignore[attr-defined]


def corpus(folder: Path, n: int, seed: int) -> list[Path]:
    """The corpus' .docx files, generated unless a previous run left the same n and seed."""
    marker = folder / MARKER
    files = sorted(folder.rglob("*.docx")) if folder.is_dir() else []
    try:
        same = json.loads(marker.read_text()) == {"n": n, "seed": seed}
    except (OSError, ValueError):
        same = False
    if same and len(files) >= n:
        return files
    generate = _load_generator()
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    generate(folder, n, seed)
    files = sorted(folder.rglob("*.docx"))
    if not files:
        sys.exit(f"bench: generate_corpus made no .docx files in {folder}")
    marker.write_text(json.dumps({"n": n, "seed": seed}))
    print(f"generated {len(files)} reports in {time.perf_counter() - t0:.1f} s → {folder}", file=sys.stderr)
    return files


# --- memory ------------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read().rsplit(b")", 1)[1].split()
            tree.setdefault(int(stat[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    return tree


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(root: int) -> int:
    tree, todo, total = _children(), [root], 0
    while todo:
        pid = todo.pop()
        total += _rss(pid)
        todo.extend(tree.get(pid, ()))
    return total


class PeakSampler:
    """Peak RSS of this process and all its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self.available = Path("/proc/self/statm").exists()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakSampler:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.available:
            self._thread.join()


def rusage_peak() -> int | None:
    """Fallback: self + largest child maxrss (getrusage cannot sum a tree's peaks)."""
    try:
        import resource
    except ImportError:
        return None
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + kids) * scale


# --- measurements ------------------------------------------------------------------------------


def unzip_and_parse(files: list[Path]) -> None:
    """The floor's work: what any checker must do to read each file (instructions.py counts it too)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, huge_tree=False)
    for path in files:
        with zipfile.ZipFile(path) as zf:
            etree.fromstring(zf.read("word/document.xml"), parser)


def floor(files: list[Path], passes: int = 3) -> Row:
    # no sampler thread here: it would share the GIL with the loop and inflate the floor. The best
    # of a few passes: a floor is what the machine can do, not what a neighbour let it do once.
    unzip_and_parse(files[:1])  # lxml imported and set up before the clock starts
    best = float("inf")
    for _ in range(passes):
        t0 = time.perf_counter()
        unzip_and_parse(files)
        best = min(best, time.perf_counter() - t0)
    return Row("floor (unzip + lxml)", len(files), best, _rss(os.getpid()) or None, f"in-process, best of {passes}")


def _last_words(text: str) -> str:
    """The last line with words in it (rich draws boxes around errors)."""
    lines = [ln.strip(" │╭╮╰╯─") for ln in text.splitlines()]
    lines = [ln for ln in lines if any(ch.isalnum() for ch in ln)]
    errors = [ln for ln in lines if "Error" in ln or "错误" in ln]
    return (errors or lines or ["(no output)"])[-1][:120]


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_cli(folder: Path, n_files: int, jobs: int, out_dir: Path, repeat: int = 1) -> Row:
    """The median of ``repeat`` runs (wall time; the CPU time and peak memory of that run)."""
    runs = [_run_cli_once(folder, n_files, jobs, out_dir) for _ in range(max(1, repeat))]
    runs.sort(key=lambda r: r.seconds)
    return runs[len(runs) // 2]


def _run_cli_once(folder: Path, n_files: int, jobs: int, out_dir: Path) -> Row:
    out = out_dir / f"check-j{jobs}.json"
    cmd = [sys.executable, "-c", CLI, "check", str(folder), "-j", str(jobs), "--format", "json",
           "-o", str(out), "--quiet", "--glob", "*.docx"]
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    with PeakSampler() as mem:
        proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0  # the CLI and the workers it waited for
    note = ""
    if proc.returncode not in (0, 1):  # 1 = findings found, which a realistic corpus has
        note = f"exit {proc.returncode}: {_last_words(proc.stderr or proc.stdout)}"
    try:
        checked = len(json.loads(out.read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError):
        checked = 0
        note = note or f"no json output (exit {proc.returncode}: {_last_words(proc.stderr or proc.stdout)})"
    if checked and checked != n_files:
        note = f"checked {checked} of {n_files}"
    return Row(f"check -j{jobs}", checked or n_files, seconds, mem.peak or rusage_peak(), note, cpu)


# --- output ------------------------------------------------------------------------------------


def _mib(n: int | None) -> str:
    return "n/a" if n is None else f"{n / 2**20:,.0f} MiB"


def table(rows: list[Row], base: Row) -> str:
    lines = [f"{'run':<22} {'files':>6} {'time':>8} {'files/s':>9} {'ms/file':>8} {'×floor':>7} {'cpu':>7} "
             f"{'peak RSS':>10}  note"]
    for r in rows:
        ratio = r.ms_per_file / base.ms_per_file if base.ms_per_file else float("nan")
        cpu = f"{r.cpu:6.2f}s" if r.cpu is not None else "      -"
        lines.append(f"{r.label:<22} {r.files:>6} {r.seconds:>7.2f}s {r.per_second:>9.1f} {r.ms_per_file:>8.2f} "
                     f"{ratio:>7.2f} {cpu} {_mib(r.peak_rss):>10}  {r.note}")
    return "\n".join(lines)


def verdicts(parallel: Row | None, single: Row | None, base: Row, jobs: int) -> list[tuple[str, bool]]:
    out = []
    if parallel is not None and not parallel.note and jobs > 1:
        ratio = parallel.ms_per_file / base.ms_per_file
        out.append((f"-j{jobs} (all cores) wall ≤ {TARGET_ALL_CORES}× floor: {ratio:.2f}×", ratio <= TARGET_ALL_CORES))
    if parallel is not None and single is not None and not parallel.note and not single.note and jobs > 1:
        speedup = single.seconds / parallel.seconds
        out.append((f"-j{jobs} ≥ {TARGET_SPEEDUP}× as fast as -j1: {speedup:.2f}×", speedup >= TARGET_SPEEDUP))
    if single is not None and not single.note:
        ratio = single.ms_per_file / base.ms_per_file
        out.append((f"-j1 time per file ≤ {TARGET_SINGLE}× floor: {ratio:.2f}×", ratio <= TARGET_SINGLE))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="number of reports (default 1000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers for the parallel run")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: a temp folder per n/seed)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each CLI command; the median is shown")
    ap.add_argument("--no-single", action="store_true", help="skip the -j1 run")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    if args.n < 1 or args.jobs < 1:
        ap.error("--n and --jobs must be at least 1")

    folder = args.corpus or Path(tempfile.gettempdir()) / f"govinfo-bench-{args.n}-{args.seed}"
    files = corpus(folder, args.n, args.seed)[: args.n]
    with tempfile.TemporaryDirectory(prefix="govinfo-bench-out-") as tmp:
        base = floor(files)
        parallel = run_cli(folder, len(files), args.jobs, Path(tmp), args.repeat)
        single = None if args.no_single or args.jobs == 1 else run_cli(folder, len(files), 1, Path(tmp), args.repeat)
    rows = [base, parallel] + ([single] if single else [])
    print(f"govinfo-check benchmark: {len(files)} reports, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} at the end")
    print(table(rows, base))
    results = verdicts(parallel, single if single else (parallel if args.jobs == 1 else None), base, args.jobs)
    for text, ok in results:
        print(f"{'PASS' if ok else 'MISS'}  {text}")
    return 1 if args.strict and not all(ok for _, ok in results) else 0


if __name__ == "__main__":
    sys.exit(main())
