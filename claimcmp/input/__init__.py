"""Input: reading articles (files, folders, stdin, URLs; text, HTML, JSON, PDF, DOCX), decoding,
cleaning untrusted text, telling languages apart, and splitting documents into statements.

The names below are what the other folders use; the modules are private to this folder.
"""

from claimcmp.input.languages import fact_rule_warnings, known_language, language_script, load_languages
from claimcmp.input.reading import (
    collect_paths,
    content_hash,
    iter_documents,
    origin_of,
    read_document,
    read_documents,
    unique_id,
)
from claimcmp.input.segmentation import quotation_spans, segment_document, shared_lines
from claimcmp.input.tables import languages_with, load_table
from claimcmp.input.untrusted import BIDI_CONTROLS, display_name, displayable, exportable_path

__all__ = [
    "BIDI_CONTROLS",
    "collect_paths",
    "content_hash",
    "display_name",
    "displayable",
    "exportable_path",
    "fact_rule_warnings",
    "iter_documents",
    "known_language",
    "language_script",
    "languages_with",
    "load_languages",
    "load_table",
    "origin_of",
    "quotation_spans",
    "read_document",
    "read_documents",
    "segment_document",
    "shared_lines",
    "unique_id",
]
