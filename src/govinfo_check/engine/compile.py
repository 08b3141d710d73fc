"""Rule files → a validated, compiled :class:`RuleSet`: every property and parameter checked with the
file and line of a problem, ``foreach`` expanded, each kind's parameters compiled once; and loading
the package's files plus a user's (cached per file set, and between runs through datacache)."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .. import catalogue
from ..checks import generic
from ..registry import Kind, kinds
from .cases import _CASE_KEYS
from .ruleset import CATEGORIES, FORMATS, LANGS, SEVERITIES, Instance, Rule, RuleFileError, RuleSet
from .yamllines import _line, _parse_yaml

_RULE_REQUIRED = ("code", "name", "severity", "category", "source", "formats", "message", "check")
_RULE_OPTIONAL = ("description", "foreach", "names", "tests")
_FILE_KEYS = ("rules", "names", "description", "vocabulary")  # vocabulary: word lists rules alias
_EXPECT_KEYS = frozenset({"codes", "count", "fields"})
_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{3}$")
_NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_VAR_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
_PLACEHOLDER_RE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_KEYLIKE_RE = re.compile(r"^[a-z][a-z0-9]*(\.[a-z0-9_]+){2,}$")


@lru_cache(maxsize=1)
def _all_kinds() -> dict[str, Kind]:
    return kinds()


def _names_table(raw: Any, file: str, line: int | None) -> dict[str, dict[str, str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RuleFileError(file, line, "names: expected a mapping id → {zh, en} (or a string)")
    out: dict[str, dict[str, str]] = {}
    for k, v in raw.items():
        if isinstance(v, str):
            out[str(k)] = {"zh": v, "en": v}
        elif isinstance(v, dict) and set(v) <= set(LANGS) and v and all(isinstance(x, str) for x in v.values()):
            out[str(k)] = {"zh": v.get("zh", v.get("en", "")), "en": v.get("en", v.get("zh", ""))}
        else:
            raise RuleFileError(file, _line(raw, k), f"names.{k}: expected a string or {{zh, en}}")
    return out


def flatten(items: list[Any]) -> list[Any]:
    """Nested lists (what ``[*anchor, extra]`` gives in YAML) read as one list."""
    out: list[Any] = []
    for x in items:
        out.extend(flatten(x) if isinstance(x, list) else [x])
    return out


def _substitute(obj: Any, bindings: Mapping[str, str]) -> Any:
    if isinstance(obj, str):
        for var, val in bindings.items():
            obj = obj.replace("{" + var + "}", val)
        return obj
    if isinstance(obj, list):
        return [_substitute(x, bindings) for x in obj]
    if isinstance(obj, dict):
        return {k: _substitute(v, bindings) for k, v in obj.items()}
    return obj


def _strings(obj: Any) -> Iterable[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, list):
        for x in obj:
            yield from _strings(x)
    elif isinstance(obj, dict):
        for x in obj.values():
            yield from _strings(x)


def _key_prefixes() -> frozenset[str]:
    return frozenset(k.split(".", 1)[0] for k in generic.known_keys())


def _check_keylike(params: dict[str, Any], where: str) -> None:
    """For kinds without a prepare step: any parameter that looks like a field key must be one."""
    prefixes = _key_prefixes()
    for s in _strings(params):
        if _KEYLIKE_RE.match(s) and s.split(".", 1)[0] in prefixes and s not in generic.known_keys():
            raise ValueError(f"{where}: unknown field key {s!r}")


def _foreach(raw: Any, file: str, line: int | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not raw:
        raise RuleFileError(file, line, "foreach: expected a mapping var → list of ids")
    out = []
    for var, vals in raw.items():
        vline = _line(raw, var)
        if not isinstance(var, str) or not _VAR_RE.match(var):
            raise RuleFileError(file, vline, f"foreach: bad variable name {var!r}")
        vals = flatten(vals) if isinstance(vals, list) else vals
        if not isinstance(vals, list) or not vals or not all(isinstance(v, (str, int)) for v in vals):
            raise RuleFileError(file, vline, f"foreach.{var}: expected a non-empty list of ids")
        out.append((var, tuple(str(v) for v in vals)))
    return tuple(out)


def _compile_rule(raw: Any, file: str, file_names: dict[str, dict[str, str]], kind_map: dict[str, Kind]) -> Rule:
    line = _line(raw)
    if not isinstance(raw, dict):
        raise RuleFileError(file, line, "a rule must be a mapping")
    for k in raw:
        if k not in _RULE_REQUIRED and k not in _RULE_OPTIONAL:
            raise RuleFileError(file, _line(raw, k), f"unknown rule property {k!r} (allowed: "
                                f"{', '.join(_RULE_REQUIRED + _RULE_OPTIONAL)})")
    for k in _RULE_REQUIRED:
        if k not in raw:
            raise RuleFileError(file, line, f"rule {raw.get('code', '?')}: missing required property {k!r}")

    code = raw["code"]
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise RuleFileError(file, _line(raw, "code"), f"code: expected e.g. T3-001, got {code!r}")
    where = f"rule {code}"

    def bad(key: str, reason: str, obj: Any = raw) -> RuleFileError:
        return RuleFileError(file, _line(obj, key), f"{where}: {reason}")

    name = raw["name"]
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise bad("name", f"name: expected kebab-case, got {name!r}")
    if raw["severity"] not in SEVERITIES:
        raise bad("severity", f"severity: expected one of {', '.join(SEVERITIES)}, got {raw['severity']!r}")
    if raw["category"] not in CATEGORIES:
        raise bad("category", f"category: expected one of {', '.join(CATEGORIES)}, got {raw['category']!r}")
    if not isinstance(raw["source"], str) or not raw["source"].strip():
        raise bad("source", "source: expected the normative source as text")
    formats = raw["formats"]
    if (not isinstance(formats, list) or not formats
            or any(str(f) not in FORMATS for f in formats)):
        raise bad("formats", f"formats: expected a non-empty list of {', '.join(FORMATS)}, got {formats!r}")
    description = raw.get("description", "") or ""
    if not isinstance(description, str):
        raise bad("description", "description: expected text")
    message = raw["message"]
    if not isinstance(message, dict) or set(message) != set(LANGS) or not all(
            isinstance(v, str) and v for v in message.values()):
        raise bad("message", "message: expected {zh: ..., en: ...}")

    check = raw["check"]
    if not isinstance(check, dict) or "kind" not in check:
        raise bad("check", "check: expected a mapping with 'kind'")
    kind_name = check["kind"]
    kind = kind_map.get(kind_name)
    if kind is None:
        raise bad("kind", f"unknown check kind {kind_name!r} (known: {', '.join(sorted(kind_map))})", check)
    params = {k: v for k, v in check.items() if k != "kind"}
    for p in params:
        if p not in kind.params:
            raise bad(p, f"check kind {kind_name!r} has no parameter {p!r} (allowed: "
                      f"{', '.join(sorted(kind.params)) or 'none'})", check)

    foreach = _foreach(raw.get("foreach"), file, _line(raw, "foreach"))
    names = {**file_names, **_names_table(raw.get("names"), file, _line(raw, "names"))}
    instances = _instances(foreach, params, kind, file, check, where)
    tests = _tests(raw.get("tests"), file, _line(raw, "tests"), where)
    return Rule(code=code, name=name, severity=raw["severity"], category=raw["category"], source=raw["source"],
                formats=tuple(str(f) for f in formats), description=_unfold(description), message=dict(message),
                kind=kind_name, params=params, foreach=foreach, names=names, tests=tests, file=file, line=line,
                instances=instances, scope=kind.scope)


def _unfold(text: str) -> str:
    """YAML's folded ``>`` joins lines with a space, which Chinese text does not want."""
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text.strip())


def _instances(foreach: tuple[tuple[str, tuple[str, ...]], ...], params: dict[str, Any], kind: Kind, file: str,
               check: Any, where: str) -> tuple[Instance, ...]:
    line = _line(check)
    var_names = [v for v, _ in foreach]
    out: list[Instance] = []
    for combo in itertools.product(*(vals for _, vals in foreach)) if foreach else [()]:
        bindings = dict(zip(var_names, combo))
        expanded = _substitute(params, bindings)
        for s in _strings(expanded):
            m = _PLACEHOLDER_RE.search(s)
            if m and _KEYLIKE_RE.match(s.replace(m.group(0), "x")):
                raise RuleFileError(file, line, f"{where}: unknown placeholder {m.group(0)} in {s!r} "
                                    f"(foreach declares: {', '.join(var_names) or 'nothing'})")
        label = f"{where}" + (f" ({', '.join(f'{k}={v}' for k, v in bindings.items())})" if bindings else "")
        try:
            spec = kind.prepare(expanded) if kind.prepare else expanded
            if kind.prepare is None:
                _check_keylike(expanded, "check")
        except (ValueError, KeyError, TypeError) as exc:
            # a kind's reason starts with the parameter's name ("left: unknown field key …")
            param = str(exc).split(":", 1)[0].strip()
            raise RuleFileError(file, _line(check, param) or line, f"{label}: {exc}") from None
        out.append(Instance(tuple(bindings.items()), expanded, spec))
    return tuple(out)


def _tests(raw: Any, file: str, line: int | None, where: str) -> dict[str, list[dict[str, Any]]]:
    if raw is None:
        return {"pass": [], "fail": []}
    if not isinstance(raw, dict) or not set(raw) <= {"pass", "fail"}:
        raise RuleFileError(file, line, f"{where}: tests: expected {{pass: [...], fail: [...]}}")
    out: dict[str, list[dict[str, Any]]] = {}
    for which in ("pass", "fail"):
        cases = raw.get(which) or []
        if not isinstance(cases, list):
            raise RuleFileError(file, _line(raw, which), f"{where}: tests.{which}: expected a list of cases")
        for case in cases:
            _validate_case(case, file, where, which == "fail")
        out[which] = list(cases)
    return out


def _validate_case(case: Any, file: str, where: str, failing: bool) -> None:
    line = _line(case)
    if not isinstance(case, dict):
        raise RuleFileError(file, line, f"{where}: a test case must be a mapping")
    for k in case:
        if k not in _CASE_KEYS or (k == "expect" and not failing):
            raise RuleFileError(file, _line(case, k), f"{where}: test case: unknown property {k!r}")
    for section in ("fields", "extras"):
        vals = case.get(section) or {}
        if not isinstance(vals, dict):
            raise RuleFileError(file, _line(case, section), f"{where}: test case {section}: expected key → value")
        for key in vals:
            if key not in generic.known_keys():
                raise RuleFileError(file, _line(vals, key), f"{where}: test case: unknown field key {key!r}")
    expect = case.get("expect")
    if expect is not None and (not isinstance(expect, dict) or not set(expect) <= _EXPECT_KEYS):
        raise RuleFileError(file, _line(case, "expect"), f"{where}: expect: allowed keys are codes, count, fields")
    if isinstance(case.get("previous"), dict):
        _validate_case(case["previous"], file, where, False)


def _compile_file(data: Any, file: str, kind_map: dict[str, Kind], global_names: dict[str, dict[str, str]],
                  ) -> list[Rule]:
    """The rules of one parsed rule file (:func:`_parse_yaml`)."""
    if data is None:
        return []
    if not isinstance(data, dict):
        raise RuleFileError(file, _line(data), "a rule file is a mapping with 'rules:' (and optional 'names:')")
    for k in data:
        if k not in _FILE_KEYS:
            raise RuleFileError(file, _line(data, k), f"unknown top-level property {k!r} (allowed: "
                                f"{', '.join(_FILE_KEYS)})")
    rules = data.get("rules") or []
    if not isinstance(rules, list):
        raise RuleFileError(file, _line(data, "rules"), "rules: expected a list of rules")
    file_names = {**global_names, **_names_table(data.get("names"), file, _line(data, "names"))}
    return [_compile_rule(r, file, file_names, kind_map) for r in rules]


def _file_names(data: Any, file: str) -> dict[str, dict[str, str]]:
    if isinstance(data, dict):
        return _names_table(data.get("names"), file, _line(data, "names"))
    return {}


# ---------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------


def _package_files() -> list[tuple[str, str]]:
    root = resources.files("govinfo_check.rules")
    out = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml") and entry.is_file():
            out.append((f"rules/{entry.name}", entry.read_text(encoding="utf-8")))
    return out


def load_rules(extra_files: Sequence[str | Path] = ()) -> RuleSet:
    """The package's rule files plus ``extra_files``, validated and compiled. Cached per file set
    (and modification times). Raises :class:`RuleFileError` naming the file and line."""
    stamps = []
    for p in extra_files:
        path = Path(p)
        try:
            stamps.append((str(path), path.stat().st_mtime_ns))
        except OSError as exc:
            raise RuleFileError(str(path), None, f"cannot read rule file: {exc.strerror or exc}") from None
    return _load_cached(tuple(stamps), _package_stamp())


def _package_stamp() -> tuple[tuple[str, int], ...]:
    root = resources.files("govinfo_check.rules")
    if isinstance(root, Path):
        return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(root.glob("*.yaml")))
    return ()


@lru_cache(maxsize=16)
def _load_cached(extra: tuple[tuple[str, int], ...], _stamp: tuple[tuple[str, int], ...]) -> RuleSet:
    texts = _package_files()
    n_package = len(texts)
    for path, _ in extra:
        try:
            texts.append((path, Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleFileError(path, None, f"cannot read rule file: {exc}") from None
    if extra:  # a user's rule file is compiled afresh each run, so that its errors are always seen
        return _compile_all(texts, n_package)
    from .. import datacache

    # the compiled set depends on the files' text, the kinds and the catalogue (and the code: see datacache)
    kinds_seen = [f"{k.name}|{k.scope}|{','.join(sorted(k.params))}" for k in _all_kinds().values()]
    inputs = [t for pair in texts for t in pair] + sorted(kinds_seen) + sorted(d.code for d in catalogue.all_defs())
    return datacache.cached("rules", inputs, lambda: _compile_all(texts, n_package))


def _compile_all(texts: list[tuple[str, str]], n_package: int) -> RuleSet:
    kind_map = _all_kinds()
    # names are shared: a user's file may use the ids the package files named. Each file is parsed
    # once, for both passes.
    global_names: dict[str, dict[str, str]] = {}
    parsed: list[tuple[str, Any]] = []
    for i, (file, text) in enumerate(texts):
        data = _parse_yaml(text, file, trusted=i < n_package)
        parsed.append((file, data))
        for k, v in _file_names(data, file).items():
            global_names.setdefault(k, v)
    catalogue_codes = {d.code for d in catalogue.all_defs()}
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for file, data in parsed:
        for rule in _compile_file(data, file, kind_map, global_names):
            if rule.code in seen:
                first = seen[rule.code]
                raise RuleFileError(file, rule.line, f"duplicate code {rule.code} (first defined at "
                                    f"{first.file}:{first.line})")
            if rule.code in catalogue_codes:
                raise RuleFileError(file, rule.line, f"code {rule.code} is already a catalogue code")
            seen[rule.code] = rule
            rules.append(rule)
    return RuleSet(tuple(rules), tuple(f for f, _ in texts))
