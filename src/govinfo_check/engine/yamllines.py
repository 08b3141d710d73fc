"""Rule files as YAML with the line of every mapping, list and key, so that a problem in a rule file
names its line."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .ruleset import RuleFileError

class _LineDict(dict):
    line: int | None = None
    key_lines: dict[Any, int]


class _LineList(list):
    line: int | None = None


def _construct_mapping(loader: Any, node: Any) -> _LineDict:
    # a key written twice is a mistake; a key overriding one merged in with ``<<: *anchor`` is not
    explicit: set[Any] = set()
    for k_node, _ in node.value:
        if k_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(k_node, deep=True)
        if key in explicit:
            raise RuleFileError("", k_node.start_mark.line + 1, f"duplicate key {key!r}")
        explicit.add(key)
    loader.flatten_mapping(node)
    d = _LineDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    for k_node, v_node in node.value:
        key = loader.construct_object(k_node, deep=True)
        d[key] = loader.construct_object(v_node, deep=True)
        d.key_lines[key] = k_node.start_mark.line + 1
    return d


def _construct_sequence(loader: Any, node: Any) -> _LineList:
    out = _LineList(loader.construct_object(n, deep=True) for n in node.value)
    out.line = node.start_mark.line + 1
    return out


@lru_cache(maxsize=1)
def _loaders() -> tuple[type, type | None]:
    """The pure-Python loader with line numbers, and the same on libyaml's C parser when PyYAML was
    built with it: reading the package's rule files drops from ~120 ms to ~12 ms. The C one is only
    for the package's own files (tests hold both parsers to the same result on them): on a user's
    malformed file the two parsers may disagree, and the pure-Python one's verdict and message are
    the documented ones. A package file the C parser rejects is read again by the pure-Python one.
    Built on first use: a run whose compiled rules come from the cache (datacache) never imports
    PyYAML for them."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    fast: type | None = None
    if getattr(yaml, "__with_libyaml__", False):
        class _FastLoader(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
            pass

        _FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
        _FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
        fast = _FastLoader
    return _Loader, fast


def _line(obj: Any, key: Any = None) -> int | None:
    if key is not None and isinstance(obj, _LineDict) and key in obj.key_lines:
        return obj.key_lines[key]
    return getattr(obj, "line", None)


def _parse_yaml(text: str, file: str, trusted: bool = False) -> Any:
    """``text`` as YAML with line numbers; ``trusted``: a package file, which libyaml may read."""
    import yaml

    slow, fast = _loaders()
    if trusted and fast is not None:
        try:
            return yaml.load(text, Loader=fast)  # noqa: S506 - a SafeLoader
        except Exception:  # noqa: BLE001, S110 - any problem is reported by the pure-Python reading below
            pass
    try:
        return yaml.load(text, Loader=slow)  # noqa: S506 - a SafeLoader
    except RuleFileError as exc:
        raise RuleFileError(file, exc.line, exc.reason) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = " ".join(str(p) for p in (getattr(exc, "problem", None), getattr(exc, "context", None)) if p)
        raise RuleFileError(file, mark.line + 1 if mark else None, f"YAML syntax error: {reason or exc}") from None
