"""``--format sarif``: SARIF 2.1.0, for code-scanning dashboards and CI annotations.

One run. ``tool.driver.rules`` lists every code that occurs (catalogue codes with their
catalogue text; rule-file codes with the name and source their findings carry), plus any rules
given to the constructor. Each finding is a result with ``ruleId``, ``level`` (error / warning /
note), ``message.text`` in the chosen language, and one location: the file as a URI relative to
``base_dir`` (``%SRCROOT%``; an absolute ``file:`` URI when the file lies outside it) and a
logical location naming table › row › column. expected / actual / category / source go in the
result's property bag.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import IO, Any, Iterable, Mapping, Sequence
from urllib.parse import quote

from .. import __version__
from .. import catalogue
from ..models import FileResult, Finding
from ..summary import TOOL_NAME, jsonable, lang_of, scalar, table_title

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def artifact_location(path: str, base_dir: Path) -> dict[str, str]:
    """URI relative to ``base_dir`` when the file lies under it (percent-encoded, ``/``
    separators), else an absolute ``file:`` URI."""
    absolute = Path(os.path.abspath(path))  # relative paths are as the runner got them: from cwd
    try:
        rel = os.path.relpath(absolute, base_dir)
    except ValueError:  # another drive on Windows
        rel = ""
    if rel and rel != ".." and not rel.startswith(".." + os.sep):
        return {"uri": quote(Path(rel).as_posix()), "uriBaseId": SRCROOT}
    return {"uri": absolute.as_uri()}


def _logical(f: Finding, lang: str) -> list[dict[str, str]]:
    loc = f.location
    parts = [p for p in (table_title(f, lang), loc.row_label, loc.column_label) if p]
    if not parts:
        return []
    return [{"name": parts[-1], "fullyQualifiedName": " › ".join(parts), "kind": "element"}]


def _rule_from_finding(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "name": f.name or f.code, "severity": f.severity, "category": f.category,
            "source": f.source, "description": ""}


def _attr(d: Any, key: str, default: Any = "") -> Any:
    value = d.get(key, default) if isinstance(d, Mapping) else getattr(d, key, default)
    return default if value is None else value


def _rule_from_def(d: Any, lang: str) -> dict[str, Any]:
    """Rule info from a catalogue ``CodeDef`` or an engine rule (object or mapping): the
    description if it has one, else its message template in ``lang``."""
    messages = _attr(d, "messages", {})
    template = (messages.get(lang) if isinstance(messages, Mapping) else None) or _attr(d, lang)
    code = _attr(d, "code")
    return {"code": code, "name": _attr(d, "name") or code, "severity": _attr(d, "severity", "warning"),
            "category": _attr(d, "category"), "source": _attr(d, "source"),
            "description": _attr(d, "description") or (template if isinstance(template, str) else "")}


def _rule_infos(results: Sequence[FileResult], extra: Iterable[Any], lang: str) -> list[dict[str, Any]]:
    infos: dict[str, dict[str, Any]] = {}
    for d in extra:
        info = _rule_from_def(d, lang)
        infos[info["code"]] = info
    for r in results:
        for f in r.findings:
            if f.code in infos:
                continue
            try:
                infos[f.code] = _rule_from_def(catalogue.get(f.code), lang)
            except KeyError:
                infos[f.code] = _rule_from_finding(f)
    return [infos[k] for k in sorted(infos)]


def _sarif_rule(info: dict[str, Any]) -> dict[str, Any]:
    short = "：".join(str(p) for p in (info["source"], info["name"]) if p) or info["code"]
    rule: dict[str, Any] = {
        "id": info["code"],
        "name": info["name"],
        "shortDescription": {"text": short},
        "defaultConfiguration": {"level": LEVELS.get(info["severity"], "warning")},
        "properties": {"category": info["category"], "source": info["source"]},
    }
    if info["description"]:
        rule["fullDescription"] = {"text": info["description"]}
    return rule


def _fingerprint(path_uri: str, f: Finding) -> str:
    loc = f.location
    key = "|".join(str(x) for x in (path_uri, f.code, loc.table, loc.row_label, loc.column_label, loc.block_index))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(f: Finding, artifact: dict[str, str], rule_index: int, lang: str) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact}}
    logical = _logical(f, lang)
    if logical:
        location["logicalLocations"] = logical
    props = {"severity": f.severity, "category": f.category, "source": f.source,
             "expected": scalar(f.expected), "actual": scalar(f.actual)}
    if f.location.quote:
        props["quote"] = f.location.quote
    return {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": f.message(lang) or f.code},
        "locations": [location],
        "partialFingerprints": {"govinfoCheck/v1": _fingerprint(artifact["uri"], f)},
        "properties": {k: v for k, v in props.items() if v not in (None, "")},
    }


class SarifReporter:
    name = "sarif"
    suffix = ".sarif"
    binary = False

    def __init__(self, base_dir: str | os.PathLike[str] | None = None, rules: Iterable[Any] = ()) -> None:
        """``rules``: extra rule infos (objects with code, name, severity, category, source and
        optionally description) to list even when no finding uses them."""
        self.base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
        self.rules = list(rules)

    def to_dict(self, results: Sequence[FileResult], lang: str = "zh") -> dict[str, Any]:
        lang = lang_of(lang)
        base = Path(os.path.abspath(self.base_dir))
        infos = _rule_infos(results, self.rules, lang)
        index = {info["code"]: i for i, info in enumerate(infos)}
        sarif_results = []
        for r in results:
            artifact = artifact_location(r.path, base)
            sarif_results += [_result(f, artifact, index[f.code], lang) for f in r.findings]
        run = {
            "tool": {"driver": {"name": TOOL_NAME, "version": __version__, "semanticVersion": __version__,
                                "rules": [_sarif_rule(i) for i in infos]}},
            "originalUriBaseIds": {SRCROOT: {"uri": base.as_uri().rstrip("/") + "/"}},
            "results": sarif_results,
            "columnKind": "unicodeCodePoints",
        }
        return jsonable({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]})

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> str:
        return json.dumps(self.to_dict(results, lang), ensure_ascii=False, indent=2) + "\n"

    # Streaming: the rule list and its indexes depend on every code that occurs, so the document is
    # written at the end; what is kept meanwhile is each file's path and findings, not its report.

    def start(self, out: IO[str], *, lang: str = "zh") -> None:
        self._out, self._lang, self._kept = out, lang, []

    def add(self, result: FileResult) -> None:
        self._kept.append(FileResult(path=result.path, report=None, findings=list(result.findings)))

    def finish(self, late: Sequence[FileResult] = ()) -> None:
        from . import merge_late

        merge_late(self._kept, late)
        self._out.write(self.render(self._kept, lang=self._lang))
        self._kept = []
