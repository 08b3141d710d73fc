"""The one error of the history store, apart from the store itself: a command that never opens a
store (most ``check`` runs: no store yet) need not load SQLite to be able to catch it."""

from __future__ import annotations

from typing import Any


class HistoryError(Exception):
    """A store that cannot be used. ``key`` names a message in ``messages.py``; ``args`` fill it."""

    def __init__(self, key: str, /, **args: Any) -> None:
        super().__init__(key, args)
        self.key = key
        self.args_ = args

    def message(self, lang: str = "zh") -> str:
        from .messages import msg

        return msg(self.key, lang, **self.args_)
