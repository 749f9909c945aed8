"""Temporary alias of :mod:`claimcmp.input.segmentation` for ``claimcmp/analysis/`` (split in progress elsewhere).

Delete once ``claimcmp/analysis`` imports these names from :mod:`claimcmp.input`.
"""

from claimcmp.input.segmentation import quotation_spans

__all__ = ["quotation_spans"]
