"""``index add --engine ray``: read → segment → analyse → embed → store as one streaming Ray Data pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from claimcmp.config import Settings
from claimcmp.distributed.engine import require_ray
from claimcmp.pipeline import Progress
from claimcmp.records import IndexAddition


def ray_add_to_index(
    paths: Sequence[str | Path],
    index_name: str,
    settings: Settings | None = None,
    *,
    progress: Progress | None = None,
) -> IndexAddition:
    require_ray()
    raise NotImplementedError
