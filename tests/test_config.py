"""Config files: where they are found, what they may say, and how the command line overrides them."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinfo_check.config import Config, config_for, find_config, load_config, resolve, split_codes
from govinfo_check.options import CheckArgs, UsageError


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nearest_config_wins_and_foreign_pyproject_is_passed_over(tmp_path, monkeypatch):
    top = _write(tmp_path / "govinfo-check.toml", 'lang = "en"\n')
    _write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "other"\n')  # no section: not ours
    inner = _write(tmp_path / "a" / "b" / "pyproject.toml", '[tool.govinfo-check]\nfail-on = "warning"\n')
    (tmp_path / "a" / "b" / "c").mkdir()
    monkeypatch.chdir(tmp_path / "a" / "b" / "c")
    assert find_config() == inner.resolve()
    monkeypatch.chdir(tmp_path / "a")
    assert find_config() == top.resolve()
    assert config_for(None).lang == "en"


def test_own_file_beats_pyproject_in_the_same_folder(tmp_path):
    own = _write(tmp_path / "govinfo-check.toml", 'jobs = 3\n')
    _write(tmp_path / "pyproject.toml", '[tool.govinfo-check]\njobs = 1\n')
    assert find_config(tmp_path) == own.resolve()


def test_all_keys_parse_and_rules_resolve_against_the_file(tmp_path):
    cfg_path = _write(tmp_path / "cfg" / "govinfo-check.toml", """
select = ["t3", "T4-001"]
ignore = "N-002, N-003"
severity = {"n-001" = "warning"}
rules = ["local.yaml"]
lang = "en"
fail-on = "warning"
jobs = 2
""")
    cfg = load_config(cfg_path)
    assert cfg.select == ("t3", "T4-001")  # case is normalised once the rules are known
    assert cfg.ignore == ("N-002", "N-003")
    assert cfg.severity == {"N-001": "warning"}
    assert cfg.rules == ((tmp_path / "cfg" / "local.yaml").resolve(),)
    assert (cfg.lang, cfg.fail_on, cfg.jobs) == ("en", "warning", 2)


def test_pyproject_section(tmp_path):
    cfg = load_config(_write(tmp_path / "pyproject.toml", '[tool.govinfo-check]\nignore = ["P"]\n'))
    assert cfg.ignore == ("P",)


@pytest.mark.parametrize("text, key", [
    ('colour = "red"\n', "colour"),
    ('fail_on = "error"\n', "fail_on"),
])
def test_unknown_key_names_file_and_key(tmp_path, text, key):
    path = _write(tmp_path / "govinfo-check.toml", text)
    with pytest.raises(UsageError) as e:
        load_config(path)
    assert e.value.key == "config_unknown_key"
    assert e.value.args_["key"] == key and e.value.args_["file"] == path


def test_unknown_key_in_pyproject_is_named_with_its_section(tmp_path):
    path = _write(tmp_path / "pyproject.toml", '[tool.govinfo-check]\nlanguage = "en"\n')
    with pytest.raises(UsageError) as e:
        load_config(path)
    assert e.value.args_["key"] == "tool.govinfo-check.language"


@pytest.mark.parametrize("text, key", [
    ('lang = "fr"\n', "lang"),
    ('fail-on = "fatal"\n', "fail-on"),
    ('jobs = 0\n', "jobs"),
    ('jobs = true\n', "jobs"),
    ('select = [1, 2]\n', "select"),
    ('severity = {"N-001" = "loud"}\n', "severity"),
    ('rules = 3\n', "rules"),
])
def test_bad_values(tmp_path, text, key):
    with pytest.raises(UsageError) as e:
        load_config(_write(tmp_path / "govinfo-check.toml", text))
    assert e.value.key == "config_bad_value" and e.value.args_["key"] == key


def test_syntax_error_and_missing_file(tmp_path):
    with pytest.raises(UsageError) as e:
        load_config(_write(tmp_path / "govinfo-check.toml", "lang = \n"))
    assert e.value.key == "config_syntax" and e.value.args_["line"] == 1
    assert str(e.value.args_["file"]).endswith("govinfo-check.toml:1:8")
    with pytest.raises(UsageError) as e:
        config_for(tmp_path / "missing.toml")
    assert e.value.key == "config_missing"


def test_command_line_overrides_config():
    cfg = Config(select=("T3",), ignore=("N",), severity={"N-001": "info"}, rules=(Path("/r.yaml"),),
                 lang="en", fail_on="warning", jobs=4)
    from_cfg = resolve(CheckArgs(paths=[Path("x")]), cfg)
    assert (from_cfg.select, from_cfg.ignore, from_cfg.lang, from_cfg.fail_on, from_cfg.jobs) == \
        (("T3",), ("N",), "en", "warning", 4)
    assert from_cfg.rules == (Path("/r.yaml"),) and from_cfg.severity_overrides == {"N-001": "info"}
    cli = resolve(CheckArgs(paths=[Path("x")], select=["T4-001,T4-002"], ignore=[], lang="zh", fail_on="info",
                            jobs=1, rules=[Path("b.yaml")]), cfg)
    assert (cli.select, cli.ignore, cli.lang, cli.fail_on, cli.jobs) == (("T4-001", "T4-002"), (), "zh", "info", 1)
    assert cli.rules == (Path("b.yaml"),)


def test_defaults_without_config():
    opts = resolve(CheckArgs(paths=[Path("x")]), Config())
    assert (opts.lang, opts.fail_on, opts.jobs, opts.select, opts.ignore) == ("zh", "error", None, (), ())
    assert opts.timeout and opts.timeout > 0


@pytest.mark.parametrize("args, key", [
    (dict(jobs=0), "bad_jobs"),
    (dict(timeout=0), "bad_timeout"),
    (dict(lang="fr"), "bad_choice"),
    (dict(fail_on="fatal"), "bad_choice"),
])
def test_bad_command_line_values(args, key):
    with pytest.raises(UsageError) as e:
        resolve(CheckArgs(paths=[Path("x")], **args), Config())
    assert e.value.key == key


def test_split_codes():
    assert split_codes(["T3-001, t3-002", "N  X-001", "T3-001"]) == ("T3-001", "t3-002", "N", "X-001")
