"""The date mentions found so far in a text, and how a day, month, relative expression or weekday gets its value.

Values are ISO (``2023-08-15``, ``2017-09``, ``2018``); a day or month without a year takes the year that puts
it closest to the reference, relative expressions resolve against the reference at their own precision.
"""

from __future__ import annotations

import datetime

from claimcmp.records import DateMention, DatePrecision, Span


class Mentions:
    """The mentions of one text in the order they are found, and the spans no quantity may take (decades)."""

    def __init__(self, text: str, reference: datetime.date | None) -> None:
        self.text = text
        self.ref = reference
        self.found: list[DateMention] = []
        self.blocked: list[Span] = []
        self.weekday_mentions: set[int] = set()  # indices into found of mentions that name a weekday

    def closest_year(self, month: int, day: int | None) -> int | None:
        """The year that puts month/day nearest the reference (None without a reference)."""
        if self.ref is None:
            return None
        best: tuple[int, int] | None = None
        for year in (self.ref.year - 1, self.ref.year, self.ref.year + 1):
            try:
                when = datetime.date(year, month, day or 15)
            except ValueError:
                continue
            distance = abs((when - self.ref).days)
            if best is None or distance < best[0]:
                best = (distance, year)
        return best[1] if best else None

    def add(self, start: int, end: int, value: str | None, precision: DatePrecision, relative: bool = False) -> None:
        self.found.append(DateMention((start, end), self.text[start:end], value, precision, relative))

    def add_day(self, start: int, end: int, year: int | None, month: int, day: int) -> bool:
        if year is None:
            year = self.closest_year(month, day)
        if year is None:
            try:
                datetime.date(2000, month, day)  # a leap year: "29 февраля" is a valid day without a year
            except ValueError:
                return False
            self.add(start, end, f"--{month:02d}-{day:02d}", "day")
            return True
        try:
            value = datetime.date(year, month, day).isoformat()
        except ValueError:
            return False
        self.add(start, end, value, "day")
        return True

    def add_day_of_month(self, start: int, end: int, day: int, direction: int) -> None:
        """ "15일", "지난 15일": a day of the month alone; the latest such day on or before the reference
        (``direction`` 0 or -1: news report what happened), or the next one on or after it (``direction`` 1)."""
        ref = self.ref
        value: str | None = None
        if ref is not None:
            months = ref.year * 12 + ref.month - 1
            step = 1 if direction > 0 else -1
            for k in range(3):  # "31일" in a month without one: the month before (or after) has it
                y, m = divmod(months + step * k, 12)
                try:
                    when = datetime.date(y, m + 1, day)
                except ValueError:
                    continue
                if (step < 0 and when <= ref) or (step > 0 and when >= ref):
                    value = when.isoformat()
                    break
        self.add(start, end, value, "day", relative=True)

    def add_month(self, start: int, end: int, year: int | None, month: int) -> None:
        if year is None:
            year = self.closest_year(month, None)
        self.add(start, end, f"{year:04d}-{month:02d}" if year is not None else f"--{month:02d}", "month")

    def add_relative(self, start: int, end: int, unit: str, offset: int) -> None:
        ref = self.ref
        precision: DatePrecision = "year" if unit == "year" else "month" if unit == "month" else "day"
        value: str | None = None
        if ref is not None:
            if unit == "day":
                value = (ref + datetime.timedelta(days=offset)).isoformat()
            elif unit == "month":
                months = ref.year * 12 + ref.month - 1 + offset
                value = f"{months // 12:04d}-{months % 12 + 1:02d}"
            elif unit == "year":
                value = f"{ref.year + offset:04d}"
            elif unit == "weeks_ago":
                value = (ref + datetime.timedelta(days=7 * offset)).isoformat()
        if value is not None and not value[:1].isdigit():
            value = None  # before year 1: a nonsense offset
        self.add(start, end, value, precision, relative=True)

    def add_weekday(self, start: int, end: int, weekday: int, offset: int | None) -> None:
        self.weekday_mentions.add(len(self.found))
        ref = self.ref
        if ref is None or not 1 <= weekday <= 7:
            self.add(start, end, None, "weekday", relative=True)
            return
        back = (ref.isoweekday() - weekday) % 7
        if offset is None:
            when = ref - datetime.timedelta(days=back)
        elif offset < 0:
            when = ref - datetime.timedelta(days=back or 7) - datetime.timedelta(weeks=-offset - 1)
        elif offset > 0:
            ahead = (weekday - ref.isoweekday()) % 7 or 7
            when = ref + datetime.timedelta(days=ahead) + datetime.timedelta(weeks=offset - 1)
        else:
            when = ref + datetime.timedelta(days=weekday - ref.isoweekday())
        self.add(start, end, when.isoformat(), "day", relative=True)

    def add_ago(self, start: int, end: int, unit: str, amount: int) -> None:
        if unit == "week":
            self.add_relative(start, end, "weeks_ago", -amount)
        else:
            self.add_relative(start, end, unit, -amount)

    def drop_weekdays_before_dates(self) -> list[DateMention]:
        """ "понедельник, 14 августа": the date says it all; the weekday would only repeat it."""
        out: list[DateMention] = []
        for k, m in enumerate(self.found):
            if k in self.weekday_mentions and k + 1 < len(self.found):
                nxt = self.found[k + 1]
                between = self.text[m.span[1] : nxt.span[0]]
                if not nxt.relative and nxt.precision == "day" and len(between) <= 3 and between.strip(" ,") == "":
                    continue
            out.append(m)
        return out
