"""How exactly each reader reads the figures: the positive samples (.docx), written by LibreOffice
to .pdf, .html, .doc and .odt, read back through ``readers.read`` and compared figure by figure
with the .docx.

    python benchmarks/formats.py                       # all positive samples, every format
    python benchmarks/formats.py --formats pdf html    # some formats
    python benchmarks/formats.py --keep out/           # keep the converted files

A figure counts as exact when the same canonical key (fields.csv) is found with the same kind
(number / blank / invalid) and the same number. Per format: figures expected, exact, missing (key
not found), different (found with another value), and the files with any difference. Exit code 1
when a format reads fewer than ``--min`` (default 99 %) of the figures exactly.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from govinfo_check import pipeline  # noqa: E402
from govinfo_check.readers import libreoffice  # noqa: E402

# LibreOffice export filter per target suffix
FILTERS = {
    "pdf": "pdf:writer_pdf_Export",
    "html": "html:HTML (StarWriter)",
    "doc": "doc:MS Word 97",
    "odt": "odt",
    "rtf": "rtf",
}


def convert(files: list[Path], fmt: str, out: Path, soffice: str) -> float:
    """Convert ``files`` in one LibreOffice run (a private profile); returns the seconds taken."""
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="govinfo-bench-lo-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", FILTERS[fmt], "--outdir", str(out), *map(str, files)],
                       check=True, capture_output=True, timeout=60 + 20 * len(files))
    return time.perf_counter() - start


def figures_of(path: Path) -> tuple[dict[str, tuple[str, object]], str, list[str]]:
    report = pipeline.parse_file(path)
    figs = {k: (f.value.kind, f.value.number) for k, f in report.figures.items()}
    figs.update({f"extra:{k}": (f.value.kind, f.value.number) for k, f in report.extras.items()})
    return figs, report.reader, [p.code for p in report.problems]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=Path, default=REPO / "samples" / "positive")
    ap.add_argument("--formats", nargs="+", default=["pdf", "html", "doc", "odt", "rtf"], choices=sorted(FILTERS))
    ap.add_argument("--keep", type=Path, help="write the converted files here instead of a temporary folder")
    ap.add_argument("--min", type=float, default=99.0, help="lowest acceptable %% of exact figures per format")
    ap.add_argument("--verbose", action="store_true", help="list every differing figure")
    args = ap.parse_args(argv)

    soffice = libreoffice.find_soffice()
    if soffice is None:
        print("LibreOffice (soffice) is not installed: nothing to convert", file=sys.stderr)
        return 2
    docs = sorted(args.samples.glob("*.docx"))
    if not docs:
        print(f"no .docx in {args.samples}", file=sys.stderr)
        return 2
    base = {d.stem: figures_of(d)[0] for d in docs}
    root = args.keep or Path(tempfile.mkdtemp(prefix="govinfo-bench-formats-"))
    worst = 100.0
    print(f"{len(docs)} samples, {sum(map(len, base.values()))} figures in the .docx files\n")
    print(f"{'format':8} {'reader':22} {'figures':>8} {'exact':>8} {'missing':>8} {'different':>9} {'exact %':>8}"
          f" {'convert s':>9} {'read s':>7}  files with differences")
    try:
        for fmt in args.formats:
            out = root / fmt
            done = args.keep is not None and all((out / f"{d.stem}.{fmt}").exists() for d in docs)
            secs = 0.0 if done else convert(docs, fmt, out, soffice)  # --keep: reuse an earlier conversion
            total = exact = missing = different = 0
            bad_files: list[str] = []
            readers: set[str] = set()
            details: list[str] = []
            start = time.perf_counter()
            for d in docs:
                conv = out / f"{d.stem}.{fmt}"
                expected = base[d.stem]
                got, reader, problems = figures_of(conv) if conv.exists() else ({}, "-", ["not converted"])
                readers.add(reader)
                total += len(expected)
                diff = 0
                for key, want in expected.items():
                    have = got.get(key)
                    if have == want:
                        exact += 1
                    elif have is None:
                        missing += 1
                        diff += 1
                        details.append(f"  {conv.name}: {key} missing (docx {want[1]})")
                    else:
                        different += 1
                        diff += 1
                        details.append(f"  {conv.name}: {key} {have} (docx {want})")
                if diff:
                    bad_files.append(f"{d.stem}({diff}; {','.join(sorted(set(problems)))})")
            read_s = time.perf_counter() - start
            pct = 100.0 * exact / total if total else 0.0
            worst = min(worst, pct)
            print(f"{fmt:8} {','.join(sorted(readers)):22} {total:8} {exact:8} {missing:8} {different:9} {pct:8.2f}"
                  f" {secs:9.1f} {read_s:7.1f}  {' '.join(bad_files) or '-'}")
            if args.verbose and details:
                print("\n".join(details))
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0 if worst >= args.min else 1


if __name__ == "__main__":
    raise SystemExit(main())
