"""YAML data files (vocabularies, label lists, rule texts) parsed with libyaml where PyYAML has it.

The pure-Python SafeLoader takes ~50 ms per vocabulary file, which every run and every worker would
pay at start-up; CSafeLoader builds the same objects (it is the same safe schema) in a few ms.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a SafeLoader
