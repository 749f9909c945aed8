"""Which engine runs a command, and the Ray it needs: resolved from the settings, a flag and ``RAY_ADDRESS``.

Nothing here imports Ray at module level: ``claimcmp --help`` and the embedded engine never pay for it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from types import ModuleType

from claimcmp.config import Settings
from claimcmp.errors import RAY_INSTALL, EngineError


def resolve_engine(settings: Settings, engine: str | None = None, address: str | None = None) -> Settings:
    """The settings with ``engine.name`` made ``embedded`` or ``ray`` (``auto``: ray when an address is given)."""
    chosen = engine or settings.engine.name
    given = address if address is not None else settings.engine.address
    if chosen not in ("auto", "embedded", "ray"):
        raise EngineError(f"--engine {chosen!r} is not known. You can fix this by passing auto, embedded or ray.")
    if chosen == "auto":
        chosen = "ray" if (given or os.environ.get("RAY_ADDRESS")) else "embedded"
    if chosen == "embedded" and address:
        raise EngineError(
            f"--address {address} names a Ray cluster, but the engine is 'embedded'. "
            "You can fix this by passing --engine ray (or leaving --engine out)."
        )
    return replace(settings, engine=replace(settings.engine, name=chosen, address=given))  # type: ignore[arg-type]


def require_ray() -> ModuleType:
    """The ``ray`` module with Ray Data, or an :class:`EngineError` naming the extra that installs them."""
    try:
        import pyarrow  # noqa: F401
        import ray
        import ray.data
    except ImportError as exc:
        raise EngineError(
            f"--engine ray needs Ray Data and pyarrow, which are not installed ({exc.name or exc} is missing). "
            f"You can fix this by running: {RAY_INSTALL}  (or pass --engine embedded)."
        ) from None
    return ray
