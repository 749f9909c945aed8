"""Parquet input: a table of articles, one row each, with the columns of a JSON record (``text`` required;
``id``, ``title``, ``url``, ``date``, ``lang``, ``source``; any other column is kept as metadata).

Read with pyarrow (``pip install "claimcmp[ray]"``), imported only when a Parquet file is read. A row is
read as :mod:`claimcmp.input.formats` reads a JSON Lines record, so a table and the same rows as JSONL
give the same documents; a file is bounded by ``input.max_bytes`` like any input, and a row
without text is skipped with a warning.
"""

from __future__ import annotations

import io
import json
from typing import Any

from claimcmp.errors import RAY_INSTALL, InputError
from claimcmp.input.formats import Parsed, Source, record_document


def read_parquet(raw: bytes, source: Source) -> Parsed:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            f"{source.name} is a Parquet file, and reading one needs pyarrow, which is not installed. "
            f"You can fix this by running: {RAY_INSTALL}"
        ) from None
    try:
        table = pq.read_table(io.BytesIO(raw))
    except Exception as exc:  # pyarrow raises its own errors for a damaged file
        raise InputError(
            f"{source.name} is not a readable Parquet file ({type(exc).__name__}: {str(exc)[:200]}). "
            "You can fix this by checking the file."
        ) from exc
    if "text" not in table.column_names:
        raise InputError(
            f'{source.name} has no "text" column (columns: {", ".join(table.column_names[:10])}). '
            'You can fix this by naming the article body column "text".'
        )
    parsed = Parsed()
    for number, row in enumerate(table.to_pylist()):
        label = f"{source.name} row {number + 1}"
        try:
            parsed.documents.append(record_document(_plain(row), label, source, number, "utf-8", "parquet"))
        except InputError as exc:
            parsed.warnings.append(f"{exc}; skipped")
    if not parsed.documents:
        raise InputError(f"{source.name} holds no usable row: {'; '.join(parsed.warnings[:3]) or 'no rows'}")
    return parsed


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """The row as JSON would give it: dates and other values Parquet types become JSON's text and numbers."""
    return json.loads(json.dumps(row, default=str, ensure_ascii=False))
