"""--select / --ignore (by code, prefix or rule name, ruff's way) and severity overrides."""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from ..models import Finding
from .ruleset import SEVERITIES

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
