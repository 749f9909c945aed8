"""Frozen records to JSON and back, exactly: what the corpus index stores for each document and statement.

The export modules write the user-facing JSON (with derived fields, text
optional); this codec writes every field of a record and rebuilds the same
record from it, guided by the dataclasses' type hints, so a new field needs no
code here.
"""

from __future__ import annotations

import json
import types
from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from claimcmp.input import exportable_path
from claimcmp.records import Document, Segment

R = TypeVar("R")


def record_to_json(record: object) -> str:
    return json.dumps(_plain(record), ensure_ascii=False, separators=(",", ":"))


def record_from_json(cls: type[R], text: str) -> R:
    value: R = _build(cls, json.loads(text))
    return value


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(x) for x in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Path):
        return exportable_path(value)
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _build(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(hint, type) and is_dataclass(hint):
        if hint not in _HINTS:
            _HINTS[hint] = get_type_hints(hint)
        hints = _HINTS[hint]
        return hint(**{k: _build(hints[k], v) for k, v in value.items() if k in hints})
    origin = get_origin(hint)
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], x) for x in value)
        return tuple(_build(a, x) for a, x in zip(args, value, strict=True))
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        for option in options:  # a record when the value is an object, a tuple when a list, else as is
            if isinstance(value, dict) and isinstance(option, type) and is_dataclass(option):
                return _build(option, value)
            if isinstance(value, list) and get_origin(option) is tuple:
                return _build(option, value)
            if option is Path and isinstance(value, str):
                return Path(value)
        return value
    return value


def renamed_records(document: Document, segments: Sequence[Segment], new: str) -> tuple[Document, tuple[Segment, ...]]:
    """A stored document under the name ``new``, its statements' ids (``name:3``) and quotation ids to match."""
    old = document.id

    def rename(value: str | None) -> str | None:
        return None if value is None else new + value[len(old) :] if value.startswith(old + ":") else value

    renamed = []
    for s in segments:
        facts = s.facts
        if facts.quotes:
            facts = replace(facts, quotes=tuple(replace(q, quote_id=rename(q.quote_id)) for q in facts.quotes))
        renamed.append(replace(s, id=rename(s.id) or s.id, doc=new, quote_id=rename(s.quote_id), facts=facts))
    return replace(document, id=new), tuple(renamed)
