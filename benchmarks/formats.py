"""How exactly each reader reads the figures: the positive samples (.docx), written by LibreOffice
to .pdf, .html, .doc and .odt, read back through ``readers.read`` and compared figure by figure
with the .docx.

    python benchmarks/formats.py                       # all positive samples, every format
    python benchmarks/formats.py --formats pdf html    # some formats
    python benchmarks/formats.py --keep out/           # keep the converted files
    python benchmarks/formats.py --formats chromium-pdf # the HTML printed to PDF by Chromium

``chromium-pdf`` is another PDF producer: each sample written by LibreOffice to HTML, then printed
by headless Chromium (``--print-to-pdf``, with the browser's default header and footer: date, title,
address and page numbers, as a reader printing the published page gets them).

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
# formats made by another program from one LibreOffice writes: (that format, the file suffix)
DERIVED = {"chromium-pdf": ("html", "pdf")}


def find_chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


def convert(files: list[Path], fmt: str, out: Path, soffice: str) -> float:
    """Convert ``files`` in one LibreOffice run (a private profile); returns the seconds taken."""
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="govinfo-bench-lo-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", FILTERS[fmt], "--outdir", str(out), *map(str, files)],
                       check=True, capture_output=True, timeout=60 + 20 * len(files))
    return time.perf_counter() - start


def convert_chromium(files: list[Path], out: Path, soffice: str, chromium: str) -> float:
    """LibreOffice writes the HTML, then Chromium prints each page to PDF; returns the seconds taken."""
    start = time.perf_counter()
    html = out / "html"
    convert(files, "html", html, soffice)
    with tempfile.TemporaryDirectory(prefix="govinfo-bench-chromium-") as profile:
        for f in files:
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                            f"--print-to-pdf={out / (f.stem + '.pdf')}", (html / f"{f.stem}.html").as_uri()],
                           check=True, capture_output=True, timeout=120)
    return time.perf_counter() - start


def figures_of(path: Path) -> tuple[dict[str, tuple[str, object]], str, list[str]]:
    report = pipeline.parse_file(path)
    figs = {k: (f.value.kind, f.value.number) for k, f in report.figures.items()}
    figs.update({f"extra:{k}": (f.value.kind, f.value.number) for k, f in report.extras.items()})
    return figs, report.reader, [p.code for p in report.problems]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=Path, default=REPO / "samples" / "positive")
    ap.add_argument("--formats", nargs="+", default=["pdf", "html", "doc", "odt", "rtf"], choices=sorted([*FILTERS, *DERIVED]))
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
    print(f"{'format':12} {'reader':22} {'figures':>8} {'exact':>8} {'missing':>8} {'different':>9} {'exact %':>8}"
          f" {'convert s':>9} {'read s':>7}  files with differences")
    try:
        for fmt in args.formats:
            out = root / fmt
            suffix = DERIVED[fmt][1] if fmt in DERIVED else fmt
            done = args.keep is not None and all((out / f"{d.stem}.{suffix}").exists() for d in docs)
            if done:
                secs = 0.0  # --keep: reuse an earlier conversion
            elif fmt in DERIVED:
                chromium = find_chromium()
                if chromium is None:
                    print(f"{fmt}: Chromium is not installed, skipped", file=sys.stderr)
                    continue
                secs = convert_chromium(docs, out, soffice, chromium)
            else:
                secs = convert(docs, fmt, out, soffice)
            total = exact = missing = different = 0
            bad_files: list[str] = []
            readers: set[str] = set()
            details: list[str] = []
            start = time.perf_counter()
            for d in docs:
                conv = out / f"{d.stem}.{suffix}"
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
            print(f"{fmt:12} {','.join(sorted(readers)):22} {total:8} {exact:8} {missing:8} {different:9} {pct:8.2f}"
                  f" {secs:9.1f} {read_s:7.1f}  {' '.join(bad_files) or '-'}")
            if args.verbose and details:
                print("\n".join(details))
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0 if worst >= args.min else 1


if __name__ == "__main__":
    raise SystemExit(main())
