from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from govinfo_check.atomic import write_atomic


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_writes_str_as_utf8_and_bytes_verbatim(tmp_path: Path) -> None:
    target = tmp_path / "报告.json"
    assert write_atomic(target, "总计 12\n") == target
    assert target.read_bytes() == "总计 12\n".encode("utf-8")
    write_atomic(target, b"\x00\x01binary")
    assert target.read_bytes() == b"\x00\x01binary"
    assert _leftovers(tmp_path) == []


def test_new_file_gets_umask_permissions_not_mkstemp_0600(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    target = tmp_path / "new.csv"
    write_atomic(target, "a")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_overwrite_keeps_existing_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_failure_mid_write_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old content", encoding="utf-8")
    # a lone surrogate cannot be encoded: fails after the temp file exists
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "partial \ud800 data")
    assert target.read_text(encoding="utf-8") == "old content"
    assert _leftovers(tmp_path) == []


def test_non_text_data_is_a_type_error_and_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(TypeError, match="str or bytes"):
        write_atomic(target, {"not": "serialised"})  # type: ignore[arg-type]
    assert target.read_text() == "old"


def test_missing_directory_is_a_clear_oserror(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "out.json"
    with pytest.raises(OSError) as info:
        write_atomic(target, "x")
    assert str(target) in str(info.value)
    assert "cannot write" in str(info.value) and "无法写入" in str(info.value)
    assert not target.exists()


def test_parent_is_a_file_is_a_clear_oserror(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("i am a file")
    with pytest.raises(OSError, match="cannot write"):
        write_atomic(blocker / "out.json", "x")
    assert blocker.read_text() == "i am a file"


def test_target_is_a_directory_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "adir"
    target.mkdir()
    (target / "keep").write_text("k")
    with pytest.raises(IsADirectoryError, match="cannot write"):
        write_atomic(target, "x")
    assert (target / "keep").read_text() == "k"
    assert _leftovers(tmp_path) == []


def test_relative_path_in_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_atomic("plain.txt", "ok")
    assert (tmp_path / "plain.txt").read_text() == "ok"


def test_a_stop_signal_as_the_temporary_file_is_made_leaves_nothing_behind(tmp_path: Path, monkeypatch) -> None:
    """SIGTERM (or Ctrl-C) right after the temporary file exists, before the clean-up is armed: it
    takes effect once the clean-up can act, and the folder holds only what it held."""
    import signal
    import tempfile

    from govinfo_check import atomic

    class Stopped(Exception):
        pass

    def stop(signum, frame):
        raise Stopped()

    real = tempfile.mkstemp

    def mkstemp_then_signal(*args, **kwargs):
        made = real(*args, **kwargs)
        signal.raise_signal(signal.SIGTERM)  # the handler runs here, unless held
        return made

    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    old = signal.signal(signal.SIGTERM, stop)
    try:
        monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_signal)
        with pytest.raises(Stopped):
            with atomic.open_atomic(target) as fh:
                fh.write("new")
    finally:
        signal.signal(signal.SIGTERM, old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    assert target.read_text(encoding="utf-8") == "old"
    assert signal.getsignal(signal.SIGTERM) is old
