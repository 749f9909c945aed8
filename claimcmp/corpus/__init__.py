"""The corpus index: articles kept between runs (SQLite store, FAISS file), and the workflows over it."""

from claimcmp.corpus.index import CorpusIndex, StoredDocument, content_hash, list_indexes

__all__ = ["CorpusIndex", "StoredDocument", "content_hash", "list_indexes"]
