"""The corpus index: articles kept between runs (SQLite store, FAISS file), and the workflows over it."""

from claimcmp.corpus.index import CorpusIndex, StoredDocument, list_indexes
from claimcmp.corpus.workflows import add_to_index, compare_against, search_index

__all__ = ["CorpusIndex", "StoredDocument", "add_to_index", "compare_against", "list_indexes", "search_index"]
