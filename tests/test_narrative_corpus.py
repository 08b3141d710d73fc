"""The claim reader on real sentences: tests/data/narrative_sentences.yaml holds sentences from published
reports with their source address and the claims a careful reader takes from each. Any difference fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from govinfo_check.checks.claims import Claim, read_text

CORPUS = Path(__file__).parent / "data" / "narrative_sentences.yaml"
ENTRIES: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["sentences"]


def claim_key(c: Claim) -> tuple[str, int | None, str]:
    """How the corpus names a claim: subject (appeal outcomes with their appeal), value, E/W."""
    name = c.subject.name
    if c.subject.topic == "appeals":
        name += ":" + c.readings[0].split("_")[0]
    return name, c.value, "E" if c.certain else "W"


def read(entry: dict[str, Any]) -> list[tuple[str, int | None, str]]:
    return sorted(claim_key(c) for c in read_text(entry["text"], entry.get("year")) if c.value is not None)


def test_corpus_is_large_real_and_sourced() -> None:
    assert len(ENTRIES) >= 200
    assert all(str(e["source"]).startswith(("http://", "https://")) for e in ENTRIES)
    texts = [e["text"] for e in ENTRIES]
    assert len(set(texts)) == len(texts)
    # both kinds are represented: sentences with claims and decoys without
    assert sum(1 for e in ENTRIES if e["claims"]) >= 80 and sum(1 for e in ENTRIES if not e["claims"]) >= 60


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{i}:{e['text'][:16]}" for i, e in enumerate(ENTRIES)])
def test_reader_takes_what_a_careful_reader_takes(entry: dict[str, Any]) -> None:
    expected = sorted((str(s), v, str(c)) for s, v, c in entry["claims"])
    assert read(entry) == expected, entry["source"]
