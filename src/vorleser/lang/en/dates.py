"""English dates ("March 3, 2024", "3 March 2024", "2024-03-03", "March 2024") and clock
times ("2:30 pm", "9 a.m.", "14:30").

Table: months.tsv. The day is an ordinal: "March 3" -> "March third" and "3 March" -> "the
third of March", as an American and a British newsreader say them. Times with am/pm are read
on the 12-hour clock ("two thirty P-M", "nine oh five A-M", "nine A-M"); "14:30" on the
24-hour clock ("fourteen thirty", "fourteen hundred"); "9:00" alone is "nine o'clock".
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.context import Context
from vorleser.normalize.patterns import alternation, final_dot, prev_word

_SPACE = r"[ \u00a0]"
_SUFFIX = r"(?:st|nd|rd|th)?"
_MERIDIEM = r"(?P<ampm>[aApP])\.?[ \u00a0]?[mM]\.?(?![\w])"


class DatePass:
    """Speak dates and clock times."""

    TABLES: ClassVar[tuple[str, ...]] = ("months.tsv",)

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.months = ctx.data.month_forms
        month = rf"(?P<month>{alternation(self.months)})(?![\w])"
        year = rf"(?:(?P<comma>,)?{_SPACE}(?P<year>\d{{4}})(?![\d]|[.,]\d))?"
        self.month_day = re.compile(
            rf"(?<![\w]){month}{_SPACE}(?P<day>\d{{1,2}}){_SUFFIX}(?![\w]|[.,:]\d){year}"
        )
        self.day_month = re.compile(
            rf"(?<![\w.,:$€£])(?P<day>\d{{1,2}}){_SUFFIX}{_SPACE}(?:of{_SPACE})?{month}"
            rf"(?:{_SPACE}(?P<year>\d{{4}})(?![\d]|[.,]\d))?"
        )
        self.month_year = re.compile(rf"(?<![\w]){month},?{_SPACE}(?P<year>\d{{4}})(?![\d])")
        self.iso = re.compile(r"(?<![\w.,-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")
        self.meridiem = re.compile(
            rf"(?<![\w.,:])(?P<h>\d{{1,2}})(?::(?P<m>\d{{2}}))?{_SPACE}?{_MERIDIEM}"
        )
        self.clock = re.compile(r"(?<![\w.,:])(?P<h>\d{1,2}):(?P<m>\d{2})(?![\d:]|[.,]\d)")

    def _day(self, day: str) -> str | None:
        value = int(day)
        return self.ctx.numbers.ordinal(value) if 1 <= value <= 31 else None

    def _year(self, year: str | None) -> str:
        return self.ctx.numbers.year(int(year)) if year else ""

    def _month(self, written: str) -> str:
        return self.ctx.data.months[self.months[written]]

    def _month_day(self, match: re.Match[str]) -> str:
        day = self._day(match.group("day"))
        if day is None:
            return match.group()
        spoken = f"{self._month(match.group('month'))} {day}"
        if match.group("year"):
            spoken += f"{match.group('comma') or ''} {self._year(match.group('year'))}"
        return spoken

    def _day_month(self, match: re.Match[str]) -> str:
        day = self._day(match.group("day"))
        if day is None:
            return match.group()
        the = "" if prev_word(match.string, match.start()).lower() == "the" else "the "
        spoken = f"{the}{day} of {self._month(match.group('month'))}"
        return spoken + (f" {self._year(match.group('year'))}" if match.group("year") else "")

    def _month_year(self, match: re.Match[str]) -> str:
        return f"{self._month(match.group('month'))} {self._year(match.group('year'))}"

    def _iso(self, match: re.Match[str]) -> str:
        month, day = int(match.group(2)), self._day(match.group(3))
        if not 1 <= month <= 12 or day is None:
            return match.group()
        return f"{self.ctx.data.months[month]} {day}, {self._year(match.group(1))}"

    def _minutes(self, minutes: int) -> str:
        words = self.ctx.numbers
        return f"oh {words.cardinal(minutes)}" if minutes < 10 else words.cardinal(minutes)

    def _meridiem(self, match: re.Match[str]) -> str:
        hours, minutes = int(match.group("h")), int(match.group("m") or 0)
        if not 1 <= hours <= 12 or minutes > 59:
            return match.group()
        spoken = self.ctx.numbers.cardinal(hours)
        if minutes:
            spoken += " " + self._minutes(minutes)
        letter = match.group("ampm").upper()
        dot = final_dot(match.string, match.end()) if match.group().endswith(".") else ""
        return f"{spoken} {letter}-M{dot}"

    def _clock(self, match: re.Match[str]) -> str:
        hours, minutes = int(match.group("h")), int(match.group("m"))
        if hours > 24 or minutes > 59:
            return match.group()
        words = self.ctx.numbers
        if minutes:
            return f"{words.cardinal(hours)} {self._minutes(minutes)}"
        if hours > 12 or match.group("h").startswith("0"):
            return f"{words.cardinal(hours)} hundred"
        return f"{words.cardinal(hours)} o'clock"

    def __call__(self, text: str) -> str:
        if not any(c.isdecimal() for c in text):
            return text
        if "-" in text:
            text = self.iso.sub(self._iso, text)
        text = self.month_day.sub(self._month_day, text)
        text = self.day_month.sub(self._day_month, text)
        text = self.month_year.sub(self._month_year, text)
        text = self.meridiem.sub(self._meridiem, text)
        if ":" in text:
            text = self.clock.sub(self._clock, text)
        return text
