"""The start-up cache (startcache): patterns and dataclass methods compiled by an earlier run are the
same as compiling them afresh, a run with the entry compiles none of them again, and an entry that
is damaged or cannot be written changes nothing but the time. And the collector paused for a
check's start-up is running again, with the start-up frozen, when the reports are checked."""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import re
import zlib
from pathlib import Path

import pytest

from conftest import SAMPLES, probe_run
from govinfo_check import startcache

REPORT = SAMPLES / "positive" / "hybrid-2023.docx"
ENGINE = startcache._re_engine()
needs_engine = pytest.mark.skipif(ENGINE is None, reason="re's internals differ before Python 3.11")

# How many patterns a run compiled once the entry was read (the data cache's folder is found with
# platformdirs, which compiles one of its own) and how many dataclass methods it took from the entry.
SETUP = """
import re
compiled = []
original = re._compiler.compile
seen = {}
re._compiler.compile = lambda p, flags=0: ("state" in seen and compiled.append(p)) or original(p, flags)
from govinfo_check import startcache
load = startcache.load
def spy(kind=""):
    state = load(kind)
    seen["state"] = state
    return state
startcache.load = spy
"""
REPORT_COUNTS = ('{"compiled": len(compiled), "hits": seen["state"].hits if seen.get("state") else None, '
                 '"new_codes": seen["state"].new_codes if seen.get("state") else None}')


def _run(args: list[str], cache: Path | str, cwd: Path) -> tuple[dict, str]:
    counts, out = probe_run(args, cwd, setup=SETUP, report=REPORT_COUNTS,
                            env=dict(os.environ, GOVINFO_CHECK_CACHE=str(cache)))
    return counts, out  # type: ignore[return-value]


def _entry(cache: Path, kind: str = "check") -> Path:
    (path,) = cache.glob(f"{startcache.NAME}-{kind}-*{startcache.SUFFIX}")
    return path


@needs_engine
def test_a_run_with_the_entry_compiles_nothing_again_and_prints_the_same(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ["check", str(REPORT)]
    cold, cold_out = _run(args, cache, tmp_path)
    # the first run built the parsed-data cache; the second reads it, which compiles a few patterns
    # and classes of its own (an unpickled pattern is compiled with its flags spelled out)
    second, second_out = _run(args, cache, tmp_path)
    warm, warm_out = _run(args, cache, tmp_path)
    off, off_out = _run(args, "off", tmp_path)
    assert cold["compiled"] > 100 and cold["new_codes"] > 200 and cold["hits"] == 0
    assert second["compiled"] < 10 and second["hits"] == cold["new_codes"]
    assert warm["compiled"] == 0 and warm["new_codes"] == 0
    assert warm["hits"] == cold["new_codes"] + second["new_codes"]
    assert off["hits"] is None and off["compiled"] > 100
    assert "C-003" in cold_out
    assert warm_out == second_out == cold_out == off_out


@needs_engine
def test_patterns_rebuilt_from_the_entry_are_what_compiling_gives(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    _run(["check", str(REPORT), "--lang", "en"], cache, tmp_path)
    monkeypatch.setenv("GOVINFO_CHECK_CACHE", str(cache))
    state = startcache.load("check")
    assert state is not None and len(state.patterns) > 100
    import sys

    import govinfo_check.checks  # noqa: F401 - every check module, as a check run imports them

    held = {v.pattern for name, module in list(sys.modules.items()) if name.startswith("govinfo_check.checks")
            for v in vars(module).values() if isinstance(v, re.Pattern)}
    assert len(held) > 20 and held <= {pattern for pattern, _flags in state.patterns}
    _parser, compiler, sre, as_list, _as_bytes = ENGINE
    for (pattern, flags), (final_flags, code, groups, groupindex, indexgroup) in state.patterns.items():
        rebuilt = sre.compile(pattern, final_flags, as_list(code), groups, groupindex, indexgroup)
        assert rebuilt == compiler.compile(pattern, flags), pattern


@needs_engine
def test_placed_patterns_are_what_re_compile_returns(monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = r"(?P<num>[〇一二三四五六七八九十]+)件(?!以上)"
    compiler = ENGINE[1]
    state = startcache.Kept(None, {}, {})
    monkeypatch.setattr(re, "_cache", {})
    expected = re.compile(pattern)
    assert state.new_patterns() == 1
    monkeypatch.setattr(re, "_cache", {})
    assert state.place_patterns() == 1
    placed = re.compile(pattern)
    assert placed is not expected and placed == expected == compiler.compile(pattern, 0)
    assert placed.groupindex == {"num": 1}
    assert placed.search("收到申请二十件").group("num") == "二十"
    assert placed.search("收到申请二十件以上") is None


def _sample_class() -> type:
    @dataclasses.dataclass(frozen=True)
    class Figure:
        key: str
        value: int | None = None
        notes: list[str] = dataclasses.field(default_factory=list, compare=False)

    return Figure


def test_dataclass_methods_from_the_entry_behave_as_exec_makes_them() -> None:
    plain = _sample_class()
    state = startcache.Kept(None, {}, {})
    dataclasses.exec = state.exec  # type: ignore[attr-defined]
    try:
        first = _sample_class()
        assert state.new_codes >= 5 and state.hits == 0  # __init__, __repr__, __eq__, __setattr__, …
        again = startcache.Kept(None, dict(state.patterns), dict(state.codes))
        dataclasses.exec = again.exec  # type: ignore[attr-defined]
        second = _sample_class()
        assert again.new_codes == 0 and again.hits == state.new_codes
    finally:
        del dataclasses.exec  # type: ignore[attr-defined]
    for cls in (first, second):
        a, b = cls("requests.new", 3, ["x"]), cls("requests.new", 3)
        assert a == b and hash(a) == hash(b) and a.notes == ["x"] and b.notes == []
        assert repr(a) == repr(plain("requests.new", 3, ["x"])).replace(plain.__qualname__, cls.__qualname__)
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.value = 4  # type: ignore[misc]
        assert inspect.signature(cls) == inspect.signature(plain)
        assert cls.__init__.__annotations__ == plain.__init__.__annotations__
        assert cls.__init__.__code__.co_code == plain.__init__.__code__.co_code


def test_exec_of_a_text_without_namespaces_uses_the_callers() -> None:
    state = startcache.Kept(None, {}, {})
    here = 5  # noqa: F841 - read by the executed text through the caller's namespace
    state.exec("assert here == 5 and __name__ == 'test_startcache'")


def test_a_damaged_entry_is_compiled_afresh_and_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ["check", str(REPORT)]
    _, good_out = _run(args, cache, tmp_path)
    entry = _entry(cache)
    data = entry.read_bytes()
    entry.write_bytes(data[:4] + data[4:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    damaged, out = _run(args, cache, tmp_path)
    assert out == good_out
    assert damaged["hits"] == 0 and damaged["new_codes"] > 200
    rewritten = entry.read_bytes()
    assert zlib.crc32(rewritten[4:]).to_bytes(4, "big") == rewritten[:4]
    warm, _ = _run(args, cache, tmp_path)
    assert warm["hits"] == damaged["new_codes"] and warm["compiled"] == 0


def test_a_cache_folder_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    args = ["check", str(REPORT)]
    blocked, out = _run(args, blocker / "cache", tmp_path)
    _, off_out = _run(args, "off", tmp_path)
    assert out == off_out and "C-003" in out
    assert blocked["hits"] == 0


def test_each_kind_of_run_has_an_entry_of_its_own(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _run(["check", str(REPORT)], cache, tmp_path)
    _run(["--help"], cache, tmp_path)
    help_run, out = _run(["--help"], cache, tmp_path)
    assert "check" in out and help_run["compiled"] == 0 and help_run["hits"] > 0
    assert len(startcache.Kept(None, *_read(_entry(cache, "other"))[1:]).patterns) < 60
    assert len(startcache.Kept(None, *_read(_entry(cache, "check"))[1:]).patterns) > 100


def _read(path: Path) -> tuple:
    import marshal

    data = path.read_bytes()
    return marshal.loads(data[4:])


def test_off_leaves_dataclasses_and_re_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVINFO_CHECK_CACHE", "off")
    with startcache.kept() as state:
        assert state is None
        assert "exec" not in vars(dataclasses)


def test_the_patch_is_removed_when_the_run_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVINFO_CHECK_CACHE", str(tmp_path))
    with startcache.kept() as state:
        assert state is not None and vars(dataclasses)["exec"] == state.exec
    assert "exec" not in vars(dataclasses)


GC_SETUP = """
import gc
from govinfo_check import checker
seen = []
check_file = checker.check_file
def spy(*args, **kwargs):
    seen.append({"enabled": gc.isenabled(), "frozen": gc.get_freeze_count()})
    return check_file(*args, **kwargs)
checker.check_file = spy
"""


def _gc_run(args: list[str], cwd: Path) -> tuple[dict, str]:
    state, out = probe_run(args, cwd, setup=GC_SETUP, report='{"seen": seen, "enabled_at_exit": gc.isenabled()}')
    return state, out  # type: ignore[return-value]


def test_reports_are_checked_with_the_collector_running_and_start_up_frozen(tmp_path: Path) -> None:
    state, out = _gc_run(["check", str(REPORT), "-j", "1"], tmp_path)
    assert "C-003" in out
    assert len(state["seen"]) == 1 and state["seen"][0]["enabled"] is True
    assert state["seen"][0]["frozen"] > 20_000  # the modules, classes and rules made at start-up
    assert state["enabled_at_exit"] is True


def test_other_commands_never_pause_the_collector(tmp_path: Path) -> None:
    state, out = _gc_run(["extract", str(REPORT)], tmp_path)
    assert [(r["agency"], r["year"]) for r in json.loads(out)] == [("青石市应急管理局", 2023)]
    assert state["seen"] == [] and state["enabled_at_exit"] is True


def test_start_up_over_only_resumes_what_was_paused() -> None:
    import gc

    before = gc.get_freeze_count()
    startcache.start_up_over()  # collection is running here: nothing to freeze
    assert gc.isenabled() and gc.get_freeze_count() == before
    startcache.pause_collection()
    try:
        assert not gc.isenabled()
        startcache.start_up_over()
        assert gc.isenabled() and gc.get_freeze_count() > before
    finally:
        gc.enable()
        gc.unfreeze()
