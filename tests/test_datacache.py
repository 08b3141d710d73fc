"""The parsed-data cache (datacache): the same values as parsing afresh, rebuilt whenever what they
depend on changes or the entry cannot be read, never an error of its own."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from govinfo_check import datacache, engine, yamlio
from govinfo_check.tablemap import common

from conftest import SAMPLES


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(datacache.ENV_VAR, str(folder))
    return folder


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_second_lookup_is_the_stored_value_not_a_rebuild(cache: Path) -> None:
    calls, build = _counting({"a": [1, 2], "b": "词"})
    assert datacache.cached("t", ["text"], build) == {"a": [1, 2], "b": "词"}
    assert datacache.cached("t", ["text"], build) == {"a": [1, 2], "b": "词"}
    assert len(calls) == 1
    assert len(list(cache.glob("t-*.pickle"))) == 1


def test_changed_input_is_rebuilt(cache: Path) -> None:
    calls, build = _counting(1)
    datacache.cached("t", ["one"], build)
    datacache.cached("t", ["two"], build)
    datacache.cached("t", ["on", "e"], build)  # the parts are delimited: not the same as "one"
    assert len(calls) == 3


def test_changed_code_is_rebuilt(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls, build = _counting(1)
    datacache.cached("t", ["x"], build)
    monkeypatch.setattr(datacache, "_code_stamp", lambda: b"another version of the package")
    datacache.cached("t", ["x"], build)
    assert len(calls) == 2


def test_code_stamp_follows_a_source_file(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    before = datacache._files_stamp(tmp_path)
    (tmp_path / "a.py").write_text("x = 22\n")
    assert datacache._files_stamp(tmp_path) != before


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(1)[:-2]])
def test_damaged_entry_is_rebuilt_and_replaced(cache: Path, damage: bytes) -> None:
    calls, build = _counting(["value"])
    datacache.cached("t", ["x"], build)
    [entry] = cache.glob("t-*.pickle")
    entry.write_bytes(damage)
    assert datacache.cached("t", ["x"], build) == ["value"]
    assert len(calls) == 2
    assert pickle.loads(entry.read_bytes()) == ["value"]


def test_unwritable_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv(datacache.ENV_VAR, str(blocker / "cache"))
    calls, build = _counting(7)
    assert datacache.cached("t", ["x"], build) == 7
    assert datacache.cached("t", ["x"], build) == 7
    assert len(calls) == 2


def test_off_builds_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(datacache.ENV_VAR, "off")
    assert datacache.folder() is None
    calls, build = _counting(7)
    datacache.cached("t", ["x"], build)
    datacache.cached("t", ["x"], build)
    assert len(calls) == 2


def test_a_failed_build_stores_nothing(cache: Path) -> None:
    def build() -> object:
        raise ValueError("bad data")

    with pytest.raises(ValueError, match="bad data"):
        datacache.cached("t", ["x"], build)
    assert list(cache.glob("*.pickle")) == []


def test_folder_keeps_only_the_newest_entries(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datacache, "MAX_ENTRIES", 3)
    for i in range(5):
        datacache.cached("t", [str(i)], lambda: 0)
        entry = next(p for p in cache.glob("t-*.pickle") if p.name.startswith(f"t-{datacache.key('t', [str(i)])}"))
        os.utime(entry, ns=(i * 10**9, i * 10**9))  # written one after another, a second apart
    datacache.cached("t", ["5"], lambda: 0)
    names = {p.name for p in cache.glob("t-*.pickle")}
    assert names == {f"t-{datacache.key('t', [str(i)])}.pickle" for i in (3, 4, 5)}


def test_cached_rules_equal_rules_compiled_afresh(cache: Path) -> None:
    engine._load_cached.cache_clear()
    first = engine.load_rules()  # compiled, stored
    engine._load_cached.cache_clear()
    second = engine.load_rules()  # unpickled
    fresh = engine._compile_all(engine._package_files(), len(engine._package_files()))
    engine._load_cached.cache_clear()
    assert len(list(cache.glob("rules-*.pickle"))) == 1
    assert second is not first
    assert second == fresh
    assert [r.code for r in second] == [r.code for r in fresh]
    assert second._linear.keys() == fresh._linear.keys()


def test_user_rule_files_are_never_cached(cache: Path, tmp_path: Path) -> None:
    extra = tmp_path / "local.yaml"
    extra.write_text("rules: []\n", encoding="utf-8")
    engine._load_cached.cache_clear()
    engine.load_rules([extra])
    engine._load_cached.cache_clear()
    assert list(cache.glob("rules-*.pickle")) == []


def test_cached_package_yaml_equals_a_fresh_parse(cache: Path) -> None:
    from importlib import resources

    text = resources.files("govinfo_check").joinpath("data/table_labels.yaml").read_text(encoding="utf-8")
    first = yamlio.package_data("govinfo_check", "data/table_labels.yaml")
    second = yamlio.package_data("govinfo_check", "data/table_labels.yaml")
    assert first == second == yamlio.safe_load(text)
    assert second == common.vocabulary()


def test_check_output_is_the_same_with_cache_hit_miss_damaged_and_off(tmp_path: Path) -> None:
    report = SAMPLES / "positive" / "hybrid-2023.docx"
    folder = tmp_path / "cache"

    def run(setting: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, GOVINFO_CHECK_CACHE=setting)
        return subprocess.run([sys.executable, "-m", "govinfo_check", "check", str(report), "--format", "json",
                               "--lang", "en"], capture_output=True, text=True, env=env, check=False)

    miss = run(str(folder))
    entries = sorted(folder.glob("*.pickle"))
    assert [p.name.split("-")[0] for p in entries].count("rules") == 1
    hit = run(str(folder))
    for p in entries:
        p.write_bytes(b"\x80damaged")
    damaged = run(str(folder))
    off = run("off")
    assert miss.returncode == hit.returncode == damaged.returncode == off.returncode == 0
    assert '"code": "C-003"' in off.stdout
    assert miss.stdout == hit.stdout == damaged.stdout == off.stdout
    assert miss.stderr == hit.stderr == damaged.stderr == off.stderr == ""
