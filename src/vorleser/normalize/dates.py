"""Dates ("24.02.2022", "24. Februar 2022", "5.–7. März", "2003-03-02") and clock times.

Table: months.tsv (names and written forms). The day is an ordinal whose ending comes from
the word before ("am 24." -> "vierundzwanzigsten"); years are read as years (1996 ->
"neunzehnhundertsechsundneunzig"). Times: "14:30 Uhr" -> "vierzehn Uhr dreißig",
"2:05 Stunden" -> "zwei Stunden und fünf Minuten".
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.context import Context
from vorleser.normalize.ordinals import ordinal_ending
from vorleser.normalize.patterns import alternation, final_dot, prev_word

_DASH = r"[ \u00a0]?[-–—][ \u00a0]?"


class DatePass:
    """Speak dates and times."""

    TABLES: ClassVar[tuple[str, ...]] = ("months.tsv", "ordinal_context.tsv", "units.tsv")

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.months = ctx.data.month_forms
        month = alternation(self.months)
        year = r"(?P<year>\d{4})(?![\d]|[.,]\d)"
        self.iso = re.compile(r"(?<![\w.,-])(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?![\w-])")
        self.numeric = re.compile(
            r"(?<![\w.,:])(?P<day>\d{1,2})\.(?P<month>\d{1,2})"
            r"(?:(?P<dot>\.)(?P<year>\d{4}|\d{2})?)?(?![\d]|[.,]\d)"
        )
        self.named = re.compile(
            rf"(?<![\w.,:])(?:(?P<from>\d{{1,2}})\.{_DASH})?(?P<day>\d{{1,2}})\.[ \u00a0]?"
            rf"(?P<month>{month})(?![\w])(?:[ \u00a0]{year})?"
        )
        self.month_year = re.compile(rf"(?<![\w.])(?P<month>{month})[ \u00a0]{year}")
        self.clock = re.compile(
            r"(?<![\w.,:])(\d{1,2})[:.](\d{2})(?::(\d{2}))?[ \u00a0]?Uhr(?![\w])"
        )
        self.hour = re.compile(r"(?<![\w.,:])(\d{1,2})[ \u00a0]Uhr(?![\w])")
        self.duration = re.compile(
            r"(?<![\w.,:])(\d{1,3}):(\d{2})[ \u00a0]?(Stunden|Std\.|h|Minuten|Min\.|min)(?![\w])"
        )
        self.no_date_after = re.compile(
            r"[ \u00a0]?(?:%|Prozent|Uhr|Punkte|" + alternation(ctx.data.units) + r")(?![\w])"
        )

    def _day(self, text: str, start: int, day: int) -> str:
        ending = ordinal_ending(self.ctx.data, text, start).lower()  # a month follows
        return self.ctx.numbers.ordinal(day, ending)

    def _year(self, year: str | None) -> str:
        if not year:
            return ""
        return " " + self.ctx.numbers.year(int(year))

    def _iso(self, match: re.Match[str]) -> str:
        year, month, day = match.group(1), int(match.group(2)), match.group(3)
        if not 1 <= month <= 12 or (day and not 1 <= int(day) <= 31):
            return match.group()
        head = f"{self._day(match.string, match.start(), int(day))} " if day else ""
        return f"{head}{self.ctx.data.months[month]}{self._year(year)}"

    def _numeric(self, match: re.Match[str]) -> str:
        day, month = int(match.group("day")), int(match.group("month"))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return match.group()
        if not match.group("dot"):
            word = prev_word(match.string, match.start()).lower()
            if word and word not in self.ctx.data.ordinal_context:
                return match.group()  # "Version 2.3" is not the second of March
            if self.no_date_after.match(match.string, match.end()):
                return match.group()
        name = self.ctx.data.months[month]
        year = match.group("year")
        dot = "" if year else final_dot(match.string, match.end())
        return f"{self._day(match.string, match.start(), day)} {name}{self._year(year)}{dot}"

    def _named(self, match: re.Match[str]) -> str:
        text, start = match.string, match.start()
        day = int(match.group("day"))
        spoken = self._day(text, start, day)
        if match.group("from"):
            spoken = f"{self._day(text, start, int(match.group('from')))} bis {spoken}"
        written = match.group("month")
        name = self.ctx.data.months[self.months[written]]
        year = match.group("year")
        dot = final_dot(match.string, match.end()) if written.endswith(".") and not year else ""
        return f"{spoken} {name}{self._year(year)}{dot}"

    def _month_year(self, match: re.Match[str]) -> str:
        name = self.ctx.data.months[self.months[match.group("month")]]
        return f"{name}{self._year(match.group('year'))}"

    def _clock(self, match: re.Match[str]) -> str:
        hours, minutes = int(match.group(1)), int(match.group(2))
        if hours > 24 or minutes > 59:
            return match.group()
        words = self.ctx.numbers
        spoken = f"{words.cardinal(hours, 'n')} Uhr"
        if match.group(3) is not None:
            seconds = int(match.group(3))
            spoken += f" {words.cardinal(minutes, 'f')} {'Minute' if minutes == 1 else 'Minuten'}"
            spoken += f" {words.cardinal(seconds, 'f')} {'Sekunde' if seconds == 1 else 'Sekunden'}"
        elif minutes:
            spoken += f" {words.cardinal(minutes)}"
        return spoken

    def _hour(self, match: re.Match[str]) -> str:
        hours = int(match.group(1))
        return f"{self.ctx.numbers.cardinal(hours, 'n')} Uhr" if hours <= 24 else match.group()

    def _duration(self, match: re.Match[str]) -> str:
        big, small = int(match.group(1)), int(match.group(2))
        unit = match.group(3)
        names = (
            ("Stunde", "Stunden", "Minute", "Minuten")
            if unit in ("Stunden", "Std.", "h")
            else ("Minute", "Minuten", "Sekunde", "Sekunden")
        )
        words = self.ctx.numbers
        spoken = f"{words.cardinal(big, 'f')} {names[0] if big == 1 else names[1]}"
        if small:
            spoken += f" und {words.cardinal(small, 'f')} {names[2] if small == 1 else names[3]}"
        return spoken

    def __call__(self, text: str) -> str:
        if "Uhr" in text:
            text = self.clock.sub(self._clock, text)
            text = self.hour.sub(self._hour, text)
        if ":" in text:
            text = self.duration.sub(self._duration, text)
        if "-" in text:
            text = self.iso.sub(self._iso, text)
        if "." in text:
            text = self.named.sub(self._named, text)
            text = self.numeric.sub(self._numeric, text)
        text = self.month_year.sub(self._month_year, text)
        return text
