"""The English numbers no earlier pass claimed: ranges, ratios, fractions, amounts with
"million"/"bn", years, "G7"/"3D" compounds and plain cardinals and decimals.

Tables: scales.tsv, year_words.tsv, web.tsv (the word for "." in "version 2.0.1"). A
four-digit number from 1000 to 2099 is a year ("nineteen ninety-six") unless a lower-case
plural follows without a year word before ("1500 soldiers"); numbers with a leading zero are
read digit by digit ("007" -> "zero zero seven").
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.context import Context
from vorleser.normalize.money import scale_pattern
from vorleser.normalize.patterns import prev_word

_SPACE = r"[ \u00a0]"
_PLURAL_AFTER = re.compile(r"[ \u00a0]+([a-z]{2,30}s|people|men|women|children)(?![\w'’])")


class CardinalPass:
    """Speak every remaining number."""

    TABLES: ClassVar[tuple[str, ...]] = ("scales.tsv", "year_words.tsv", "web.tsv")

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        number = ctx.numbers.NUMBER
        self.glued = re.compile(r"(?<![\w])(?:([A-Z]{1,5})-?(\d{1,4})|(\d{1,4})-?([A-Z]))(?![\w])")
        self.fraction = re.compile(
            r"(?<![\w.,/])(?P<sign>[-−])?(?:(\d{1,3})[ \u00a0])?(\d{1,4})/(\d{1,4})(?![\d/])"
        )
        self.range = re.compile(
            rf"(?<![\w.,])(\d{{1,9}}){_SPACE}?[–—-]{_SPACE}?(\d{{1,9}})(?![\w.,]\d|[\w])"
        )
        self.ratio = re.compile(r"(?<![\w.,:])(\d{1,3}):(\d{1,3})(?![\d:])")
        self.scaled = re.compile(number + scale_pattern(ctx, optional=False))
        self.version = re.compile(r"(?<![\w.,])\d{1,4}(?:\.\d{1,4}){2,3}(?![\w]|\.\d)")
        self.number = re.compile(number)
        self.leftover = re.compile(r"\d{1,18}")

    def _plain(self, digits: str, text: str = "", start: int = 0, end: int = 0) -> str:
        """A lone integer: digit by digit with a leading zero, a year, else a cardinal."""
        words = self.ctx.numbers
        if len(digits) > 1 and digits.startswith("0"):
            return words.digits(digits)
        value = int(digits)
        if len(digits) == 4 and 1000 <= value <= 2099 and self._is_year(text, start, end):
            return words.year(value)
        return words.cardinal(value)

    def _is_year(self, text: str, start: int, end: int) -> bool:
        if prev_word(text, start).lower().strip(",") in self.ctx.data.year_words:
            return True
        return not _PLURAL_AFTER.match(text, end)

    def _glued(self, m: re.Match[str]) -> str:
        if m.group(1):
            return f"{m.group(1)}-{self._plain(m.group(2))}"
        return f"{self._plain(m.group(3))}-{m.group(4)}"

    def _fraction(self, m: re.Match[str]) -> str:
        words = self.ctx.numbers
        whole, numerator, denominator = m.group(2), int(m.group(3)), int(m.group(4))
        minus = "minus " if m.group("sign") else ""
        if numerator >= denominator or denominator > 10 or not numerator:
            # "24/7", "9/11", "2023/24": two numbers, not a fraction
            spoken = f"{self._plain(m.group(3))} {self._plain(m.group(4))}"
            return minus + (f"{words.cardinal(int(whole))} {spoken}" if whole else spoken)
        spoken = words.fraction(numerator, denominator)
        if whole:
            if numerator == 1:
                spoken = "a " + spoken.split(" ", 1)[1]
            spoken = f"{words.cardinal(int(whole))} and {spoken}"
        return minus + spoken

    def _range(self, m: re.Match[str]) -> str:
        text = m.string
        low = self._plain(m.group(1), text, m.start(), m.start())
        high = self._plain(m.group(2), text, m.start(), m.end())
        return f"{low} to {high}"

    def _ratio(self, m: re.Match[str]) -> str:
        words = self.ctx.numbers
        return f"{words.cardinal(int(m.group(1)))} to {words.cardinal(int(m.group(2)))}"

    def _scaled(self, m: re.Match[str]) -> str:
        power = self.ctx.data.scale_forms[m.group("scale").lower()]
        return self.ctx.numbers.scaled(m.group("sign"), m.group("int"), m.group("frac"), power)

    def _version(self, m: re.Match[str]) -> str:
        """ "2.0.1" -> "two dot zero dot one"."""
        point = f" {self.ctx.data.web.get('.', '.')} "
        return point.join(self._plain(part) for part in m.group().split("."))

    def _number(self, m: re.Match[str]) -> str:
        sign, integer, frac = m.group("sign"), m.group("int"), m.group("frac")
        if frac or not integer.isdecimal():
            return self.ctx.numbers.amount(sign, integer, frac, None)
        minus = "minus " if sign else ""
        return minus + self._plain(integer, m.string, m.start(), m.end())

    def _leftover(self, m: re.Match[str]) -> str:
        """Digits glued to something no rule knows: still words, never digits."""
        digits = m.group()
        spoken = self._plain(digits) if len(digits) < 16 else self.ctx.numbers.digits(digits)
        return f" {spoken} "

    def __call__(self, text: str) -> str:
        if not any(c.isdecimal() for c in text):
            return text
        text = self.glued.sub(self._glued, text)
        text = self.fraction.sub(self._fraction, text)
        text = self.range.sub(self._range, text)
        text = self.ratio.sub(self._ratio, text)
        text = self.scaled.sub(self._scaled, text)
        text = self.version.sub(self._version, text)
        text = self.number.sub(self._number, text)
        return self.leftover.sub(self._leftover, text)
