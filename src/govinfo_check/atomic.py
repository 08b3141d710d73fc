"""Atomic file writes: a reader (or a crash) never sees a half-written report.

The data goes to a temporary file in the target's own directory (so ``os.replace`` is a rename on
one file system, which POSIX and Windows both make atomic), is flushed and fsynced, and only then
replaces the target. On any failure the temporary file is removed and the target is untouched.

What is *not* a regular file is never replaced:

* a device node, FIFO or socket (``-o /dev/null``, ``-o fifo``) is opened and written straight
  to — renaming a file onto ``/dev/null`` would replace the device for every program;
* a symbolic link is written *through*: the file it points to is replaced atomically and the
  link itself stays a link (replacing it with a regular file would silently break whatever the
  link is there for). A link to a device is written straight to, like the device;
* ``-`` means standard output (see :func:`open_output`).
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

__all__ = ["reason", "write_atomic", "open_atomic", "open_output", "is_stdout", "is_special", "final_target"]

STDOUT = "-"


@lru_cache(maxsize=1)
def _umask() -> int:
    # os.umask can only be read by setting it; do it once, not per write.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target_mode(target: Path) -> int:
    """Keep an existing file's permissions; give a new file the usual 0666 & ~umask (mkstemp's
    0600 would make a shared report unreadable to colleagues)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not possible on Windows, harmless to skip there.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _clear_error(exc: OSError, target: Path) -> OSError:
    reason = exc.strerror or str(exc)
    code = exc.errno if exc.errno is not None else errno.EIO
    msg = f"无法写入 {target}：{reason} / cannot write {target}: {reason}"
    new = type(exc)(code, msg)
    new.filename = str(target)
    new.reason = reason  # type: ignore[attr-defined]  # the bare reason, for messages that name the path
    return new


def reason(exc: OSError) -> str:
    """What went wrong writing, without the path (messages name the path themselves)."""
    return getattr(exc, "reason", None) or exc.strerror or str(exc)


def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    return path is not None and os.fspath(path) == STDOUT


def final_target(path: str | os.PathLike[str]) -> Path:
    """Where a write to ``path`` lands: the file at the end of any chain of symbolic links (which
    need not exist yet), else ``path`` itself. A looping link is an OSError (ELOOP)."""
    target = Path(path)
    if not target.is_symlink():
        return target
    real = Path(os.path.realpath(target))
    if real.is_symlink():  # realpath stops where a chain of links loops
        raise OSError(errno.ELOOP, "符号链接循环 / symbolic link loop", str(target))
    return real


def is_special(path: str | os.PathLike[str]) -> bool:
    """True for what exists and is not a regular file or folder after following links: a device
    node, FIFO or socket. Such a target is written straight to, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@contextmanager
def open_atomic(path: str | os.PathLike[str], *, binary: bool = False,
                encoding: str = "utf-8", newline: str | None = "") -> Iterator[IO[Any]]:
    """A file object whose content replaces ``path`` only when the ``with`` block ends without an
    exception; on any exception the target keeps its previous content and no temporary file is
    left. ``path`` may be a link (the file it points to is replaced), a device node or FIFO
    (written straight to), or ``-`` (standard output, written as the data comes)."""
    if is_stdout(path):
        if binary:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
            sys.stdout.flush()
        return
    given = Path(path)
    try:
        target = final_target(given)
    except OSError as exc:  # a link loop
        raise _clear_error(exc, given) from exc
    if target.is_dir():
        raise _clear_error(IsADirectoryError(errno.EISDIR, "是一个目录 / is a directory"), given)
    if is_special(target):
        try:
            fh = open(target, "wb" if binary else "w", **({} if binary else
                                                           {"encoding": encoding, "newline": newline}))
        except OSError as exc:
            raise _clear_error(exc, given) from exc
        with fh:
            yield fh
        return
    directory = target.parent if str(target.parent) else Path(".")
    import tempfile  # here, not at the top: most runs write nothing but standard output

    tmp: Path | None = None
    try:
        with _signals_held():  # a stop signal between the file's creation and its clean-up would leave it
            try:
                fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
            except OSError as exc:
                raise _clear_error(exc, given) from exc
            tmp = Path(tmp_name)
        raw = os.fdopen(fd, "wb")
        fh: IO[Any] = raw if binary else io.TextIOWrapper(raw, encoding=encoding, newline=newline)
        with fh:
            yield fh
            fh.flush()
            os.fsync(raw.fileno())
        os.chmod(tmp, _target_mode(target))
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp is None:  # not created
            raise
        try:
            tmp.unlink()
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _clear_error(exc, given) from exc
        raise
    _fsync_dir(directory)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done, then act as they would have (their handlers
    raise in the main thread, between any two steps). Only the main thread receives them."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[tuple[int, Any]] = []
    held = {}
    for signum in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
        if signum is not None:
            held[signum] = signal.signal(signum, lambda n, frame: caught.append((n, frame)))
    try:
        yield
    finally:
        for signum, handler in held.items():
            signal.signal(signum, handler)
        for signum, frame in caught[:1]:
            handler = held[signum]
            if callable(handler):
                handler(signum, frame)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(signum)


@contextmanager
def open_output(path: str | os.PathLike[str] | None, *, binary: bool = False,
                stdout: IO[Any] | None = None) -> Iterator[IO[Any]]:
    """Where a report goes: ``None`` or ``-`` is standard output (``stdout`` when given, e.g. a
    test's buffer), anything else :func:`open_atomic`."""
    if path is None or is_stdout(path):
        stream = stdout if stdout is not None else (sys.stdout.buffer if binary else sys.stdout)
        if binary and stdout is not None and isinstance(stdout, io.TextIOBase):
            stream = getattr(stdout, "buffer", stdout)
        yield stream
        stream.flush()
        return
    with open_atomic(path, binary=binary) as fh:
        yield fh


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically and return the path given.

    ``str`` data is encoded with ``encoding``. Raises ``OSError`` (message in Chinese and English,
    naming the path) when the location cannot be written, ``TypeError`` for other data types, and
    re-raises any error met while writing (e.g. ``UnicodeEncodeError``) after cleaning up; in every
    failure case the target file keeps its previous content. A link, device or FIFO is handled
    as :func:`open_atomic` says.
    """
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"write_atomic needs str or bytes, not {type(data).__name__}")
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    with open_atomic(path, binary=True) as fh:
        fh.write(payload)
    return Path(path)
