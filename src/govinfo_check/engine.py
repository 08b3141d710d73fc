"""The rule engine: rule files (YAML) + a ParsedReport → Findings, then blame.

The engine knows no specific rule. It loads every ``*.yaml`` in the package's rules folder plus
the user's files, validates each rule (properties, kind, parameters, field keys, test cases) with
the file and line of the problem, expands ``foreach`` and compiles the check parameters once. At
evaluation it runs every applicable rule instance, turns the kinds' Hits into Findings with
rendered zh/en messages, and finally folds arithmetic symptoms: into a blank-total finding when a
blank total caused them, or into one ``B-001`` finding when a single cell explains them all.

See docs/RULES.md for the rule-file format.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from . import catalogue, fields
from .checks import generic
from .models import (
    TABLE_NAMES, TABLE_TITLES, Document, Figure, Finding, LocatedTable, Location, Paragraph, ParsedReport,
    Section, Source, Table, Value,
)
from .registry import CheckContext, Hit, Kind, kinds
from .values import parse_value

SEVERITIES = ("error", "warning", "info")
CATEGORIES = ("arithmetic", "value", "narrative", "structure", "period", "format_version", "cross_year", "read",
              "content")
FORMATS = ("2021", "2019", "hybrid", "unknown")
SCOPES = ("file", "cross_year", "all")
LANGS = ("zh", "en")

_RULE_REQUIRED = ("code", "name", "severity", "category", "source", "formats", "message", "check")
_RULE_OPTIONAL = ("description", "foreach", "names", "tests")
_FILE_KEYS = ("rules", "names", "description", "vocabulary")  # vocabulary: word lists rules alias
_CASE_KEYS = frozenset({
    "name", "fields", "extras", "absent", "format_version", "year", "title", "agency", "path", "period_text",
    "period_years", "sections", "paragraphs", "missing_tables", "picture_tables", "previous", "expect",
})
_EXPECT_KEYS = frozenset({"codes", "count", "fields"})
_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{3}$")
_NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_VAR_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
_PLACEHOLDER_RE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_KEYLIKE_RE = re.compile(r"^[a-z][a-z0-9]*(\.[a-z0-9_]+){2,}$")

# Findings raised by the engine itself (not by a rule file). Registered in the catalogue so that
# `rules`/`explain` and the reporters see them like any other code.
if "B-001" not in {d.code for d in catalogue.all_defs()}:
    catalogue.define(
        "B-001", "blamed-cell", "error", "arithmetic", "勾稽关系（综合判断）",
        "最可能的错误：{cell}：填报 {printed}，按合计应为 {implied}（可同时解释 {count} 处勾稽关系不符：{symptom_codes}）",
        "Most likely error: {cell}: printed {printed}, the totals imply {implied} "
        "(this one cell explains {count} failed relations: {symptom_codes})",
        "当若干勾稽关系同时不成立，而且只改动一个单元格（同一差值）就能使它们全部成立时，"
        "只报告这个单元格，原来的各条不符作为其症状列出（related / args.symptoms）。",
    )
if "R-001" not in {d.code for d in catalogue.all_defs()}:
    catalogue.define(
        "R-001", "rule-failed", "error", "read", "检查规则",
        "规则 {rule} 执行出错，该项未能检查：{detail}",
        "Rule {rule} failed and was not checked: {detail}",
        "检查规则本身出错（程序缺陷），该规则的结果缺失；其他规则照常检查。",
    )


class RuleFileError(Exception):
    """A rule file that cannot be used. ``str()`` is ``file:line: reason``."""

    def __init__(self, file: str, line: int | None, reason: str):
        self.file = file
        self.line = line
        self.reason = reason
        super().__init__(f"{file}:{line}: {reason}" if line is not None else f"{file}: {reason}")


# ---------------------------------------------------------------------------
# compiled rules
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Instance:
    """One foreach expansion of a rule: its bindings and its compiled parameters."""

    bindings: tuple[tuple[str, str], ...]
    params: dict[str, Any]  # expanded parameters as written (for explain)
    spec: Any  # what the kind's prepare returned (or ``params``)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    category: str
    source: str
    formats: tuple[str, ...]
    description: str
    message: dict[str, str]
    kind: str
    params: dict[str, Any]  # the check's parameters before expansion
    foreach: tuple[tuple[str, tuple[str, ...]], ...]
    names: dict[str, dict[str, str]]
    tests: dict[str, list[dict[str, Any]]]
    file: str
    line: int | None
    instances: tuple[Instance, ...]
    scope: str = "file"


@dataclass
class RuleSet:
    rules: tuple[Rule, ...]
    files: tuple[str, ...] = ()
    _by_code: dict[str, Rule] = field(default_factory=dict, repr=False)
    # field key → linear instances naming it, for blame's "does a passing relation hold this cell" test
    _linear: dict[str, list[tuple[Rule, Instance]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_code = {r.code: r for r in self.rules}
        for r in self.rules:
            for inst in r.instances:
                for key, _ in getattr(inst.spec, "linear_terms", ()) or ():
                    self._linear.setdefault(key, []).append((r, inst))

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, code: str) -> Rule | None:
        return self._by_code.get(code)

    def subset(self, codes: Iterable[str]) -> RuleSet:
        wanted = set(codes)
        return RuleSet(tuple(r for r in self.rules if r.code in wanted), self.files)


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    severity: str
    category: str
    source: str
    formats: tuple[str, ...]  # empty: every format (catalogue codes)
    description: str
    origin: str = "rule"  # "rule" (a rule file) | "catalogue" (raised by code)
    file: str = ""


# ---------------------------------------------------------------------------
# YAML with line numbers
# ---------------------------------------------------------------------------


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


def __getattr__(name: str) -> Any:
    """``engine._Loader`` and ``engine._FastLoader``, built on first use (see :func:`_loaders`)."""
    if name == "_Loader":
        return _loaders()[0]
    if name == "_FastLoader":
        return _loaders()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


# ---------------------------------------------------------------------------
# kinds
# ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _all_kinds() -> dict[str, Kind]:
    return kinds()


# ---------------------------------------------------------------------------
# validation and compilation
# ---------------------------------------------------------------------------


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
    from . import datacache

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


# ---------------------------------------------------------------------------
# selection and severity
# ---------------------------------------------------------------------------


def _specificity(code: str, name: str, pattern: str) -> int | None:
    if pattern in ("ALL", ""):
        return 0
    if pattern == name:
        return len(code) + 1
    return len(pattern) if code.startswith(pattern) else None


def is_selected(code: str, select: Sequence[str] = (), ignore: Sequence[str] = (), name: str = "") -> bool:
    """Like ruff: codes or prefixes ("T3", "T3-00"); the most specific match between select and
    ignore wins, a tie goes to ignore. No select means everything."""
    if not select and not ignore:  # the usual case, asked once per rule per file
        return True
    sel = [s for s in (_specificity(code, name, p) for p in select) if s is not None] if select else [0]
    if not sel:
        return False
    ign = [s for s in (_specificity(code, name, p) for p in ignore) if s is not None]
    return not ign or max(sel) > max(ign)


def _override(code: str, overrides: Mapping[str, str]) -> str | None:
    best: tuple[int, str] | None = None
    for pattern, sev in overrides.items():
        s = _specificity(code, "", pattern)
        if s is not None and (best is None or s >= best[0]):
            best = (s, sev)
    return best[1] if best else None


def filter_findings(findings: Iterable[Finding], select: Sequence[str] = (), ignore: Sequence[str] = (),
                    severity_overrides: Mapping[str, str] | None = None) -> list[Finding]:
    """select/ignore and severity overrides for findings made elsewhere (e.g. read problems)."""
    _check_overrides(severity_overrides or {})
    out = [f for f in findings if is_selected(f.code, select, ignore, f.name)]
    for f in out:
        sev = _override(f.code, severity_overrides or {})
        if sev:
            f.severity = sev  # type: ignore[assignment]
    return out


def _check_overrides(overrides: Mapping[str, str]) -> None:
    for pattern, sev in overrides.items():
        if sev not in SEVERITIES:
            raise ValueError(f"severity override {pattern}={sev!r}: expected one of {', '.join(SEVERITIES)}")


# ---------------------------------------------------------------------------
# evaluation
# ---------------------------------------------------------------------------


@dataclass
class _Item:
    finding: Finding
    rule: Rule | None
    inst: Instance | None


def evaluate(report: ParsedReport, rules: RuleSet, *, previous: ParsedReport | None = None,
             select: Sequence[str] = (), ignore: Sequence[str] = (),
             severity_overrides: Mapping[str, str] | None = None, scope: str = "file",
             blame: bool = True) -> list[Finding]:
    """Run every rule that applies to the report's format and the scope ("file": single-file rules,
    "cross_year": rules comparing with ``previous``, "all": both). ``blame=False`` reports the raw
    symptoms (the rule-file test walker uses it)."""
    if scope not in SCOPES:
        raise ValueError(f"scope: expected one of {', '.join(SCOPES)}, got {scope!r}")
    overrides = dict(severity_overrides or {})
    _check_overrides(overrides)
    ctx = CheckContext(report=report, previous=previous)
    fmt = report.format_version if report.format_version in FORMATS else "unknown"
    items: list[_Item] = []
    applied: set[str] = set()
    # --select B-001 (or B): a blamed cell is derived from the failed relations, so those run too and
    # are then left out of what is reported
    helpers = blame and bool(select) and is_selected("B-001", select, ignore, "blamed-cell")
    for rule in rules.rules:
        if fmt not in rule.formats:
            continue
        if not is_selected(rule.code, select, ignore, rule.name) and not (helpers and _is_linear_rule(rule)):
            continue
        if scope != "all" and rule.scope != scope:
            continue
        if rule.scope == "cross_year" and previous is None:
            continue
        applied.add(rule.code)
        items.extend(_run_rule(rule, ctx))
    if blame:
        items = _fold(items, report, rules, applied, select, ignore)
    findings = [it.finding for it in items]
    if helpers:
        findings = [f for f in findings if is_selected(f.code, select, ignore, f.name)]
    for f in findings:
        sev = _override(f.code, overrides)
        if sev:
            f.severity = sev  # type: ignore[assignment]
    return findings


def _is_linear_rule(rule: Rule) -> bool:
    return any(getattr(inst.spec, "linear_terms", None) is not None for inst in rule.instances)


def _run_rule(rule: Rule, ctx: CheckContext) -> list[_Item]:
    fn = _all_kinds()[rule.kind].fn
    out: list[_Item] = []
    for inst in rule.instances:
        try:
            for hit in fn(ctx, inst.spec):
                out.append(_Item(_finding(rule, inst, hit, ctx.report), rule, inst))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not cost the file its other checks
            f = catalogue.make("R-001", rule=rule.code, detail=f"{type(exc).__name__}: {exc}")
            out.append(_Item(f, rule, inst))
            break
    return out


def _localize(args: Mapping[str, Any], lang: str) -> dict[str, Any]:
    out = {}
    for k, v in args.items():
        if isinstance(v, dict) and v and set(v) <= set(LANGS):
            v = v.get(lang) or next(iter(v.values()))
        elif isinstance(v, float):
            v = generic.fmt(Decimal(str(v)))
        out[k] = v
    return out


def _render(template: str, args: Mapping[str, Any], lang: str) -> str:
    return catalogue.render(template, _localize(args, lang))


def _table_short(table: str | None) -> dict[str, str]:
    t = TABLE_TITLES.get(table or "")
    if not t:
        return {"zh": "", "en": ""}
    return {"zh": t["zh"].split(" ")[0], "en": t["en"].split(" (")[0]}


def cell_text(loc: Location) -> dict[str, str]:
    """"表三「…」行「自然人」列" / "Table 3, row “…”, column “自然人”"."""
    short = _table_short(loc.table)
    zh, en = short["zh"], short["en"]
    if loc.row_label:
        zh += f"「{loc.row_label}」行"
        en += f", row “{loc.row_label}”"
    if loc.column_label:
        zh += f"「{loc.column_label}」列"
        en += f", column “{loc.column_label}”"
    return {"zh": zh.strip(), "en": en.strip(", ")}


def _display(keys: Sequence[str], names: Mapping[str, Mapping[str, str]]) -> list[dict[str, str]]:
    """Short operand names: only the key segments that differ between the operands (the rows of a
    column relation, the columns of a row relation), through the rule's name table."""
    split = [k.split(".") for k in keys]
    width = max((len(s) for s in split), default=0)
    varying = [i for i in range(width) if len({s[i] if i < len(s) else "" for s in split}) > 1]
    if not varying:
        varying = list(range(1, width)) or [0]
    out = []
    for s in split:
        parts = [s[i] for i in varying if i < len(s)]
        out.append({lang: "/".join(names.get(p, {}).get(lang, p) for p in parts) for lang in LANGS})
    return out


def _value_text(op: Any, lang: str) -> str:
    if op.blank:
        return "空白" if lang == "zh" else "blank"
    if op.value is None:
        return "?"
    return generic.fmt(Decimal(str(op.value)))


def _terms_text(ops: Sequence[Any], shown: Sequence[dict[str, str]], lang: str) -> str:
    """"本年新收 10 + 上年结转 3": zero terms are left out (a 21-term sum is mostly zeros); blank
    and unreadable ones are kept, they are what the reader needs to see."""
    parts = []
    for op, name in zip(ops, shown):
        if op.value == 0 and not op.blank and len(ops) > 1:
            continue
        w = abs(op.weight)
        parts.append(f"{'' if w == 1 else f'{w}×'}{name[lang]} {_value_text(op, lang)}")
    return " + ".join(parts) or "0"


def _standard_args(rule: Rule, inst: Instance, hit: Hit) -> dict[str, Any]:
    loc = hit.location
    args: dict[str, Any] = {
        "code": rule.code,
        "table": {lang: TABLE_TITLES.get(loc.table or "", {}).get(lang, loc.table_title or "") for lang in LANGS},
        "table_short": _table_short(loc.table),
        "row_label": loc.row_label or "",
        "column_label": loc.column_label or "",
        "cell": cell_text(loc),
    }
    for var, val in inst.bindings:
        args[var] = rule.names.get(val, {"zh": val, "en": val})
        args[f"{var}_id"] = val
    if hit.operands:
        shown = _display([o.key for o in hit.operands], rule.names)
        pos = [(o, s) for o, s in zip(hit.operands, shown) if o.weight > 0]
        neg = [(o, s) for o, s in zip(hit.operands, shown) if o.weight < 0]
        for name, pairs in (("operands", list(zip(hit.operands, shown))), ("left_terms", pos), ("right_terms", neg)):
            args[name] = {lang: _terms_text([p[0] for p in pairs], [p[1] for p in pairs], lang) for lang in LANGS}
    return args


def _finding(rule: Rule, inst: Instance, hit: Hit, report: ParsedReport) -> Finding:
    args = {**_standard_args(rule, inst, hit), **hit.args}
    return Finding(
        code=rule.code, severity=hit.severity or rule.severity,  # type: ignore[arg-type]
        category=rule.category,  # type: ignore[arg-type]
        messages={lang: _render(rule.message[lang], args, lang) for lang in LANGS},
        fields=list(hit.fields), args=args, expected=hit.expected, actual=hit.actual,
        operands=list(hit.operands), location=hit.location, name=rule.name, source=rule.source,
    )


# ---------------------------------------------------------------------------
# blame: fold arithmetic symptoms into their cause
# ---------------------------------------------------------------------------


def _coefficients(inst: Instance) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, w in inst.spec.linear_terms:
        out[key] = out.get(key, 0) + w
    return out


def _is_linear(it: _Item) -> bool:
    return (it.inst is not None and getattr(it.inst.spec, "linear_terms", None) is not None
            and "residual" in it.finding.args)


def _symptom(it: _Item) -> dict[str, str]:
    return {"code": it.finding.code, **it.finding.messages}


def _fold(items: list[_Item], report: ParsedReport, rules: RuleSet, applied: set[str],
          select: Sequence[str], ignore: Sequence[str]) -> list[_Item]:
    linear = [it for it in items if _is_linear(it)]
    folded: set[int] = set()
    # 1. a blank total with non-zero items explains every relation that holds that cell
    for anchor in items:
        key = anchor.finding.args.get("folds")
        if not key:
            continue
        symptoms = [it for it in linear if id(it) not in folded and key in _coefficients(it.inst)]  # type: ignore[arg-type]
        _attach(anchor.finding, symptoms)
        folded.update(id(it) for it in symptoms)
    # 2. one cell whose single change makes every relation it is in hold
    blamed: list[tuple[_Item, Finding]] = []
    if is_selected("B-001", select, ignore, "blamed-cell"):
        remaining = [it for it in linear if id(it) not in folded]
        for cell, symptoms, d in _blame_cells(remaining, report, rules, applied):
            finding = _blame_finding(report, cell, symptoms, d)
            blamed.append((symptoms[0], finding))
            folded.update(id(it) for it in symptoms)
    first_of = {id(anchor): f for anchor, f in blamed}
    out: list[_Item] = []
    for it in items:
        if id(it) in first_of:
            out.append(_Item(first_of[id(it)], None, None))
        if id(it) not in folded:
            out.append(it)
    return out


def _attach(finding: Finding, symptoms: Sequence[_Item]) -> None:
    if not symptoms:
        return
    finding.related.extend(it.finding.code for it in symptoms)
    finding.args.setdefault("symptoms", []).extend(_symptom(it) for it in symptoms)


def _residual(report: ParsedReport, inst: Instance) -> Decimal:
    values = generic._numbers(report, inst.spec.linear_terms)
    assert values is not None  # a failing relation was evaluated, so every operand is readable
    return sum((w * v for (_, w), v in zip(inst.spec.linear_terms, values)), Decimal(0))


def _blame_cells(failing: list[_Item], report: ParsedReport, rules: RuleSet, applied: set[str],
                 ) -> list[tuple[str, list[_Item], Decimal]]:
    if not failing:
        return []
    coefs = {id(it): _coefficients(it.inst) for it in failing}  # type: ignore[arg-type]
    residuals = {id(it): _residual(report, it.inst) for it in failing}  # type: ignore[arg-type]
    failing_insts = {id(it.inst) for it in failing}
    candidates: dict[str, tuple[list[_Item], Decimal]] = {}
    for key in dict.fromkeys(k for it in failing for k in coefs[id(it)]):
        found = _explains(key, failing, coefs, residuals, report, rules, applied, failing_insts)
        if found is not None:
            candidates[key] = found
    chosen: list[tuple[str, list[_Item], Decimal]] = []
    explained: set[int] = set()
    for key, (symptoms, d) in sorted(candidates.items(), key=lambda kv: -len(kv[1][0])):
        mine = {id(s) for s in symptoms}
        rival = any(other != key and len(o_sym) >= len(symptoms) and mine & {id(s) for s in o_sym}
                    for other, (o_sym, _) in candidates.items())
        if rival or mine & explained:
            continue
        chosen.append((key, symptoms, d))
        explained |= mine
    return chosen


def _explains(key: str, failing: list[_Item], coefs: dict[int, dict[str, int]], residuals: dict[int, Decimal],
              report: ParsedReport, rules: RuleSet, applied: set[str], failing_insts: set[int],
              ) -> tuple[list[_Item], Decimal] | None:
    """The failing relations this cell would all repair with one change d, or None."""
    symptoms = [it for it in failing if coefs[id(it)].get(key)]
    ds = {-residuals[id(it)] / coefs[id(it)][key] for it in symptoms}
    if len(ds) != 1:
        return None
    d = ds.pop()
    f = generic.figure(report, key)
    printed = f.value.as_number if f is not None else None
    if printed is None or d == 0:
        return None
    implied = printed + d
    if implied < 0 or (generic.field_type(key) == "count" and implied != implied.to_integral_value()):
        return None
    # a relation that holds today and names this cell would break if the cell changed
    for rule, inst in rules._linear.get(key, ()):
        if rule.code in applied and id(inst) not in failing_insts and _coefficients(inst).get(key):
            if generic._numbers(report, inst.spec.linear_terms) is not None:
                return None
    return symptoms, d


def _blame_finding(report: ParsedReport, key: str, symptoms: list[_Item], d: Decimal) -> Finding:
    f = generic.figure(report, key)
    assert f is not None and f.value.as_number is not None
    printed = f.value.as_number
    implied = printed + d
    loc = generic.cell_location(report, key)
    codes = [it.finding.code for it in symptoms]
    printed_text = {"zh": "空白", "en": "blank"} if f.value.kind == "blank" else generic.fmt(printed)
    args: dict[str, Any] = {
        "cell": cell_text(loc), "key": key, "printed": printed_text, "implied": generic.fmt(implied),
        "count": len(symptoms), "symptom_codes": "、".join(dict.fromkeys(codes)),
        "symptoms": [_symptom(it) for it in symptoms],
    }
    d_def = catalogue.get("B-001")
    return Finding(
        code=d_def.code, severity=d_def.severity, category=d_def.category,
        messages={"zh": _render(d_def.zh, args, "zh"), "en": _render(d_def.en, args, "en")},
        fields=[key], args=args, expected=generic.plain(implied), actual=generic.plain(printed),
        operands=[generic.operand(report, key)], location=loc, name=d_def.name, source=d_def.source,
        blame={"key": key, "printed": generic.plain(printed), "raw": f.value.raw,
               "implied": generic.plain(implied), "location": loc.to_dict()},
        related=codes,
    )


# ---------------------------------------------------------------------------
# rule_infos / explain
# ---------------------------------------------------------------------------


def rule_infos(rules: RuleSet) -> list[RuleInfo]:
    """Every code: the rule files' and the catalogue's (read, locate, blame…), sorted by code."""
    out = [RuleInfo(r.code, r.name, r.severity, r.category, r.source, r.formats, r.description, "rule", r.file)
           for r in rules.rules]
    have = {r.code for r in rules.rules}
    out += [RuleInfo(d.code, d.name, d.severity, d.category, d.source, (), d.description, "catalogue")
            for d in catalogue.all_defs() if d.code not in have]
    return sorted(out, key=lambda i: i.code)


_EXPLAIN_TEXT = {
    "zh": {"source": "依据", "formats": "适用格式", "all": "全部", "formula": "检查", "foreach": "逐项展开",
           "message": "提示模板", "pass": "通过示例", "fail": "不通过示例", "finds": "检查结果",
           "none": "无问题", "unknown": "未知代码", "file": "定义于", "count": "条关系"},
    "en": {"source": "Source", "formats": "Formats", "all": "all", "formula": "Check", "foreach": "For each",
           "message": "Message", "pass": "Passing example", "fail": "Failing example", "finds": "Result",
           "none": "no finding", "unknown": "unknown code", "file": "Defined in", "count": "relations"},
}


def _kind_label(severity: str, category: str, lang: str) -> str:
    """``[错误 · 勾稽关系]`` / ``[error · arithmetic]``: in the language of the rest of the text."""
    from .summary import CATEGORY_LABELS, SEVERITY_LABELS, lang_of

    lang = lang_of(lang)
    return f"[{SEVERITY_LABELS[lang].get(severity, severity)} · {CATEGORY_LABELS[lang].get(category, category)}]"


def explain(code: str, rules: RuleSet, lang: str = "zh") -> str:
    """What a code checks: description, formula, a passing and a failing example (evaluated).
    Raises KeyError for an unknown code."""
    from .summary import rule_text

    t = _EXPLAIN_TEXT.get(lang, _EXPLAIN_TEXT["zh"])
    lang = lang if lang in LANGS else "zh"
    rule = rules.get(code)
    if rule is None:
        try:
            d = catalogue.get(code)
        except KeyError:
            raise KeyError(f"{t['unknown']}: {code}") from None
        return "\n".join(p for p in (
            f"{d.code} {d.name}  {_kind_label(d.severity, d.category, lang)}",
            f"{t['source']}: {rule_text(d.code, 'source', lang, d.source)}",
            rule_text(d.code, "description", lang, d.description),
            f"{t['message']}: {d.zh if lang == 'zh' else d.en}",
        ) if p)
    lines = [f"{rule.code} {rule.name}  {_kind_label(rule.severity, rule.category, lang)}",
             f"{t['source']}: {rule_text(rule.code, 'source', lang, rule.source)}",
             f"{t['formats']}: {', '.join(rule.formats)}"]
    if rule.description:
        lines += ["", rule_text(rule.code, "description", lang, rule.description)]
    lines += ["", f"{t['formula']}: {rule.kind} — {_formula(rule)}"]
    if rule.foreach:
        lines.append(f"{t['foreach']}: " + "; ".join(f"{{{v}}} ∈ {', '.join(vals)}" for v, vals in rule.foreach)
                     + f" ({len(rule.instances)} {t['count']})")
    lines.append(f"{t['message']}: {rule.message[lang]}")
    for which in ("pass", "fail"):
        cases = rule.tests.get(which) or []
        if cases:
            lines += ["", f"{t[which]}: {_case_text(cases[0])}"]
            lines += [f"  {t['finds']}: {m}" for m in _case_messages(rule, rules, cases[0], lang) or [t["none"]]]
    lines += ["", f"{t['file']}: {rule.file}:{rule.line}"]
    return "\n".join(lines)


def _formula(rule: Rule) -> str:
    if rule.instances and hasattr(rule.instances[0].spec, "formula") and not rule.foreach:
        return str(rule.instances[0].spec.formula)
    p = rule.params
    if isinstance(p.get("left"), list) and isinstance(p.get("right"), list):
        side = lambda terms: " + ".join(str(t) for t in flatten(terms))  # noqa: E731
        return f"{side(p['left'])} {p.get('op', '=')} {side(p['right'])}"
    parts = []
    for k, v in rule.params.items():
        if isinstance(v, list):
            v = " + ".join(str(x if not isinstance(x, dict) else f"{x.get('weight', 1)}×{x.get('key')}") for x in v)
        parts.append(f"{k}: {v}")
    return "; ".join(parts)


def _case_text(case: Mapping[str, Any]) -> str:
    bits = []
    for k in ("format_version", "year", "missing_tables", "picture_tables", "absent"):
        if k in case:
            bits.append(f"{k}={case[k]}")
    for section in ("fields", "extras"):
        for key, v in (case.get(section) or {}).items():
            bits.append(f"{key}={v!r}" if isinstance(v, str) else f"{key}={v}")
    if case.get("paragraphs"):
        bits.append(f"paragraphs={len(case['paragraphs'])}")
    return ", ".join(bits) or "(all zero)"


def _case_messages(rule: Rule, rules: RuleSet, case: Mapping[str, Any], lang: str) -> list[str]:
    report = report_from_case(case)
    previous = report_from_case(case["previous"]) if case.get("previous") else None
    found = evaluate(report, rules.subset([rule.code]), previous=previous, scope="all", blame=False)
    return [f"[{f.code}] {f.message(lang)}" for f in found]


# ---------------------------------------------------------------------------
# declarative test cases → ParsedReport (tests/rulecase.py and explain use this)
# ---------------------------------------------------------------------------

_ONE_ROW_OTHER = ("requests.other_no_correction.", "requests.other_unpaid.", "requests.other_other.")
_NUMERALS = "一二三四五六七八九十"
_TABLE_INDEX = {"active": 10, "requests": 20, "appeals": 30}
_STANDARD_SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                      "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


@lru_cache(maxsize=None)
def _grid_positions() -> dict[str, tuple[int, int]]:
    """A plausible (row, col) per key: rows and columns in data-dictionary order per table."""
    rows: dict[str, dict[str, int]] = {}
    cols: dict[str, dict[str, int]] = {}
    out: dict[str, tuple[int, int]] = {}
    for d in fields.canonical_fields() + fields.extra_fields():
        r = rows.setdefault(d.table, {}).setdefault(d.row_label, len(rows[d.table]))
        c = cols.setdefault(d.table, {}).setdefault(d.column_label, len(cols[d.table]))
        out[d.key] = (r + 2, c + 1)
    return out


def case_value(key: str, v: Any) -> Value:
    """A YAML value → Value: numbers as numbers, None as blank, strings through values.parse_value."""
    if isinstance(v, bool):
        raise ValueError(f"{key}: a boolean is not a cell value")
    if v is None:
        return Value("blank", Decimal(0), "")
    if isinstance(v, int):
        return Value("number", Decimal(v), str(v))
    if isinstance(v, float):
        return Value("number", Decimal(str(v)), str(v))
    if isinstance(v, Decimal):
        return Value("number", v, str(v))
    return parse_value(str(v), generic.field_type(key))


def _case_figure(key: str, v: Any) -> Figure:
    value = case_value(key, v)
    d = fields.field_index().get(key)
    row, col = _grid_positions().get(key, (0, 0))
    src = Source(table=d.table, table_index=_TABLE_INDEX.get(d.table, 0), row=row, col=col, raw=value.raw,
                 row_label=d.row_label, column_label=d.column_label) if d else None
    return Figure(key, value, src)


def _matches(key: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(key, p) for p in patterns)


def report_from_case(case: Mapping[str, Any]) -> ParsedReport:
    """Build a ParsedReport from a declarative case (see docs/RULES.md, "Test cases"). Unspecified
    canonical keys make a consistent all-zero report; 2019/hybrid cases get the one-row （六）其他处理
    (extras ``requests.other_total.*``) instead of its three items."""
    unknown = set(case) - _CASE_KEYS
    if unknown:
        raise ValueError(f"unknown test-case properties: {sorted(unknown)}")
    fmt = str(case.get("format_version", "2021"))
    year = case.get("year", 2020 if fmt == "2019" else 2024)
    one_row = fmt in ("2019", "hybrid")
    extra_keys = {f.key for f in fields.extra_fields()}
    figures: dict[str, Figure] = {}
    extras: dict[str, Figure] = {}
    for key in fields.canonical_keys():
        if not (one_row and key.startswith(_ONE_ROW_OTHER)):
            figures[key] = _case_figure(key, 0)
    if one_row:
        for key in sorted(extra_keys):
            if key.startswith("requests.other_total."):
                extras[key] = _case_figure(key, 0)
    for section in ("fields", "extras"):
        for key, v in (case.get(section) or {}).items():
            if key not in generic.known_keys():
                raise ValueError(f"unknown field key {key!r}")
            target = extras if key in extra_keys else figures
            target[key] = _case_figure(key, v)
    absent = list(case.get("absent") or [])
    figures = {k: f for k, f in figures.items() if not _matches(k, absent)}
    extras = {k: f for k, f in extras.items() if not _matches(k, absent)}
    missing = set(case.get("missing_tables") or [])
    pictures = set(case.get("picture_tables") or [])
    tables = {}
    for name in TABLE_NAMES:
        if name in missing:
            figures = {k: f for k, f in figures.items() if not (f.source and f.source.table == name)}
            extras = {k: f for k, f in extras.items() if not (f.source and f.source.table == name)}
            continue
        idx = _TABLE_INDEX[name]
        tables[name] = LocatedTable(name=name, table=Table(idx, 0, 0, [], []), part_indexes=[idx],
                                    is_picture=name in pictures)
        if name in pictures:
            figures = {k: f for k, f in figures.items() if not (f.source and f.source.table == name)}
    paragraphs = [_case_paragraph(i, p) for i, p in enumerate(case.get("paragraphs") or [])]
    return ParsedReport(
        path=str(case.get("path", "<case>")), format_version=fmt,  # type: ignore[arg-type]
        title=case.get("title", f"{year}年政府信息公开工作年度报告" if year else None),
        agency=case.get("agency"), year=year, period_text=case.get("period_text"),
        period_years=list(case.get("period_years") or []),
        sections=_case_sections(case.get("sections"), paragraphs), tables=tables, figures=figures, extras=extras,
        document=Document(path=str(case.get("path", "<case>")), blocks=list(paragraphs)) if paragraphs else None,
    )


def _case_paragraph(i: int, p: Any) -> Paragraph:
    if isinstance(p, str):
        return Paragraph(index=i, text=p)
    if isinstance(p, dict):
        return Paragraph(**{"index": i, **p})
    raise ValueError(f"paragraph {i}: expected text or a mapping, got {p!r}")


def _case_sections(raw: Any, paragraphs: Sequence[Paragraph]) -> list[Section]:
    """Sections given as titles sit at the paragraph with that text (else at their list position)
    and run to the next one. No ``sections``: the six standard ones, unless the case gives
    paragraphs (then none: the case describes the body itself)."""
    if raw is None:
        raw = [] if paragraphs else list(_STANDARD_SECTIONS)
    texts = [p.text.strip() for p in paragraphs]
    starts: list[int] = []
    for i, s in enumerate(raw):
        after = starts[-1] + 1 if starts else 0
        if isinstance(s, str) and s.strip() in texts[after:]:
            starts.append(texts.index(s.strip(), after))
        else:
            starts.append(s.get("block_index", i) if isinstance(s, dict) else i)
    end_all = max(len(paragraphs), len(raw))
    out = []
    for i, s in enumerate(raw):
        if isinstance(s, str):
            # the section's number is its printed numeral (一、… 六、), so an out-of-order list stays so
            number = _NUMERALS.find(s.lstrip()[:1]) + 1 or i + 1
            end = starts[i + 1] if i + 1 < len(starts) else end_all
            out.append(Section(number=number, title=s, block_index=starts[i], end_block_index=end))
        elif isinstance(s, dict):
            out.append(Section(**s))
        else:
            raise ValueError(f"section {i}: expected a title or a mapping, got {s!r}")
    return out
