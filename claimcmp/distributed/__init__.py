"""The distributed engine: ``index add`` and ``align`` on a Ray cluster (``--engine ray``).

``engine`` resolves which engine runs (no Ray import); ``ray_pipeline`` is the Ray Data pipeline of
``index add`` (read → segment → analyse in tasks, embed in an actor pool, store as Parquet shards
through :mod:`claimcmp.corpus`); ``ray_pairs`` spreads the document pairs of ``align`` over tasks.
Ray is imported only when one of them runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimcmp.distributed.engine import require_ray, resolve_engine

if TYPE_CHECKING:
    from claimcmp.distributed.ray_pairs import RayPairMiner, ray_compare
    from claimcmp.distributed.ray_pipeline import ray_add_to_index

__all__ = ["RayPairMiner", "ray_add_to_index", "ray_compare", "require_ray", "resolve_engine"]


def __getattr__(name: str) -> Any:
    if name == "ray_add_to_index":
        from claimcmp.distributed.ray_pipeline import ray_add_to_index

        return ray_add_to_index
    if name in ("ray_compare", "RayPairMiner"):
        from claimcmp.distributed import ray_pairs

        return getattr(ray_pairs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
