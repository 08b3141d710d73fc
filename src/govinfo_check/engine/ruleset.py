"""What the engine compiles rule files into: rules, their foreach instances, the rule set, and the
error a rule file that cannot be used raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

SEVERITIES = ("error", "warning", "info")
CATEGORIES = ("arithmetic", "value", "narrative", "structure", "period", "format_version", "cross_year", "read",
              "content")
FORMATS = ("2021", "2019", "hybrid", "unknown")
SCOPES = ("file", "cross_year", "all")
LANGS = ("zh", "en")


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
    # (format, scope, has a previous report) → the rules that run, with their kinds' functions (evaluate)
    _plans: dict[tuple[str, str, bool], tuple[tuple[Rule, Any], ...]] = field(default_factory=dict, repr=False,
                                                                          compare=False)

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
