"""Located tables → layouts (canonical key → grid cell), one module per table, by labels alone.

The label vocabulary is data (data/table_labels.yaml); problems become ``L-…`` findings, one per
cause (see :mod:`.common`).
"""

from __future__ import annotations

from .active import map_active
from .appeals import map_appeals
from .common import Mapped
from .requests import map_requests

MAPPERS = {"active": map_active, "requests": map_requests, "appeals": map_appeals}

__all__ = ["MAPPERS", "Mapped"]
