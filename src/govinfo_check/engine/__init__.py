"""The rule engine: rule files (YAML) + a ParsedReport → Findings, then blame.

The engine knows no specific rule. It loads every ``*.yaml`` in the package's rules folder plus
the user's files, validates each rule (properties, kind, parameters, field keys, test cases) with
the file and line of the problem, expands ``foreach`` and compiles the check parameters once. At
evaluation it runs every applicable rule instance, turns the kinds' Hits into Findings with
rendered zh/en messages, and finally folds arithmetic symptoms: into a blank-total finding when a
blank total caused them, or into one ``B-001`` finding when a single cell explains them all.

One module per step: ``ruleset`` (what rules compile into), ``yamllines`` (YAML with line numbers),
``compile`` (validation, compilation, loading), ``selection`` (--select/--ignore, severity overrides),
``evaluate``, ``messages`` (Hit → Finding), ``blame``, ``explain`` and ``cases`` (a rule file's
declarative test cases → ParsedReport). This package's namespace is the engine's interface.

See docs/RULES.md for the rule-file format.
"""

from __future__ import annotations

from typing import Any

from .blame import _fold, _Item
from .cases import case_value, report_from_case
from .compile import _all_kinds, _compile_all, _load_cached, _package_files, _unfold, flatten, load_rules
from .evaluate import _run_rule, evaluate
from .explain import explain, rule_infos
from .messages import _finding, _render, cell_text
from .ruleset import (
    CATEGORIES, FORMATS, LANGS, SCOPES, SEVERITIES, Instance, Rule, RuleFileError, RuleInfo, RuleSet,
)
from .selection import filter_findings, is_selected
from .yamllines import _loaders, _parse_yaml

__all__ = [
    "CATEGORIES", "FORMATS", "LANGS", "SCOPES", "SEVERITIES", "Instance", "Rule", "RuleFileError", "RuleInfo",
    "RuleSet", "case_value", "cell_text", "evaluate", "explain", "filter_findings", "flatten", "is_selected",
    "load_rules", "report_from_case", "rule_infos",
    # used by tests and summary.py
    "_all_kinds", "_compile_all", "_finding", "_fold", "_Item", "_load_cached", "_package_files", "_parse_yaml",
    "_render", "_run_rule", "_unfold",
]


def __getattr__(name: str) -> Any:
    """``engine._Loader`` and ``engine._FastLoader``, built on first use (see :func:`yamllines._loaders`)."""
    if name == "_Loader":
        return _loaders()[0]
    if name == "_FastLoader":
        return _loaders()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
