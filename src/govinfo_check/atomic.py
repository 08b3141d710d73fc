"""Atomic file writes: a reader (or a crash) never sees a half-written report.

The data goes to a temporary file in the target's own directory (so ``os.replace`` is a rename on
one file system, which POSIX and Windows both make atomic), is flushed and fsynced, and only then
replaces the target. On any failure the temporary file is removed and the target is untouched.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

__all__ = ["write_atomic"]


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
    return new


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically and return the resolved path.

    ``str`` data is encoded with ``encoding``. Raises ``OSError`` (message in Chinese and English,
    naming the path) when the location cannot be written, ``TypeError`` for other data types, and
    re-raises any error met while writing (e.g. ``UnicodeEncodeError``) after cleaning up; in every
    failure case the target file keeps its previous content.
    """
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"write_atomic needs str or bytes, not {type(data).__name__}")
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise _clear_error(IsADirectoryError(errno.EISDIR, "是一个目录 / is a directory"), target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _clear_error(exc, target) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode(encoding) if isinstance(data, str) else bytes(data))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _target_mode(target))
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _clear_error(exc, target) from exc
        raise
    _fsync_dir(directory)
    return target
