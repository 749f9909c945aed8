"""Claim analysis: what each segment asserts (quotes, numbers, dates, names, polarity)."""
