#!/usr/bin/env python3
"""Render an HTML report to PNG (or PDF) in headless Chromium, to look at the layout.

    python tools/screenshot_html.py report.html report.png [--width 1280 --height 3000]
    python tools/screenshot_html.py report.html report.pdf   # the print layout (A4)

Not run in CI: it needs Chromium (Debian: ``apt-get install -y chromium``). Chromium runs with
a fresh throw-away profile and with networking features off; the report itself must need no
network anyway.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
QUIET_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)


def find_browser() -> str | None:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def command(browser: str, html: Path, out: Path, profile: Path, width: int, height: int) -> list[str]:
    target = (f"--print-to-pdf={out}", "--no-pdf-header-footer") if out.suffix.lower() == ".pdf" \
        else (f"--screenshot={out}", f"--window-size={width},{height}")
    return [browser, *QUIET_FLAGS, f"--user-data-dir={profile}", *target, html.resolve().as_uri()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html", type=Path)
    ap.add_argument("out", type=Path, help=".png for a screenshot, .pdf for the print layout")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=3000)
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args(argv)
    if not args.html.is_file():
        print(f"没有这个文件 / no such file: {args.html}", file=sys.stderr)
        return 2
    browser = find_browser()
    if browser is None:
        print("未找到 Chromium / Chromium not found (apt-get install -y chromium)", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="govinfo-shot-") as profile:
        cmd = command(browser, args.html, args.out.resolve(), Path(profile), args.width, args.height)
        try:
            done = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print(f"Chromium 超时 / timed out after {args.timeout} s", file=sys.stderr)
            return 1
    if done.returncode != 0 or not args.out.is_file():
        print(done.stderr[-2000:], file=sys.stderr)
        return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
