"""What `pip install .` ships: every sub-package of src/govinfo_check must be listed in pyproject.toml
(the list is explicit because rules/ is mapped onto a sub-package), or a non-editable install
misses it while editable installs and this checkout work."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")


def test_every_sub_package_is_in_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    src = REPO / "src"
    found = {".".join(p.parent.relative_to(src).parts) for p in (src / "govinfo_check").rglob("__init__.py")}
    assert found - set(config["packages"]) == set()
