"""The SQLite file behind the history: schema, migrations, concurrency and failure modes.

* A store file is created whole or not at all: the schema is built in a temporary file beside it,
  which is then hard-linked into place. So an existing file that is empty or not a database is
  damage, never "a new store", and is refused rather than silently read as an empty history.
* ``PRAGMA application_id`` marks the file as ours; ``PRAGMA user_version`` is the schema version.
  An older schema is migrated in one write transaction; a newer one is refused (an older
  govinfo-check must not write into a store it does not understand).
* WAL journal (readers never block the writer) and a busy timeout (two ``check --record`` runs at
  once wait for each other instead of failing); every write is one ``BEGIN IMMEDIATE`` transaction.
* Every sqlite3 error becomes a :class:`HistoryError` naming the file: no traceback reaches a user.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from .errors import HistoryError

APPLICATION_ID = 0x47564348  # "GVCH"
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 30.0  # seconds a writer waits for another; a batch commits in chunks well under this

# MIGRATIONS[n] turns schema n - 1 into schema n. Append, never edit a released step.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE reports (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,  -- also the order versions were stored in
            agency_norm   TEXT,     -- normalised agency name (crossyear.normalize_agency): the match key
            agency        TEXT,     -- as printed
            year          INTEGER,
            format_version TEXT NOT NULL,
            title         TEXT,
            sha256        TEXT,     -- of the file; NULL for figures imported from a CSV
            fingerprint   TEXT NOT NULL UNIQUE,  -- sha256 of the file, or of the imported row
            path          TEXT NOT NULL,
            added_at      TEXT NOT NULL,         -- ISO 8601, UTC
            reader        TEXT NOT NULL,         -- docx | pdf | html | … | import
            origin        TEXT NOT NULL,         -- add | check | import
            tool_version  TEXT NOT NULL,
            problem_count INTEGER NOT NULL,
            problems      TEXT NOT NULL,         -- JSON list of the read/locate/value problems
            cells         BLOB NOT NULL          -- zlib'd JSON: each figure's kind, raw text and source cell
        )""",
        "CREATE INDEX reports_agency_year ON reports (agency_norm, year)",
        # the dataset, queryable: every canonical key (NULL: not found or unreadable, as extract gives it)
        """CREATE TABLE figures (
            report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
            key       TEXT NOT NULL,     -- fields.csv key (extra = 0) or fields_extra.csv key
            extra     INTEGER NOT NULL DEFAULT 0,  -- 1: a format-specific table cell, 2: stated in prose
            value     TEXT,              -- exact decimal (a blank cell is 0)
            PRIMARY KEY (report_id, key)
        ) WITHOUT ROWID""",
    ),
}

T = TypeVar("T")


def _classify(exc: sqlite3.Error, path: Path) -> HistoryError:
    text = str(exc)
    low = text.lower()
    if "locked" in low or "busy" in low:
        return HistoryError("locked", path=path, seconds=int(BUSY_TIMEOUT))
    if "unable to open" in low or "readonly" in low or "read-only" in low or "disk i/o" in low:
        return HistoryError("unopenable", path=path, detail=text)
    return HistoryError("corrupt", path=path, detail=text)


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """sqlite3 errors (and an OS error on the file) as a HistoryError naming the store."""
    try:
        yield
    except HistoryError:
        raise
    except sqlite3.Error as exc:
        raise _classify(exc, path) from None
    except OSError as exc:
        raise HistoryError("unopenable", path=path, detail=exc.strerror or exc) from None


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + ("?mode=ro" if readonly else "?mode=rw")
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE for every write)
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _create(path: Path) -> None:
    """Build a fresh store in a temporary file beside ``path`` and link it into place; if another
    process got there first, theirs is kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    mask = os.umask(0o022)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)  # as any new file (mkstemp's 0600 would shut out a shared desk's colleagues)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")  # persistent: recorded in the file's header
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            _migrate(conn, 0)
        finally:
            conn.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # a concurrent run created it meanwhile: use theirs
        except OSError:
            # no hard links here (some network or FAT file systems): a rename cannot detect a
            # concurrent creation, so only do it when the store is still absent
            if not path.exists():
                os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass


def _migrate(conn: sqlite3.Connection, have: int) -> None:
    """Bring the schema from ``have`` to SCHEMA_VERSION in one transaction; a concurrent run that
    migrated first is noticed by re-reading the version under the write lock."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        have = conn.execute("PRAGMA user_version").fetchone()[0]
        for version in range(have + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class Database:
    """One open store. Use as a context manager; ``read`` and ``write`` run a function in a
    transaction with sqlite errors translated."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = Path(path)
        with translated(self.path):
            if not self.path.exists():
                if not create:
                    raise HistoryError("missing", path=self.path)
                _create(self.path)
            if self.path.is_dir():
                raise HistoryError("is_dir", path=self.path)
            if self.path.stat().st_size == 0:
                # stores are created whole (see _create): an empty file is a truncated store
                raise HistoryError("corrupt", path=self.path, detail="empty file / 文件为空")
            self.conn = _connect(self.path)
            try:
                self._check_identity()
            except BaseException:
                self.conn.close()
                raise

    def _check_identity(self) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise HistoryError("not_ours", path=self.path)
        if version > SCHEMA_VERSION:
            raise HistoryError("too_new", path=self.path, found=version, known=SCHEMA_VERSION)
        if version < SCHEMA_VERSION:
            _migrate(self.conn, version)

    def verify(self) -> None:
        """``PRAGMA integrity_check``: damage that no query of ours happens to trip over is refused
        too, above all an index that disagrees with its table and would quietly find nothing
        (quick_check does not compare them). About 0.2 ms per stored report."""
        with translated(self.path):
            [problem] = self.conn.execute("PRAGMA integrity_check(1)").fetchone()
        if problem != "ok":
            raise HistoryError("corrupt", path=self.path, detail=problem)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with translated(self.path):
            # one read transaction: a snapshot even while another process writes
            self.conn.execute("BEGIN")
            try:
                return fn(self.conn)
            finally:
                self.conn.execute("COMMIT")

    def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with translated(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                out = fn(self.conn)
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            return out

