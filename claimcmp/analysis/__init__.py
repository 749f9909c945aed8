"""Claim analysis: what each segment asserts (quotes, numbers, dates, names, polarity).

One document at a time, because some facts need the document around a
segment: a pronoun speaker ("Він також подякував") resolves to the previous
speaker, a quote may run over several sentences, and relative dates ("в этом
году") resolve against the document's date. Each family has its own module and
per-language data in ``claimcmp/data/<family>/<lang>.toml``:

* :mod:`.speech` — quotations, speakers, reporting sources, polarity;
* :mod:`.dates` and :mod:`.quantities` — dates first, so a year is never a count;
* :mod:`.entities` — people, organisations, places with cross-script keys,
  also used to key the speakers and sources found by :mod:`.speech`.
"""

from claimcmp.analysis.documents import (
    analyse_documents,
    analyse_each,
    analysed_or_skipped,
    dated,
    user_reference_date,
    without_repeats,
)
from claimcmp.analysis.entities import alias_keys, metonym_of, role_keys, same_entity
from claimcmp.analysis.quantities import describe_quantity
from claimcmp.analysis.speech import denies_in_words
from claimcmp.analysis.statements import analyse_document

# the comparison analyses documents; the later stages read about facts whether two names are one,
# how a figure reads and whether a statement denies in words
__all__ = [
    "alias_keys",
    "analyse_document",
    "analyse_documents",
    "analyse_each",
    "analysed_or_skipped",
    "dated",
    "denies_in_words",
    "describe_quantity",
    "metonym_of",
    "role_keys",
    "same_entity",
    "user_reference_date",
    "without_repeats",
]
