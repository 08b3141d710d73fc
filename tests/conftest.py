"""Shared test paths. ``shared/`` (the spec, the seed and the real reports) sits beside the checkout,
both here and in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "samples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared/ not found beside the checkout ({SHARED})")
    return SHARED
