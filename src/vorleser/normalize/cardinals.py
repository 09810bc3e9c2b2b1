"""The numbers no earlier pass claimed: phone numbers, ranges, scores, fractions, amounts
with "Millionen", years, "G7"/"3D" compounds and plain cardinals and decimals.

Tables: numbers.tsv, scales.tsv, year_words.tsv. A four-digit number from 1100 to 1999 is
a year ("neunzehnhundertsechsundneunzig") unless a noun follows without a year word before
("1500 Menschen"); numbers with a leading zero are read digit by digit.
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.agreement import case_before, noun_gender
from vorleser.normalize.context import Context
from vorleser.normalize.money import scale_pattern
from vorleser.normalize.numbers import NUMBER
from vorleser.normalize.patterns import prev_word

_SPACE = r"[ \u00a0]"
_CAPITAL_AFTER = re.compile(r"[ \u00a0]+[A-ZÄÖÜ]")
_NOUN_AFTER = re.compile(r"[ \u00a0]+([A-ZÄÖÜ]\w{0,40})")


class CardinalPass:
    """Speak every remaining number."""

    TABLES: ClassVar[tuple[str, ...]] = (
        "scales.tsv",
        "year_words.tsv",
        "time_words.tsv",
        "web.tsv",
        "nouns.tsv",
        "cases.tsv",
        "words.tsv",
    )

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.phone_plus = re.compile(r"(?<![\w+])\+(\d{1,3})((?:[ \u00a0/-]?\(?\d{1,6}\)?){1,6})")
        self.phone_local = re.compile(
            r"(?<![\w.,])(?:\(0\d{1,5}\)|0\d{2,5})(?:[ \u00a0/-]\d{1,9}){1,3}(?![\w.,]\d)"
        )
        self.glued = re.compile(
            r"(?<![\w])(?:([A-ZÄÖÜ]{1,5})-?(\d{1,4})|(\d{1,4})-?([A-Z]))(?![\w])"
        )
        self.half = re.compile(r"(?<![\w.,])(\d{1,4})?½")
        self.fraction = re.compile(
            r"(?<![\w.,/])(?P<sign>[-−])?(?:(\d{1,3})[ \u00a0])?(\d{1,4})/(\d{1,4})(?![\d/])"
        )
        self.range = re.compile(
            rf"(?<![\w.,])(\d{{1,9}}){_SPACE}?[–—-]{_SPACE}?(\d{{1,9}})(?![\w.,]\d|[\w])"
        )
        self.score = re.compile(r"(?<![\w.,:])(\d{1,3}):(\d{1,3})(?![\d:])")
        self.scaled = re.compile(NUMBER + scale_pattern(ctx, optional=False))
        self.compound = re.compile(r"(?<![\w.,-])(\d{1,9})-(?=[a-zäöü])")
        self.number = re.compile(NUMBER)
        self.leftover = re.compile(r"\d{1,18}")
        self.version = re.compile(r"(?<![\w.,])\d{1,4}(?:\.\d{1,4}){1,3}(?![\w]|\.\d)")

    # -- helpers ---------------------------------------------------------------------
    def _plain(self, digits: str, text: str = "", start: int = 0, end: int = 0) -> str:
        """A lone integer: digits by digit with a leading zero, years, else a cardinal."""
        words = self.ctx.numbers
        if len(digits) > 1 and digits.startswith("0"):
            return words.digits(digits)
        value = int(digits)
        if len(digits) == 4 and 1100 <= value <= 1999 and self._is_year(text, start, end):
            return words.year(value)
        return words.cardinal(value)

    def _is_year(self, text: str, start: int, end: int) -> bool:
        word = prev_word(text, start)
        if word.lower().strip(",") in self.ctx.data.year_words:
            return True
        if not word and not text[end:].strip():
            return False  # a bare number on its own is a count
        return not _CAPITAL_AFTER.match(text, end)

    # -- substitutions ---------------------------------------------------------------
    def _phone_plus(self, m: re.Match[str]) -> str:
        words = self.ctx.numbers
        plus = self.ctx.data.word("plus")
        return f"{plus} {words.cardinal(int(m.group(1)))} {words.digits(m.group(2))}"

    def _glued(self, m: re.Match[str]) -> str:
        if m.group(1):
            letters, digits = m.group(1), m.group(2)
            return f"{letters}-{self._plain(digits)}"
        return f"{self._plain(m.group(3))}-{m.group(4)}"

    def _half(self, m: re.Match[str]) -> str:
        if m.group(1):
            return self.ctx.numbers.cardinal(int(m.group(1)), "n") + self.ctx.data.word(
                "and_a_half"
            )
        return f"{self.ctx.numbers.one('n')} {self.ctx.data.word('half')}"

    def _fraction(self, m: re.Match[str]) -> str:
        words = self.ctx.numbers
        whole, numerator, denominator = m.group(2), m.group(3), m.group(4)
        minus = self.ctx.data.word("minus") + " " if m.group("sign") else ""
        if len(numerator) == 4 and len(denominator) in (2, 4):  # a season: "2022/23"
            to = self.ctx.data.word("range")
            return f"{self._plain(numerator)} {to} {self._plain(denominator)}"
        if whole and (int(numerator), int(denominator)) == (1, 2):
            return minus + words.cardinal(int(whole), "n") + self.ctx.data.word("and_a_half")
        spoken = words.fraction(int(numerator), int(denominator))
        if not whole:
            return minus + spoken
        return minus + f"{words.cardinal(int(whole))} {self.ctx.data.word('and')} {spoken}"

    def _range(self, m: re.Match[str]) -> str:
        text = m.string
        low = self._plain(m.group(1), text, m.start(), m.start())
        high = self._plain(m.group(2), text, m.start(), m.end())
        return f"{low} {self.ctx.data.word('range')} {high}"

    def _score(self, m: re.Match[str]) -> str:
        first, second = m.group(1), m.group(2)
        words = self.ctx.numbers
        clock = prev_word(m.string, m.start()).lower() in self.ctx.data.time_words
        if clock and len(second) == 2 and int(first) <= 24 and int(second) < 60:
            minutes = f" {words.cardinal(int(second))}" if int(second) else ""
            return f"{words.cardinal(int(first), 'n')} {self.ctx.data.word('clock')}{minutes}"
        score = self.ctx.data.word("score")
        return f"{words.cardinal(int(first))} {score} {words.cardinal(int(second))}"

    def _scaled(self, m: re.Match[str]) -> str:
        power = self.ctx.data.scale_forms[m.group("scale").lower()]
        case = case_before(self.ctx.data, m.string, m.start())
        return self.ctx.numbers.scaled(
            m.group("sign"), m.group("int"), m.group("frac"), power, case
        )

    def _number(self, m: re.Match[str]) -> str:
        sign, integer, frac = m.group("sign"), m.group("int"), m.group("frac")
        if frac or not integer.isdecimal():
            return self.ctx.numbers.amount(sign, integer, frac, None)
        minus = self.ctx.data.word("minus") + " " if sign else ""
        noun = _NOUN_AFTER.match(m.string, m.end()) if integer == "1" else None
        if noun:
            return minus + self._one(m.string, m.start(), noun.group(1))
        return minus + self._plain(integer, m.string, m.start(), m.end())

    def _one(self, text: str, start: int, noun: str) -> str:
        """ "1" before a noun: "eine Stunde", "mit einer Stimme".

        An unknown noun is taken as neuter: "ein", "mit einem" are right for m and n alike.
        """
        gender = noun_gender(self.ctx.data, noun) or "n"
        return self.ctx.numbers.one(gender, case_before(self.ctx.data, text, start))

    def __call__(self, text: str) -> str:
        if not any(c.isdecimal() for c in text):
            if "½" not in text:
                return text
            return text.replace("½", f" {self.ctx.numbers.one('n')} {self.ctx.data.word('half')} ")
        text = self.phone_plus.sub(self._phone_plus, text)
        text = self.phone_local.sub(lambda m: self.ctx.numbers.digits(m.group()), text)
        text = self.glued.sub(self._glued, text)
        text = self.half.sub(self._half, text)
        text = self.fraction.sub(self._fraction, text)
        text = self.range.sub(self._range, text)
        text = self.score.sub(self._score, text)
        text = self.scaled.sub(self._scaled, text)
        text = self.version.sub(self._version, text)
        text = self.compound.sub(lambda m: self.ctx.numbers.cardinal(int(m.group(1))), text)
        text = self.number.sub(self._number, text)
        return self.leftover.sub(self._leftover, text)

    def _version(self, m: re.Match[str]) -> str:
        """A dotted number that is no date or amount ("Version 2.3"): "zwei Punkt drei"."""
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", m.group()):
            return m.group()  # thousands: left to the number rule
        point = f" {self.ctx.data.web.get('.', '.')} "
        return point.join(self._plain(part) for part in m.group().split("."))

    def _leftover(self, m: re.Match[str]) -> str:
        """Digits glued to something no rule knows: still words, never digits."""
        digits = m.group()
        spoken = self._plain(digits) if len(digits) < 16 else self.ctx.numbers.digits(digits)
        return f" {spoken} "
