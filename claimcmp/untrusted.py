"""Temporary alias of :mod:`claimcmp.input.untrusted` for ``claimcmp/analysis/`` (split in progress elsewhere).

Delete once ``claimcmp/analysis`` imports these names from :mod:`claimcmp.input`.
"""

from claimcmp.input.untrusted import BIDI_CONTROLS

__all__ = ["BIDI_CONTROLS"]
