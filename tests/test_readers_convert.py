"""Our own reports in the forms they arrive: a few positive samples written by LibreOffice to .pdf,
.html and .doc are read with the same figures as the .docx they came from.

A handful, not all (benchmarks/formats.py measures every sample in every format); one LibreOffice
run per format, and the .doc files read back in parallel (private profiles must not collide). Skipped where LibreOffice is not installed (CI installs it)."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from govinfo_check import pipeline
from govinfo_check.readers import libreoffice

from conftest import SAMPLES

SOFFICE = libreoffice.find_soffice()
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

# plain; table 三 split across two Word tables (the hybrid layout is the real 洪泽 PDF's)
NAMES = ("plain-2024", "t3-split-no-header-2024")
FILTERS = {"pdf": "pdf:writer_pdf_Export", "html": "html:HTML (StarWriter)", "doc": "doc:MS Word 97"}
READERS = {"pdf": "pdf", "html": "html", "doc": "doc-via-libreoffice"}
# printed partly without lines: table 三 has no outer frame and its label column no column lines,
# so the PDF reader must close the frame itself (added to the one PDF run, no conversion of its own)
UNRULED = "layout-t3-no-group-label-2024"


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("converted")
    profile = tmp_path_factory.mktemp("lo-profile")
    sources = [str(SAMPLES / "positive" / f"{n}.docx") for n in NAMES]
    for fmt, filt in FILTERS.items():
        extra = [str(SAMPLES / "positive" / f"{UNRULED}.docx")] if fmt == "pdf" else []
        subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", filt, "--outdir", str(out / fmt), *sources, *extra],
                       check=True, capture_output=True, timeout=180)
    return out


def figures(path: Path) -> tuple[str, dict, dict, list[str]]:
    r = pipeline.parse_file(path)
    as_values = lambda figs: {k: (f.value.kind, f.value.number) for k, f in figs.items()}  # noqa: E731
    return r.reader, as_values(r.figures), as_values(r.extras), [p.code for p in r.problems]


@pytest.fixture(scope="module")
def originals() -> dict[str, tuple]:
    return {n: figures(SAMPLES / "positive" / f"{n}.docx") for n in NAMES}


@pytest.fixture(scope="module")
def read_back(converted: Path) -> dict[tuple[str, str], tuple]:
    """Every converted file read once; the .doc files in parallel threads, each conversion with its
    own LibreOffice profile: they must not collide."""
    paths = {(fmt, n): converted / fmt / f"{n}.{fmt}" for fmt in FILTERS for n in NAMES}
    with ThreadPoolExecutor(len(NAMES)) as pool:
        done = dict(zip(paths, pool.map(figures, paths.values())))
    return done


@pytest.mark.parametrize("fmt", sorted(FILTERS))
@pytest.mark.parametrize("name", NAMES)
def test_converted_sample_has_the_docx_figures(read_back: dict, originals: dict, fmt: str, name: str) -> None:
    reader, figs, extras, problems = read_back[(fmt, name)]
    _, want_figs, want_extras, want_problems = originals[name]
    assert reader == READERS[fmt]
    assert problems == want_problems
    assert figs == want_figs
    assert extras == want_extras


def test_table_printed_without_its_frame_reads_as_in_word(converted: Path) -> None:
    reader, figs, extras, problems = figures(converted / "pdf" / f"{UNRULED}.pdf")
    _, want_figs, want_extras, want_problems = figures(SAMPLES / "positive" / f"{UNRULED}.docx")
    assert reader == "pdf"
    assert len(want_figs) == 200  # the whole form: 表二, 表三 and 表四
    assert figs == want_figs
    assert extras == want_extras
    assert problems == want_problems


def test_a_wps_file_reads_as_the_word_97_document_it_is(converted: Path, originals: dict, tmp_path: Path) -> None:
    # WPS Office's own .wps (WPS文字) is a Word 97 binary in an OLE container under another suffix;
    # LibreOffice tells it by its content, not by the suffix
    name = NAMES[0]
    wps = tmp_path / f"{name}.wps"
    wps.write_bytes((converted / "doc" / f"{name}.doc").read_bytes())
    reader, figs, extras, problems = figures(wps)
    assert reader == "wps-via-libreoffice"
    assert (figs, extras, problems) == originals[name][1:]
