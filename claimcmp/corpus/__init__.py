"""The corpus index: articles kept between runs (SQLite store, FAISS file; or Parquet shards built by
``--engine ray``), and the workflows over it."""

from claimcmp.corpus.codec import record_from_json, record_to_json
from claimcmp.corpus.index import FOLDER, CorpusIndex, StoredDocument, list_indexes
from claimcmp.corpus.shards import Commit, ShardDocument, ShardIndex, is_shard_location, shard_document, write_shard
from claimcmp.corpus.workflows import add_to_index, compare_against, open_index, search_index

__all__ = [
    "FOLDER",
    "Commit",
    "CorpusIndex",
    "ShardDocument",
    "ShardIndex",
    "StoredDocument",
    "add_to_index",
    "compare_against",
    "is_shard_location",
    "list_indexes",
    "open_index",
    "record_from_json",
    "record_to_json",
    "search_index",
    "shard_document",
    "write_shard",
]
