"""Check kinds: the vocabulary a rule file's ``check:`` may use.

A rule file declares *what* to check (code, severity, messages, parameters); a check kind is the
function that knows *how*. Generic kinds (sums, comparisons, value types) and code-only kinds
(narrative claims, structure, period, cross-year) register here the same way, so the engine
never names a specific rule and every finding carries a rule's code, severity and messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterable

from .models import Location, Operand, ParsedReport, Severity


@dataclass
class Hit:
    """One failure reported by a check kind; the engine turns it into a Finding."""

    args: dict[str, Any] = field(default_factory=dict)  # message template arguments
    fields: list[str] = field(default_factory=list)  # canonical keys involved
    expected: Any = None
    actual: Any = None
    operands: list[Operand] = field(default_factory=list)
    location: Location = field(default_factory=Location)
    severity: Severity | None = None  # a kind may lower a rule's severity (e.g. an ambiguous claim)


@dataclass
class CheckContext:
    report: ParsedReport
    previous: ParsedReport | None = None  # same agency, previous year (cross-year rules only)
    _numbers: dict[str, Decimal] | None = field(default=None, repr=False)

    def numbers(self) -> dict[str, Decimal]:
        """The report's arithmetic values by key, as ``Value.as_number`` gives them (blank is 0): a figure
        before an extra of the same key, as ``generic.figure`` looks them up; an absent or unreadable
        key is missing. Built once per evaluation, for the relations (dozens a report) to sum from."""
        if self._numbers is None:
            numbers: dict[str, Decimal] = {}
            for source in (self.report.extras, self.report.figures):  # figures last: they win
                for key, f in source.items():
                    n = f.value.as_number
                    if n is None:
                        numbers.pop(key, None)
                    else:
                        numbers[key] = n
            self._numbers = numbers
        return self._numbers


CheckFn = Callable[[CheckContext, dict[str, Any]], Iterable[Hit]]


@dataclass(frozen=True)
class Kind:
    name: str
    fn: CheckFn
    params: frozenset[str]  # parameter names a rule may give; anything else is a rule-file error
    scope: str = "file"  # "file" | "cross_year"
    # compiles a rule's (foreach-expanded) params once at load time; raises ValueError with a reason
    # for a bad parameter. Its result is what ``fn`` receives. None: ``fn`` gets the params dict.
    prepare: Callable[[dict[str, Any]], Any] | None = None
    # the figure keys a cross-year kind reads, of either report, given a rule's params: what the batch
    # keeps of each report until its pair is known. None: every figure is kept.
    reads: Callable[[Any], Iterable[str]] | None = None


_KINDS: dict[str, Kind] = {}


def check_kind(name: str, params: Iterable[str] = (), scope: str = "file",
               prepare: Callable[[dict[str, Any]], Any] | None = None,
               reads: Callable[[Any], Iterable[str]] | None = None) -> Callable[[CheckFn], CheckFn]:
    def deco(fn: CheckFn) -> CheckFn:
        if name in _KINDS:
            raise ValueError(f"check kind {name!r} registered twice")
        _KINDS[name] = Kind(name, fn, frozenset(params), scope, prepare, reads)
        return fn

    return deco


def kinds() -> dict[str, Kind]:
    # importing the modules that define kinds registers them
    from . import checks  # noqa: F401

    return dict(_KINDS)
