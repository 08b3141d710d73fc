"""The package's parsed data kept between runs: the compiled rule set and the parsed vocabularies.

Parsing the rule files and vocabularies costs every run (and every ``-j`` worker) ~80 ms of a
~0.5 s start-up; unpickling what an earlier run built costs a few. An entry is found by a hash of
everything its value depends on — the data files' text, the package's code (each source file's
size and modification time), PyYAML's, the Python version — so an edited rule file, an upgraded
package or a changed check kind simply misses and is rebuilt; nothing is ever invalidated by hand.

The folder is ``GOVINFO_CHECK_CACHE`` when set (``off`` turns the cache off), else the user cache
folder (platformdirs). Entries are written atomically; one that cannot be read (truncated,
damaged, written by an incompatible version) is rebuilt and replaced; a folder that cannot be
written is no error — the run just parses as it would without a cache. Only the package's own
data is cached: a user's ``--rules`` file is read afresh each run, so its errors are always seen.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

ENV_VAR = "GOVINFO_CHECK_CACHE"
APP_NAME = "govinfo-check"
FORMAT = 1  # bump when the layout of an entry changes
MAX_ENTRIES = 64  # older entries beyond this are removed when one is written
_SUFFIX = ".pickle"
_SUFFIXES = (_SUFFIX, ".marshal")  # every kind of entry (startcache writes .marshal)

T = TypeVar("T")


def folder() -> Path | None:
    """Where entries live, or None when the cache is off."""
    env = os.environ.get(ENV_VAR)
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no", "false") else Path(env)
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / "data"


@lru_cache(maxsize=1)
def _code_stamp() -> bytes:
    """What makes this installation's results what they are, apart from the data: the package's
    and Python's versions, each file of the package (size and modification time) and PyYAML's."""
    from . import __version__

    parts = [f"{FORMAT}|{__version__}|{sys.version}|{sys.implementation.cache_tag}"]
    roots = [Path(__file__).resolve().parent]
    try:
        from importlib import resources

        rules = resources.files("govinfo_check.rules")
        # an editable install keeps the rule package outside src/; an installed one has it inside
        if isinstance(rules, Path) and roots[0] not in rules.resolve().parents:
            roots.append(rules.resolve())
    except (ImportError, OSError, TypeError):
        pass
    for root in roots:
        parts.extend(_files_stamp(root))
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    if spec is not None and spec.origin:
        parts.extend(_files_stamp(Path(spec.origin).parent))
    return "\n".join(parts).encode("utf-8", "surrogateescape")


def _files_stamp(root: Path) -> list[str]:
    out: list[str] = []
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    out.extend(_files_stamp(Path(entry.path)))
            elif entry.name.endswith((".py", ".yaml", ".csv", ".so", ".pyd")):
                st = entry.stat()
                out.append(f"{entry.path}|{st.st_size}|{st.st_mtime_ns}")
        except OSError:
            continue
    return out


def key(name: str, inputs: Iterable[str | bytes]) -> str:
    import hashlib

    h = hashlib.sha256(name.encode() + b"\0" + _code_stamp())
    for item in inputs:
        data = item.encode("utf-8", "surrogateescape") if isinstance(item, str) else item
        h.update(b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()[:40]


def cached(name: str, inputs: Iterable[str | bytes], build: Callable[[], T]) -> T:
    """``build()``'s value for these inputs: unpickled from an earlier run's entry when there is
    one, else built (an exception from ``build`` propagates; nothing is stored) and stored."""
    where = folder()
    if where is None:
        return build()
    path = where / f"{name}-{key(name, inputs)}{_SUFFIX}"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)  # noqa: S301 - the user's own cache folder, written by this module
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001, S110 - unreadable or damaged: rebuilt and replaced below
        pass
    value = build()
    _store(path, value)
    return value


def _store(path: Path, value: Any) -> None:
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a value that does not pickle is simply not cached
        return
    store_bytes(path, data)


def store_bytes(path: Path, data: bytes) -> None:
    """Write an entry of the folder atomically; a folder that cannot be written is no error."""
    from .atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError:
        return  # a read-only home, a full disk: the run goes on uncached
    _prune(path.parent)


def _prune(where: Path) -> None:
    """Keep the folder small: entries from older versions or edited files are never read again."""
    try:
        entries = [(e.stat().st_mtime_ns, e.path) for e in os.scandir(where)
                   if e.name.endswith(_SUFFIXES) and e.is_file(follow_symlinks=False)]
    except OSError:
        return
    for _, stale in sorted(entries, reverse=True)[MAX_ENTRIES:]:
        try:
            os.unlink(stale)
        except OSError:
            pass


def clear() -> int:
    """Remove every entry (tests, or a user who wants the space back); returns how many."""
    where = folder()
    n = 0
    if where is None or not where.is_dir():
        return n
    for entry in os.scandir(where):
        if entry.name.endswith(_SUFFIXES):
            try:
                os.unlink(entry.path)
                n += 1
            except OSError:
                pass
    return n
