""".doc, .wps, .odt, .rtf: converted to .docx by LibreOffice, then read by the .docx reader.

Each conversion runs in a private temporary folder holding a copy of the input, the output and a
LibreOffice profile of its own: LibreOffice writes lock files beside what it opens and refuses to
start a second instance on a profile in use, so converting the input in place, or sharing the
user's profile between parallel workers, would touch the user's folder or make conversions fail
at random. The folder is removed whatever happens, and a hung LibreOffice is killed with its
whole process group.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from . import docx
from ..models import Document, Paragraph
from .errors import ReaderError, io_error

# Below the batch's default per-file limit (120 s), so a hung conversion is reported as what it
# is rather than as a generic timeout. Read at call time: tests and callers may change it.
CONVERT_TIMEOUT = 60.0
# A report is a few MB at most; copying a multi-GB file into the temp folder is not worth it.
MAX_INPUT_BYTES = 200 * 1024 * 1024
# Tests and unusual installs name the binary here (an empty value means "not installed").
ENV_SOFFICE = "GOVINFO_CHECK_SOFFICE"

_CANDIDATES = (
    "soffice",
    "libreoffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    if ENV_SOFFICE in os.environ:
        named = os.environ[ENV_SOFFICE].strip()
        return shutil.which(named) if named else None
    for cand in _CANDIDATES:
        found = shutil.which(cand)
        if found:
            return found
    return None


def read_converted(path: str) -> Document:
    """Convert ``path`` to .docx in a private folder and read that. Raises :class:`ReadError`:
    F-020 LibreOffice missing, F-021 it cannot open the file, F-022 it hung; F-00x from the
    .docx reader for what it produced; F-005/F-006 for an empty or unreadable input."""
    suffix = Path(path).suffix.lower()
    _check_input(path)
    soffice = find_soffice()
    if soffice is None:
        raise ReaderError("F-020", "LibreOffice (soffice) not found", suffix=suffix)
    with tempfile.TemporaryDirectory(prefix="govinfo-check-lo-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        # an ASCII name: LibreOffice mangles some non-ASCII names on systems without a UTF-8 locale
        src = work / f"input{suffix}"
        shutil.copyfile(path, src)
        out = work / "out"
        _run(soffice, src, out, work / "profile")
        produced = out / "input.docx"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise ReaderError("F-021", "LibreOffice produced no .docx", "LibreOffice 没有生成 .docx")
        doc = docx.read_document(produced)
    if not any(b.text.strip() if isinstance(b, Paragraph) else b.cells for b in doc.blocks):
        # LibreOffice "opens" many damaged files as an empty document rather than failing
        raise ReaderError("F-021", "the converted document is empty", "转换得到的是空文档")
    doc.path = path
    return doc


def _check_input(path: str) -> None:
    try:
        size = os.path.getsize(path)
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise io_error(exc, path) from exc
    if size == 0:
        raise ReaderError("F-005", "the file is empty (0 bytes)")
    if size > MAX_INPUT_BYTES:
        mb, limit = size // (1024 * 1024), MAX_INPUT_BYTES // (1024 * 1024)
        raise ReaderError("F-021", f"the file is {mb} MB, over the {limit} MB limit for conversion",
                          f"文件有 {mb} MB，超过转换上限 {limit} MB")


def _run(soffice: str, src: Path, out: Path, profile: Path) -> None:
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
        "--convert-to", "docx:MS Word 2007 XML",
        "--outdir", str(out),
        str(src),
    ]
    env = dict(os.environ)
    env["HOME"] = str(profile.parent)  # some LibreOffice builds write dot-files under $HOME regardless
    timeout = float(CONVERT_TIMEOUT)
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=str(profile.parent), env=env, start_new_session=True)
    except OSError as exc:
        raise ReaderError("F-020", f"cannot start {soffice}: {exc.strerror or exc}", suffix=src.suffix) from exc
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ReaderError("F-022", f"no result after {timeout:g} s", seconds=_num(timeout)) from None
    except BaseException:  # Ctrl-C or a batch timeout: never leave LibreOffice running
        _kill_group(proc)
        raise
    if proc.returncode != 0 and not (out / "input.docx").is_file():
        tail = (err or b"").decode("utf-8", "replace").strip().splitlines()
        said = f": {tail[-1]}" if tail else ""
        raise ReaderError("F-021", f"exit code {proc.returncode}{said}", f"退出码 {proc.returncode}{said}")


def _kill_group(proc: subprocess.Popen) -> None:
    """LibreOffice forks (oosplash → soffice.bin): kill the whole session, then reap."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x
