"""Per-language rule tables for claim analysis, read from ``claimcmp/data/<family>/<lang>.toml``.

Families: ``numbers`` (number words, magnitudes, units, bound words),
``dates`` (month and weekday names, relative expressions), ``speech``
(speech verbs, source cues, pronouns, negation and stance cues) and
``entities`` (name patterns; ``entities/aliases.toml`` holds cross-language
aliases). A language takes part in a family when its file exists, so adding a
language is adding files, never code.

A file may hold only ``same_as = "<code>"``: the language then uses that language's table
of the family. Bosnian reads numbers, dates and figure words as Croatian does, and speech
and names as Serbian in Latin script does; one table kept for both cannot drift apart.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_table(family: str, lang: str) -> dict[str, Any]:
    """The ``family`` table of ``lang``; empty when claimcmp has none for that language."""
    table = load_table_file(family, lang)
    same_as = table.get("same_as")
    if isinstance(same_as, str) and same_as != lang and same_as.isalpha():
        # one step only: a chain of same_as (or a loop) is a data error, read as no table
        shared = load_table_file(family, same_as)
        return {} if "same_as" in shared else shared
    return table


@cache
def load_table_file(family: str, lang: str) -> dict[str, Any]:
    """The ``family`` file of ``lang`` as written (``same_as`` not followed); empty when none."""
    entry = resources.files("claimcmp") / "data" / family / f"{lang}.toml"
    if not entry.is_file():
        return {}
    table: dict[str, Any] = tomllib.loads(entry.read_text(encoding="utf-8"))
    return table


@cache
def languages_with(family: str) -> tuple[str, ...]:
    """Codes of the languages that have a ``family`` table, sorted."""
    folder = resources.files("claimcmp") / "data" / family
    if not folder.is_dir():
        return ()
    names = (e.name[: -len(".toml")] for e in folder.iterdir() if e.name.endswith(".toml"))
    return tuple(sorted(n for n in names if n not in _SHARED_TABLES))


# language-neutral tables kept beside the per-language ones: entities/aliases.toml, slots/concepts.toml,
# slots/calibration.toml
_SHARED_TABLES = frozenset({"aliases", "concepts", "calibration"})
