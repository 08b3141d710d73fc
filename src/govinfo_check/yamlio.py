"""YAML data files (vocabularies, label lists, rule texts) parsed with libyaml where PyYAML has it.

The pure-Python SafeLoader takes ~50 ms per vocabulary file, which every run and every worker would
pay at start-up; CSafeLoader builds the same objects (it is the same safe schema) in a few ms. The
package's own files are also kept parsed between runs (``package_data``, see datacache): a run that
finds them there does not import PyYAML at all.
"""

from __future__ import annotations

from typing import Any


def safe_load(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a SafeLoader


def package_data(package: str, name: str) -> Any:
    """The package data file ``name`` of ``package`` (e.g. ``"govinfo_check"``,
    ``"data/table_labels.yaml"``), parsed."""
    from importlib import resources

    from . import datacache

    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return datacache.cached("yaml", [text], lambda: safe_load(text))
