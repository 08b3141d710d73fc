"""What importing the package compiles, kept from an earlier run: regular expressions and the
methods ``dataclasses`` writes for each class.

Before this, a third of ``govinfo-check check one.docx`` (callgrind: ~400 M of ~1,120 M
instructions) went on compiling the same things every run: ~190 regular expressions (alternations
of Chinese vocabulary, classes of CJK numerals: ``re`` builds a 64 K bitmap for each of those) and
~320 small functions that ``dataclasses`` writes as source text and passes to ``exec`` (``__init__``,
``__repr__``, ``__eq__`` … of ~70 classes; parsing them costs more than the classes). What they
compile to depends only on the text, the flags and the Python build, so an earlier run's result is
as good as a new one:

* a pattern's compiled form (the regex engine's code, a list of integers) is handed to
  ``_sre.compile`` — the call ``re.compile`` ends in — and the pattern placed in ``re``'s own cache,
  where each later ``re.compile``/``re.search`` of the same text and flags finds it. The regex
  engine validates the code it is given, and a pattern is only stored once what the stored form
  gives is equal (``==`` compares the code) to what ``re.compile`` gave;
* ``dataclasses`` finds, for the run, an ``exec`` that runs the code object compiled from the same
  text with the same ``__future__`` flags — ``compile`` then ``exec``, which is what ``exec`` of a
  text does — instead of parsing the text again.

The entry is one file in the data cache's folder (see datacache: ``GOVINFO_CHECK_CACHE``, ``off``
turns it off), named after the Python build (what it holds does not depend on the package's
version: an upgrade adds what it compiles differently), with a checksum; it is rewritten
atomically only when a run compiled something it did not hold. Anything unexpected — a Python
whose ``re`` is built differently, a damaged file, a folder that cannot be written — leaves the
run compiling as it would without this module. Only the command-line process uses it
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

FORMAT = 2  # bump when the layout of the entry changes
MAX_PATTERNS = 400  # re's cache holds 512; room is left for the run's own
MAX_CODES = 1500  # ~320 for a check; past this, an entry starts over with what the run used
NAME = "startup"
SUFFIX = ".marshal"
_FUTURE_FLAGS = 0
for _feature in __import__("__future__").all_feature_names:
    _FUTURE_FLAGS |= getattr(__import__("__future__"), _feature).compiler_flag


class Kept:
    """The compiled patterns and code objects of one entry, and what this run added."""

    def __init__(self, path: Path | None, patterns: dict[tuple[Any, int], tuple],
                 codes: dict[tuple[str, int], bytes]):
        self.path = path
        # (pattern, flags) -> (flags, code as bytes, groups, groupindex, indexgroup): _sre.compile's
        # arguments after the pattern
        self.patterns = patterns
        self.codes = codes  # (source text, __future__ flags) -> the marshalled code object
        self.used: set[tuple[str, int]] = set()
        self.new_codes = 0
        self.hits = 0  # code objects reused (tests)

    # -- dataclasses -----------------------------------------------------------------------------

    def exec(self, source: Any, globals: Any = None, locals: Any = None, /, **kw: Any) -> None:  # noqa: A002
        """``exec`` as dataclasses calls it, with each text compiled once across runs."""
        frame = sys._getframe(1)
        if globals is None:  # exec's own default: the caller's namespaces, not this function's
            globals = frame.f_globals
            if locals is None:
                locals = frame.f_locals
        if type(source) is not str or kw:
            return builtins.exec(source, globals, locals, **kw)
        flags = frame.f_code.co_flags & _FUTURE_FLAGS  # what exec(text) inherits from its caller
        key = (source, flags)
        stored = self.codes.get(key)
        code = None
        if stored is not None:
            try:
                code = marshal.loads(stored)
                self.hits += 1
            except (ValueError, EOFError, TypeError):
                code = None
        if code is None:
            code = compile(source, "<string>", "exec", flags=flags, dont_inherit=True)
            self.codes[key] = marshal.dumps(code)
            self.new_codes += 1
        self.used.add(key)
        return builtins.exec(code, globals, locals)

    # -- re --------------------------------------------------------------------------------------

    def place_patterns(self) -> int:
        """Put the stored patterns in ``re``'s cache; returns how many were placed."""
        engine = _re_engine()
        if engine is None:
            return 0
        _parser, _compiler, sre, as_list, _as_bytes = engine
        cache = re._cache  # type: ignore[attr-defined]
        placed = 0
        for (pattern, flags), (final_flags, code, groups, groupindex, indexgroup) in self.patterns.items():
            key = (type(pattern), pattern, flags)
            if key not in cache:
                cache[key] = sre.compile(pattern, final_flags, as_list(code), groups, groupindex, indexgroup)
                placed += 1
        return placed

    def new_patterns(self) -> int:
        """Add the patterns in ``re``'s cache that the entry lacks; returns how many were added."""
        engine = _re_engine()
        if engine is None:
            return 0
        parser, compiler, sre, _as_list, as_bytes = engine
        added = 0
        for key, compiled in list(re._cache.items()):  # type: ignore[attr-defined]
            kind, pattern, flags = key
            if (pattern, flags) in self.patterns or kind not in (str, bytes) or flags & re.DEBUG:
                continue
            final_flags, code, groups, groupindex, indexgroup = _compiled_args(parser, compiler, pattern, flags)
            if sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup) == compiled:
                self.patterns[(pattern, flags)] = (final_flags, as_bytes(code), groups, groupindex, indexgroup)
                added += 1
        return added

    # -- the entry -------------------------------------------------------------------------------

    def save(self) -> None:
        if self.path is None:
            return
        if not self.new_patterns() and not self.new_codes:
            return
        if len(self.patterns) > MAX_PATTERNS:  # the newest: this run's, then the latest runs'
            self.patterns = dict(list(self.patterns.items())[-MAX_PATTERNS:])
        if len(self.codes) > MAX_CODES:
            self.codes = {k: v for k, v in self.codes.items() if k in self.used}
        payload = marshal.dumps((FORMAT, self.patterns, self.codes))
        from . import datacache

        datacache.store_bytes(self.path, zlib.crc32(payload).to_bytes(4, "big") + payload)


def _re_engine() -> tuple[Any, ...] | None:
    """re's parser, compiler and _sre, and the conversions of code to and from bytes, where they
    are what this module knows (CPython 3.11 on); else None."""
    compiler = getattr(re, "_compiler", None)
    parser = getattr(re, "_parser", None)
    if compiler is None or parser is None or not isinstance(getattr(re, "_cache", None), dict):
        return None
    sre = getattr(compiler, "_sre", None)
    if sre is None or not hasattr(compiler, "_code"):
        return None
    import array

    typecode = next((t for t in "IL" if array.array(t).itemsize == getattr(sre, "CODESIZE", 0)), None)
    if typecode is None:
        return None
    return (parser, compiler, sre, lambda b: array.array(typecode, b).tolist(),
            lambda code: array.array(typecode, code).tobytes())


def _compiled_args(parser: Any, compiler: Any, pattern: Any, flags: int) -> tuple:
    """The arguments ``re._compiler.compile`` passes to ``_sre.compile`` after the pattern."""
    p = parser.parse(pattern, flags)
    code = compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup)


def entry_name(kind: str = "") -> str:
    """The entry's file name: the Python build decides what its patterns and code objects are;
    ``kind`` keeps apart what different commands compile (``--help`` need not read the check's)."""
    import importlib.util

    build = f"{FORMAT}|{sys.version}|{sys.implementation.cache_tag}|{importlib.util.MAGIC_NUMBER.hex()}"
    kind = f"{kind}-" if kind else ""
    return f"{NAME}-{kind}{sys.implementation.cache_tag}-{zlib.crc32(build.encode()):08x}{SUFFIX}"


def load(kind: str = "") -> Kept | None:
    """The entry for this Python and this kind of run (empty when there is none yet), or None when
    the data cache is off."""
    from . import datacache

    where = datacache.folder()
    if where is None:
        return None
    path = where / entry_name(kind)
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
def kept(kind: str = "") -> Iterator[Kept | None]:
    """Within: patterns and dataclass methods compiled by an earlier run of this kind are reused,
    and what this run compiled anew is added to the entry when it ends."""
    state = load(kind)
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


# -- the garbage collector during start-up -------------------------------------------------------
# Start-up (imports, the rule set, the vocabularies) makes some hundred thousand objects that live
# as long as the process and frees few; each collection meanwhile walks all of them, and the last
# one, at exit, walks them again: ~70 M instructions of ~680 M for check one.docx. So ``__main__``
# pauses collection when it starts a check, and ``start_up_over`` — called once the rules are
# loaded, before the first report — moves everything made so far out of reach of later collections
# (gc.freeze, which also keeps forked workers from writing to the pages they share with the
# parent: the pattern the gc documentation gives for fork) and resumes collection for the reports.


def pause_collection() -> None:
    import gc

    gc.disable()


def start_up_over() -> None:
    """Resume collection paused by ``pause_collection``, with the start-up's objects frozen. Does
    nothing where collection was not paused (tests, or a program calling the commands)."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()
