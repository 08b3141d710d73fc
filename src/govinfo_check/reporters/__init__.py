"""Reporters: turn a run's ``FileResult``s into text, json, jsonl, csv, xlsx, sarif or html.

A reporter is a small class chosen by name. Modules are imported only when their reporter is
asked for, so ``--format json`` never pays for pandas. To add one, write a module with a class
that has ``name``, ``suffix``, ``binary`` and ``render`` and add a line to ``_MODULES``.

Streaming. A batch of thousands of reports must not be held in memory to be reported. A reporter
that can write as files finish also has ``start(out, lang=)``, ``add(result)`` (called once per
file, in input order) and ``finish(late)``; ``late`` carries what is known only when the whole
batch is done — the cross-year findings — as one ``FileResult`` per file holding just those
findings. ``render(results)`` keeps working for every reporter (``Streamed`` derives it from the
three). ``open_stream`` gives the command one interface for both kinds: a reporter with only
``render`` is handed the whole list at the end, with the late findings merged in.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
from typing import IO, Any, Protocol, Sequence, runtime_checkable

from ..models import FileResult

__all__ = ["Reporter", "StreamingReporter", "Streamed", "UnknownReporter", "get", "merge_late", "names",
           "open_stream", "register"]


@runtime_checkable
class Reporter(Protocol):
    name: str
    suffix: str  # file suffix with the dot, e.g. ".json"
    binary: bool  # render returns bytes (True) or str (False)

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> str | bytes: ...


@runtime_checkable
class StreamingReporter(Protocol):
    """A reporter that writes as files finish; memory does not grow with the batch."""

    name: str
    suffix: str
    binary: bool

    def start(self, out: IO[Any], *, lang: str = "zh") -> None: ...

    def add(self, result: FileResult) -> None: ...

    def finish(self, late: Sequence[FileResult] = ()) -> None: ...

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> str | bytes: ...


class Streamed:
    """Base of the streaming reporters: ``render`` runs start/add/finish into a buffer."""

    binary = False

    def start(self, out: IO[Any], *, lang: str = "zh") -> None:
        raise NotImplementedError

    def add(self, result: FileResult) -> None:
        raise NotImplementedError

    def finish(self, late: Sequence[FileResult] = ()) -> None:
        raise NotImplementedError

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> str | bytes:
        buf: IO[Any] = io.BytesIO() if self.binary else io.StringIO()
        self.start(buf, lang=lang)
        for r in results:
            self.add(r)
        self.finish()
        return buf.getvalue()


def merge_late(results: Sequence[FileResult], late: Sequence[FileResult]) -> None:
    """Add each late result's findings to the result of the same file, in reading order."""
    if not late:
        return
    from ..checker import sort_findings

    extra: dict[str, list] = {}
    for r in late:
        extra.setdefault(r.path, []).extend(r.findings)
    for r in results:
        if r.path in extra:
            r.findings = sort_findings(r.findings + extra[r.path])


class Collected:
    """A sink for views that lay out the whole batch: every result is kept, the late (cross-year,
    duplicate) findings are merged into them, and ``emit`` writes the view at the end."""

    def __init__(self) -> None:
        self.results: list[FileResult] = []

    def add(self, result: FileResult) -> None:
        self.results.append(result)

    def finish(self, late: Sequence[FileResult] = ()) -> None:
        merge_late(self.results, late)
        self.emit(self.results)

    def emit(self, results: list[FileResult]) -> None:
        raise NotImplementedError


class _Collected(Collected):
    """A reporter with only ``render``: rendered once the batch is done."""

    def __init__(self, reporter: Reporter, out: IO[Any], lang: str) -> None:
        super().__init__()
        self.reporter, self.out, self.lang = reporter, out, lang

    def emit(self, results: list[FileResult]) -> None:
        self.out.write(self.reporter.render(results, lang=self.lang))


def streams(reporter: Any) -> bool:
    return all(callable(getattr(reporter, m, None)) for m in ("start", "add", "finish"))


def open_stream(reporter: Any, out: IO[Any], *, lang: str = "zh") -> Any:
    """Something with ``add(result)`` and ``finish(late)`` that writes ``reporter``'s output to
    ``out``: the reporter itself when it streams, else a collector that renders at the end."""
    if streams(reporter):
        reporter.start(out, lang=lang)
        return reporter
    return _Collected(reporter, out, lang)


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
