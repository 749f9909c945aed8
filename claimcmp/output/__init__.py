"""Output: the JSON contract and CSV (:mod:`.export`), the terminal views (:mod:`.render`) and the
self-contained HTML report (:mod:`.html_report`).
"""

from claimcmp.output.export import (
    analysis_to_dict,
    comparison_to_csv,
    comparison_to_dict,
    comparison_to_json,
    facts_to_csv,
    index_addition_to_dict,
    index_info_to_dict,
    quotes_to_dict,
    search_to_dict,
    to_json,
    write_text_atomic,
)
from claimcmp.output.html_report import comparison_to_html
from claimcmp.output.render import quotes_table, render_analysis, render_comparison, render_facts, search_table

__all__ = [
    "analysis_to_dict",
    "comparison_to_csv",
    "comparison_to_dict",
    "comparison_to_html",
    "comparison_to_json",
    "facts_to_csv",
    "index_addition_to_dict",
    "index_info_to_dict",
    "quotes_table",
    "quotes_to_dict",
    "render_analysis",
    "render_comparison",
    "render_facts",
    "search_table",
    "search_to_dict",
    "to_json",
    "write_text_atomic",
]
