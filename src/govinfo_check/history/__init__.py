"""The history store: every report read is remembered (figures, agency, year, file hash), so that
next year's check finds last year's report without it being in the batch, and so that the store
is itself the dataset (``history export`` gives what ``extract`` gives for the same reports).

Where the store is, in order: ``--no-history`` (none), ``--history PATH``, the config's
``history = "…"``, else the default store: the environment variable ``GOVINFO_CHECK_HISTORY`` or
``history.sqlite3`` in the user data folder (platformdirs).
A store named by ``--history`` or the config must exist unless the command creates it; the default
one (or the environment's) is consulted by ``check`` only when it exists, so a first run, a test or
a CI job never creates or reads a store by accident.

Modules: ``store`` (the SQLite file: schema, migrations, locking, errors), ``records`` (a report ↔ a
stored row), ``consult`` (check's side: the earlier year, ``--record``), ``commands`` (the
``history`` sub-commands), ``messages`` (zh / en strings).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import HistoryError

ENV_VAR = "GOVINFO_CHECK_HISTORY"
FILE_NAME = "history.sqlite3"
APP_NAME = "govinfo-check"

__all__ = ["ENV_VAR", "HistoryError", "Where", "default_path", "where"]


def default_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / FILE_NAME


@dataclass(frozen=True)
class Where:
    """The store a command uses. ``path`` None: history turned off. ``explicit``: the user named it
    (``--history`` or the config), so a missing file is an error rather than "no history yet"."""

    path: Path | None
    explicit: bool = False


def where(cli_path: Path | None = None, *, off: bool = False, config_path: Path | None = None) -> Where:
    if off:
        return Where(None)
    if cli_path is not None:
        return Where(Path(cli_path).expanduser(), explicit=True)
    if config_path is not None:
        return Where(Path(config_path).expanduser(), explicit=True)
    env = os.environ.get(ENV_VAR, "").strip()
    if env:  # moves the default store (tests and CI point it at a temporary folder)
        return Where(Path(env).expanduser())
    return Where(default_path())
