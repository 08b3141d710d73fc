"""Reporters: turn a run's ``FileResult``s into text, json, jsonl, csv, xlsx, sarif or html.

A reporter is a small class chosen by name. Modules are imported only when their reporter is
asked for, so ``--format json`` never pays for pandas. To add one, write a module with a class
that has ``name``, ``suffix``, ``binary`` and ``render`` and add a line to ``_MODULES``.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any, Protocol, Sequence, runtime_checkable

from ..models import FileResult

__all__ = ["Reporter", "UnknownReporter", "get", "names", "register"]


@runtime_checkable
class Reporter(Protocol):
    name: str
    suffix: str  # file suffix with the dot, e.g. ".json"
    binary: bool  # render returns bytes (True) or str (False)

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> str | bytes: ...


class UnknownReporter(KeyError):
    def __init__(self, name: str, known: Sequence[str]) -> None:
        super().__init__(name)
        self.name = name
        self.known = list(known)

    def __str__(self) -> str:
        known = ", ".join(self.known)
        return f"未知的输出格式 {self.name!r}，可用：{known} / unknown format {self.name!r}; known: {known}"


# name -> module under govinfo_check.reporters (the module defines a class whose ``name`` matches)
_MODULES: dict[str, str] = {
    "text": "text",
    "json": "json",
    "jsonl": "jsonl",
    "csv": "csv",
    "xlsx": "xlsx",
    "sarif": "sarif",
    "html": "html",
    "concise": "concise",
}
_EXTRA: dict[str, type] = {}


def register(cls: type) -> type:
    """Register a reporter class defined outside this package (usable as a decorator)."""
    _EXTRA[cls.name] = cls
    return cls


def _available(module: str) -> bool:
    return importlib.util.find_spec(f"{__name__}.{module}") is not None


def names() -> list[str]:
    """Names of the reporters that can be used, in a stable order."""
    return [n for n, m in _MODULES.items() if _available(m)] + sorted(_EXTRA)


def _find_class(module: object, name: str) -> type | None:
    for obj in vars(module).values():
        if isinstance(obj, type) and getattr(obj, "name", None) == name and callable(getattr(obj, "render", None)):
            return obj
    return None


def get(name: str, **options: Any) -> Reporter:
    """A new reporter instance by name, ``options`` passed to its constructor (e.g.
    ``get("text", fail_on="warning")``, ``get("csv", bom=False)``); raises ``UnknownReporter``
    (a KeyError) for unknown names."""
    key = name.strip().lower()
    if key in _EXTRA:
        return _EXTRA[key](**options)
    if key not in _MODULES or not _available(_MODULES[key]):
        raise UnknownReporter(name, names())
    module = importlib.import_module(f"{__name__}.{_MODULES[key]}")
    cls = _find_class(module, key)
    if cls is None:
        raise UnknownReporter(name, names())
    return cls(**options)
