"""What importing the package compiles, kept from an earlier run: regular expressions and the
methods ``dataclasses`` writes for each class.

Before this, a third of ``govinfo-check check one.docx`` (callgrind: ~400 M of ~1,120 M
instructions) went on compiling the same things every run: ~170 regular expressions (alternations
of Chinese vocabulary, classes of CJK numerals: ``re`` builds a 64 K bitmap for each of those) and
~340 small functions that ``dataclasses`` writes as source text and passes to ``exec`` (``__init__``,
``__repr__``, ``__eq__`` … of ~70 classes; the parser costs more than the class). The results
depend only on the text compiled, the flags and the Python version, so an earlier run's results
are as good as new ones:

* a pattern's compiled form (the regex engine's code, a list of integers) is handed to
  ``_sre.compile`` — the call ``re.compile`` ends in — and the pattern placed in ``re``'s own cache,
  where each later ``re.compile``/``re.search`` of the same text and flags finds it. The regex
  engine validates the code it is given; what is placed is equal (``==`` compares the code) to
  what compiling gives, which is checked before a pattern is stored;
* ``dataclasses`` finds, for the run, an ``exec`` that runs the code object compiled from the same
  text with the same ``__future__`` flags (``compile`` + ``exec``, which is what ``exec`` of a text
  does), instead of parsing the text again.

The entry lives in the data cache's folder (see datacache: ``GOVINFO_CHECK_CACHE``, ``off``), is
keyed like the other entries (package files, Python version), carries a checksum, and is rewritten
(atomically) only when a run compiled something it did not hold. Anything unexpected — another
Python whose ``re`` is built differently, a damaged file, a folder that cannot be written — leaves
the run compiling as it would without this module. Only the command-line process uses it
(``__main__``); a forked ``-j`` worker inherits what it holds.
"""

from __future__ import annotations

import builtins
import marshal
import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when the layout of the entry changes
MAX_PATTERNS = 400  # re keeps 512 patterns in its cache; room is left for the run's own
NAME = "startup"
SUFFIX = ".marshal"
_FUTURE_FLAGS = 0
for _feature in __import__("__future__").all_feature_names:
    _FUTURE_FLAGS |= getattr(__import__("__future__"), _feature).compiler_flag


class Kept:
    """The compiled patterns and code objects of one entry, and what this run added."""

    def __init__(self, path: Path | None, patterns: dict[tuple[Any, int], tuple], codes: dict[tuple[str, int], Any]):
        self.path = path
        self.patterns = patterns  # (pattern, flags) -> the arguments of _sre.compile after the pattern
        self.codes = codes  # (source text, __future__ flags) -> code object
        self.new_codes = 0
        self.hits = 0  # code objects reused (tests)

    # -- dataclasses -----------------------------------------------------------------------------

    def exec(self, source: Any, globals: Any = None, locals: Any = None, /, **kw: Any) -> None:  # noqa: A002
        """``exec`` as dataclasses calls it, with each text compiled once across runs."""
        if type(source) is not str or kw:
            return _exec_from_caller(source, globals, locals, kw)
        frame = sys._getframe(1)
        if globals is None:  # exec's own default: the caller's namespaces, not this function's
            globals = frame.f_globals
            if locals is None:
                locals = frame.f_locals
        flags = frame.f_code.co_flags & _FUTURE_FLAGS  # what exec(text) inherits from its caller
        code = self.codes.get((source, flags))
        if code is None:
            code = compile(source, "<string>", "exec", flags=flags, dont_inherit=True)
            self.codes[(source, flags)] = code
            self.new_codes += 1
        else:
            self.hits += 1
        builtins.exec(code, globals, locals)

    # -- re --------------------------------------------------------------------------------------

    def place_patterns(self) -> int:
        """Put the stored patterns in ``re``'s cache; returns how many were placed."""
        engine = _re_engine()
        if engine is None:
            return 0
        _parser, _compiler, sre = engine
        cache = re._cache  # type: ignore[attr-defined]
        placed = 0
        for (pattern, flags), args in self.patterns.items():
            key = (type(pattern), pattern, flags)
            if key not in cache:
                cache[key] = sre.compile(pattern, *args)
                placed += 1
        return placed

    def new_patterns(self) -> int:
        """Add the patterns in ``re``'s cache that the entry lacks; returns how many were added."""
        engine = _re_engine()
        if engine is None:
            return 0
        parser, compiler, sre = engine
        added = 0
        for key, compiled in list(re._cache.items()):  # type: ignore[attr-defined]
            if len(self.patterns) >= MAX_PATTERNS:
                break
            kind, pattern, flags = key
            if (pattern, flags) in self.patterns or kind not in (str, bytes) or flags & re.DEBUG:
                continue
            args = _compiled_args(parser, compiler, pattern, flags)
            if sre.compile(pattern, *args) == compiled:  # the same code as re.compile's: kept
                self.patterns[(pattern, flags)] = args
                added += 1
        return added

    # -- the entry -------------------------------------------------------------------------------

    def save(self) -> None:
        if self.path is None:
            return
        added = self.new_patterns()
        if not added and not self.new_codes:
            return
        try:
            payload = marshal.dumps((FORMAT, self.patterns, self.codes))
        except ValueError:  # something marshal cannot write: not kept
            return
        from . import datacache

        datacache.store_bytes(self.path, zlib.crc32(payload).to_bytes(4, "big") + payload)


def _exec_from_caller(source: Any, globals: Any, locals: Any, kw: dict[str, Any]) -> None:
    if globals is None:
        frame = sys._getframe(2)
        globals = frame.f_globals
        if locals is None:
            locals = frame.f_locals
    builtins.exec(source, globals, locals, **kw)


def _re_engine() -> tuple[Any, Any, Any] | None:
    """re's parser, compiler and _sre where they are what this module knows (3.11 on), else None."""
    compiler = getattr(re, "_compiler", None)
    parser = getattr(re, "_parser", None)
    if compiler is None or parser is None or not isinstance(getattr(re, "_cache", None), dict):
        return None
    sre = getattr(compiler, "_sre", None)
    if sre is None or not hasattr(compiler, "_code"):
        return None
    return parser, compiler, sre


def _compiled_args(parser: Any, compiler: Any, pattern: Any, flags: int) -> tuple:
    """The arguments ``re._compiler.compile`` passes to ``_sre.compile`` after the pattern."""
    p = parser.parse(pattern, flags)
    code = [int(op) for op in compiler._code(p, flags)]  # opcodes are an int subclass marshal refuses
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup)


def load() -> Kept | None:
    """The entry for this installation (empty when there is none yet), or None when the data cache
    is off."""
    from . import datacache

    where = datacache.folder()
    if where is None:
        return None
    path = where / f"{NAME}-{datacache.key(NAME, [str(FORMAT)])}{SUFFIX}"
    patterns: dict = {}
    codes: dict = {}
    try:
        data = path.read_bytes()
        if zlib.crc32(data[4:]).to_bytes(4, "big") == data[:4]:
            fmt, patterns, codes = marshal.loads(data[4:])
            if fmt != FORMAT or not isinstance(patterns, dict) or not isinstance(codes, dict):
                patterns, codes = {}, {}
    except Exception:  # noqa: BLE001 - missing, unreadable or damaged: compiled afresh and rewritten
        patterns, codes = {}, {}
    return Kept(path, patterns, codes)


@contextmanager
def kept() -> Iterator[Kept | None]:
    """Within: patterns and dataclass methods compiled by an earlier run are reused, and what this
    run compiled anew is added to the entry when it ends."""
    state = load()
    if state is None:
        yield None
        return
    try:
        state.place_patterns()
    except Exception:  # noqa: BLE001 - an entry this Python's _sre refuses: compile as usual
        state.patterns = {}
    import dataclasses  # after the patterns: it imports inspect and tokenize, which compile some
    patched = "exec" not in vars(dataclasses)
    if patched:
        dataclasses.exec = state.exec  # type: ignore[attr-defined]
    try:
        yield state
    finally:
        if patched and vars(dataclasses).get("exec") == state.exec:
            del dataclasses.exec  # type: ignore[attr-defined]
        try:
            state.save()
        except Exception:  # noqa: BLE001, S110 - keeping is an optimisation; the run's result stands
            pass
