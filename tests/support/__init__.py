"""Helpers the tests share: the DevTools client (cdp), the hostile corpus, sample comparisons for the
HTML report, the invariants every input must keep, and stand-in embedders."""
