"""Bounded work per file (issue #12, defects 3, 5 and the F-007 wording of 9): the reader's part limit,
the annotated copy's package limits, and the memory limit of each worker."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinfo_check import annotate, checker, docx_reader, pipeline, runner
from govinfo_check.cli import app
from govinfo_check.models import FileResult

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PLAIN = SAMPLES / "positive" / "plain-2024.docx"
MiB = 1024 * 1024


def _repack(dst: Path, change: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None) -> Path:
    """PLAIN with some parts replaced (None: removed) or added."""
    change, add = change or {}, add or {}
    with zipfile.ZipFile(PLAIN) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    zout.writestr(info, change[info.filename])
            else:
                zout.writestr(info, zin.read(info))
        for name, data in add.items():
            zout.writestr(name, data)
    return dst


def _padded(part: str, size: int) -> bytes:
    """``part`` of PLAIN grown to ``size`` bytes with a comment (compresses to almost nothing)."""
    data = zipfile.ZipFile(PLAIN).read(part)
    return data.replace(b"?>", b"?><!--" + b"x" * (size - len(data) - 7) + b"-->", 1)


# --- the reader: parts over what a real report needs -------------------------------------------------


def test_document_xml_over_the_part_limit_is_f007_naming_it(tmp_path: Path) -> None:
    big = _repack(tmp_path / "big.docx", {"word/document.xml": _padded("word/document.xml", 5 * MiB)})
    assert big.stat().st_size < 200_000  # a small file that inflates to 5 MB
    problems = pipeline.parse_file(big).problems
    assert [p.code for p in problems] == ["F-007"]
    assert "word/document.xml is 5 MB uncompressed, over the 4 MB limit" in problems[0].message("en")


def test_styles_over_the_limit_names_styles_not_document(tmp_path: Path) -> None:
    big = _repack(tmp_path / "styles.docx", {"word/styles.xml": _padded("word/styles.xml", 5 * MiB)})
    problems = pipeline.parse_file(big).problems
    assert [p.code for p in problems] == ["F-007"]
    en = problems[0].message("en")
    assert en.startswith("Cannot read: an XML part of the file is too large or has unsafe XML (word/styles.xml is 5 MB")
    assert "document.xml is too large" not in en


def test_a_real_sized_document_is_under_the_limit() -> None:
    size = zipfile.ZipFile(PLAIN).getinfo("word/document.xml").file_size
    assert size < 1 * MiB and docx_reader.MAX_XML_BYTES == 4 * MiB  # the filled official template: ~0.3 MB


# --- the annotated copy: python-docx opens every part ------------------------------------------------


def _result(path: Path) -> FileResult:
    return checker.check_file(path, runner.load_rules())


def test_annotate_refuses_a_package_with_a_huge_picture(tmp_path: Path) -> None:
    bomb = _repack(tmp_path / "bomb.docx", add={"word/media/image99.png": b"\0" * (40 * MiB)})
    assert bomb.stat().st_size < 300_000
    dst = tmp_path / "copy.docx"
    with pytest.raises(annotate.AnnotateError) as info:
        annotate.annotate_file(bomb, dst, _result(bomb))
    assert info.value.message("en") == ("word/media/image99.png is 40 MB uncompressed, over the 32 MB limit; "
                                        "no annotated copy")
    assert not dst.exists()


def test_annotate_refuses_a_package_too_large_in_total(tmp_path: Path) -> None:
    parts = {f"word/media/image{i}.png": b"\0" * (30 * MiB) for i in range(4)}
    bomb = _repack(tmp_path / "bomb.docx", add=parts)
    with pytest.raises(annotate.AnnotateError) as info:
        annotate.annotate_file(bomb, tmp_path / "copy.docx", _result(bomb))
    assert "the package is 120" in info.value.message("en") and "over the 96 MB limit" in info.value.message("en")


def test_annotate_refuses_an_xml_part_with_a_doctype(tmp_path: Path) -> None:
    settings = zipfile.ZipFile(PLAIN).read("word/settings.xml")
    evil = settings.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
    bad = _repack(tmp_path / "doctype.docx", {"word/settings.xml": evil})
    assert pipeline.parse_file(bad).problems == []  # the reader never opens settings.xml
    with pytest.raises(annotate.AnnotateError) as info:
        annotate.annotate_file(bad, tmp_path / "copy.docx", _result(bad))
    assert info.value.message("zh").startswith("word/settings.xml 含有 DOCTYPE 声明")
    assert not (tmp_path / "copy.docx").exists()


def test_cli_annotate_of_a_bomb_writes_nothing_and_fails(tmp_path: Path) -> None:
    bomb = _repack(tmp_path / "bomb.docx", add={"word/media/image99.png": b"\0" * (40 * MiB)})
    dst = tmp_path / "copy.docx"
    res = CliRunner().invoke(app, ["check", "--annotate", str(dst), "--lang", "en", str(bomb)])
    assert res.exit_code == 2
    assert f"No annotated copy of {bomb}: word/media/image99.png is 40 MB" in res.stderr
    assert not dst.exists()


def test_annotate_still_works_on_a_normal_report(tmp_path: Path) -> None:
    annotate.check_package(PLAIN.read_bytes())  # nothing raised
    summary = annotate.annotate_file(PLAIN, tmp_path / "copy.docx", _result(PLAIN))
    assert summary.dst == str(tmp_path / "copy.docx")


# --- each worker's memory limit ---------------------------------------------------------------------


def _greedy_check_file(path, rules, **kwargs):
    bytearray(3 * 1024 * MiB)  # 3 GiB: over any worker's limit
    raise AssertionError("the allocation should have failed")


def test_a_worker_over_its_memory_limit_gives_f011_and_the_batch_goes_on(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(checker, "check_file", _greedy_check_file)  # the workers are forked after this
    files = [tmp_path / f"r{i}.docx" for i in range(3)]
    for f in files:
        f.write_bytes(PLAIN.read_bytes())
    spec = runner.BatchSpec(memory_headroom=256 * MiB, timeout=60)
    results = list(runner.run_batch(files, spec, jobs=2))
    assert [r.path for r in results] == [str(f) for f in files]
    for r in results:
        assert [f.code for f in r.findings] == ["F-011"]
        assert "memory limit of a worker process" in r.findings[0].message("en")


def test_worker_headroom_is_clamped() -> None:
    assert runner.WORKER_HEADROOM_MIN <= runner.worker_headroom(1) <= runner.WORKER_HEADROOM_MAX
    assert runner.worker_headroom(10_000) == runner.WORKER_HEADROOM_MIN
