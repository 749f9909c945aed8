"""claimcmp: compare what news articles in different languages claim and quote.

    >>> from claimcmp import compare, load_settings
    >>> comparison = compare(["seeds/"], load_settings())
    >>> [c.docs for c in comparison.clusters][:1]

The public surface is this module: :func:`compare`, :func:`analyse` (no model), the settings
(:class:`Settings`, :func:`load_settings`), the records the run returns, and
the errors. Importing it is cheap; the model loads on the first comparison.
"""

from claimcmp.config import Settings, load_settings
from claimcmp.errors import ClaimcmpError, ConfigError, InputError, ModelError, OutputError, OutputPathError
from claimcmp.output import comparison_to_dict, comparison_to_json
from claimcmp.pipeline import analyse, compare
from claimcmp.records import SEVERITIES, Cluster, Comparison, Document, Flag, ModelInfo, Pair, Segment, Severity

__version__ = "0.1.0"

__all__ = [
    "SEVERITIES",
    "ClaimcmpError",
    "Cluster",
    "Comparison",
    "ConfigError",
    "Document",
    "Flag",
    "InputError",
    "ModelError",
    "ModelInfo",
    "OutputError",
    "OutputPathError",
    "Pair",
    "Segment",
    "Settings",
    "Severity",
    "__version__",
    "analyse",
    "compare",
    "comparison_to_dict",
    "comparison_to_json",
    "load_settings",
]
