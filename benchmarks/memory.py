"""Peak memory of ``govinfo-check check`` by output format and batch size.

For each format and each batch size (default 300 and 3000 reports) runs the real CLI
(``check FOLDER -j N --format F -o FILE --quiet``) in a subprocess and prints the peak RSS of its
process tree (the CLI and its workers, summed, sampled from /proc every 50 ms), the time and the
exit code (0 and 1 are normal; anything else is shown). The point is the ratio between the two sizes: for the line formats
(jsonl, csv) memory must not depend on the number of files; json and xlsx grow only by a few
values per file; text and html lay out the whole batch and grow with it.

The corpus: ``--base`` distinct reports from tools/make_samples.py (``generate_corpus``, as
bench.py makes it), and the larger batches made of hard links to them under distinct names
(generating 3,000 reports takes far longer than checking them; the checker reads every path as
its own file, so memory behaves as for distinct files — only cross-year pairing sees the same
agencies again).

    python benchmarks/memory.py [--sizes 300 3000] [--formats json jsonl csv xlsx sarif html text] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import CLI, corpus, tree_rss  # noqa: E402

FORMATS = ("json", "jsonl", "csv", "xlsx", "sarif", "html", "text")


def batch(base: list[Path], size: int, root: Path) -> Path:
    """A folder of ``size`` paths, hard links to the ``base`` reports in turn."""
    folder = root / f"batch-{size}"
    if folder.is_dir() and sum(1 for _ in folder.rglob("*.docx")) == size:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(size):
        dst = folder / f"copy-{i // len(base):02}" / f"{i:05}-{base[i % len(base)].name}"
        dst.parent.mkdir(exist_ok=True)
        if not dst.exists():
            os.link(base[i % len(base)], dst)
    return folder


def measure(folder: Path, fmt: str, jobs: int, out_dir: Path) -> tuple[int | None, float, int]:
    out = out_dir / f"out.{fmt}"
    cmd = [sys.executable, "-c", CLI, "check", str(folder), "-j", str(jobs), "--format", fmt, "-o", str(out),
           "--quiet"]
    t0 = time.perf_counter()
    # the CLI's own process tree only: this process holds the generated corpus's libraries and
    # would add a constant ~120 MiB to every figure
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - t0
    out.unlink(missing_ok=True)
    return peak or None, seconds, proc.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    ap.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    ap.add_argument("--base", type=int, default=300, help="distinct reports to generate (default 300)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--root", type=Path, default=Path(tempfile.gettempdir()) / "govinfo-memory")
    args = ap.parse_args(argv)

    base = corpus(args.root / f"base-{args.base}-{args.seed}", args.base, args.seed)[: args.base]
    folders = {n: batch(base, n, args.root) for n in args.sizes}
    print(f"govinfo-check peak memory: {args.jobs} workers, {len(base)} distinct reports, "
          f"Python {sys.version.split()[0]}")
    head = f"{'format':<7}" + "".join(f"{f'{n} files':>22}" for n in args.sizes) + f"{'ratio':>8}"
    print(head)
    with tempfile.TemporaryDirectory(prefix="govinfo-memory-out-") as tmp:
        for fmt in args.formats:
            cells, peaks = [], []
            for n in args.sizes:
                peak, seconds, code = measure(folders[n], fmt, args.jobs, Path(tmp))
                peaks.append(peak)
                flag = "" if code in (0, 1) else f" exit {code}"
                cells.append(f"{(peak or 0) / 2**20:>9,.0f} MiB {seconds:>6.1f}s{flag}")
            ratio = peaks[-1] / peaks[0] if peaks[0] and peaks[-1] else float("nan")
            print(f"{fmt:<7}" + "".join(f"{c:>22}" for c in cells) + f"{ratio:>7.2f}×", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
