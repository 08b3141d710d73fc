"""The public data dictionary: canonical field keys (data/fields.csv, copied verbatim from the spec)
and the documented format-specific extras (data/fields_extra.csv)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class FieldDef:
    key: str
    table: str  # active | requests | appeals
    row_label: str
    column_label: str
    type: str  # count | decimal


def _load(name: str) -> tuple[FieldDef, ...]:
    path = resources.files("govinfo_check").joinpath("data", name)
    if not path.is_file():
        return ()
    text = path.read_text(encoding="utf-8")
    return tuple(FieldDef(**row) for row in csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=None)
def canonical_fields() -> tuple[FieldDef, ...]:
    return _load("fields.csv")


@lru_cache(maxsize=None)
def extra_fields() -> tuple[FieldDef, ...]:
    return _load("fields_extra.csv")


@lru_cache(maxsize=None)
def canonical_keys() -> tuple[str, ...]:
    return tuple(f.key for f in canonical_fields())


@lru_cache(maxsize=None)
def field_index() -> dict[str, FieldDef]:
    return {f.key: f for f in canonical_fields() + extra_fields()}


# Applicant columns of table 三, in printed order, and the table-三 rows, in printed order.
APPLICANT_COLUMNS = ("natural", "business", "research", "nonprofit", "legal", "other_org", "total")
REQUEST_ROWS = (
    "new", "carried_in",
    "granted", "partial",
    "withheld_secret", "withheld_law", "withheld_safety", "withheld_third_party",
    "withheld_internal", "withheld_process", "withheld_enforcement", "withheld_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
    "rejected_petition", "rejected_repeat", "rejected_publication", "rejected_excessive", "rejected_confirm",
    "other_no_correction", "other_unpaid", "other_other",
    "handled_total", "carried_forward",
)
APPEAL_GROUPS = ("review", "suit_direct", "suit_after_review")
APPEAL_OUTCOMES = ("upheld", "corrected", "other", "pending", "total")
