"""Temporary alias of :mod:`claimcmp.input.languages` for ``claimcmp/analysis/`` (split in progress elsewhere).

Delete once ``claimcmp/analysis`` imports these names from :mod:`claimcmp.input`.
"""

from claimcmp.input.languages import known_language, load_languages

__all__ = ["known_language", "load_languages"]
