"""Every failure claimcmp reports on purpose derives from one root.

Hierarchy::

    ClaimcmpError
    ├── ConfigError        a config file or setting is missing, unknown or of the wrong type
    ├── InputError         an input path is missing, unreadable, undecodable, or yields nothing
    ├── ModelError         the embedding model cannot be found, built, verified or loaded
    ├── CorpusIndexError   a corpus index is missing, damaged, or was built with another model
    ├── EngineError        the distributed engine (Ray) is not installed or cannot reach its cluster
    └── OutputError        a result file cannot be written
        └── OutputPathError    an output path (--json, --csv, --html) cannot be written, found before any work

Messages say what failed, what was expected, and how to fix it, in one
line, because the CLI prints them as a single red line (``--debug`` shows the
traceback).
"""

from __future__ import annotations


class ClaimcmpError(Exception):
    """Root of every error claimcmp raises deliberately."""


class ConfigError(ClaimcmpError):
    """A configuration file or setting is invalid."""


class InputError(ClaimcmpError):
    """An input document cannot be read or decoded."""


class ModelError(ClaimcmpError):
    """The embedding model cannot be built, verified or loaded."""


class CorpusIndexError(ClaimcmpError):
    """A corpus index (``claimcmp index``) is missing, unreadable, or belongs to another model."""


class EngineError(ClaimcmpError):
    """The distributed engine (``--engine ray``) is not installed, or its cluster cannot be reached."""


# the fix every message about a missing Ray or pyarrow names
RAY_INSTALL = 'pip install "claimcmp[ray]"'


class OutputError(ClaimcmpError):
    """A result file cannot be written."""


class OutputPathError(OutputError):
    """An output path cannot be written (missing or read-only folder, a directory): checked before the run."""
