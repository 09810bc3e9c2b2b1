"""English number words composed from numbers.tsv and scales.tsv.

The vocabulary (one, twenty, million) is data; the English order is the code here: tens and
units joined by a hyphen ("twenty-one"), "hundred" after its count, groups of three digits
named by scales.tsv ("two million three hundred thousand"), ordinals formed on the last
word ("twenty-first"), years read in pairs ("nineteen ninety-six", "twenty twenty-two",
but "two thousand five"). Written numbers use "," for thousands and "." for decimals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from vorleser.normalize.data import LanguageData

NUMBER = (
    r"(?<![\w.,])(?P<sign>[-−])?"
    r"(?P<int>\d{1,3}(?:,\d{3}){1,6}(?![\d])|\d{1,18})(?:\.(?P<frac>\d{1,12}))?(?![\d])"
)
_GROUPING = re.compile(r"[,\u202f\u00a0]")

#: Highest number spoken as words; longer digit strings are read digit by digit.
MAX_WORDS = 10**21 - 1


class EnglishNumbers:
    """English number words (American style by default: "one hundred five")."""

    TABLES: ClassVar[tuple[str, ...]] = ("numbers.tsv", "scales.tsv", "settings.tsv")
    SETTINGS: ClassVar[Mapping[str, tuple[str, ...]]] = {"and_after_hundred": ("no", "yes")}
    NUMBER: ClassVar[str] = NUMBER

    def __init__(self, data: LanguageData) -> None:
        self.words = {n: row[0] for n, row in data.numbers.items()}
        self.ordinals = {row[0]: row[1] for row in data.numbers.values()}
        self.fractions = {n: row[2] for n, row in data.numbers.items() if row[2] != "-"}
        self.scales = sorted(data.scales.items(), reverse=True)
        self.scale_words = dict(data.scales)
        #: " and " in "one hundred and five" (British), or " " (American).
        self.hundred_and = " and " if data.settings["and_after_hundred"] == "yes" else " "

    @staticmethod
    def parse_int(text: str) -> int:
        """ "150,000" -> 150000.

        >>> EnglishNumbers.parse_int("1,234,567")
        1234567
        """
        return int(_GROUPING.sub("", text))

    # -- cardinals -------------------------------------------------------------------
    def _below_hundred(self, n: int) -> str:
        if n < 20:
            return self.words[n]
        units, tens = n % 10, n - n % 10
        return self.words[tens] + (f"-{self.words[units]}" if units else "")

    def _below_thousand(self, n: int) -> str:
        hundreds, rest = divmod(n, 100)
        if not hundreds:
            return self._below_hundred(rest)
        head = f"{self.words[hundreds]} {self.words[100]}"
        return head + (self.hundred_and + self._below_hundred(rest) if rest else "")

    def cardinal(self, n: int, gender: str | None = None, case: str = "nom") -> str:
        """n as words; English has no gender or case, so those are ignored."""
        if n < 0:
            return "minus " + self.cardinal(-n)
        if n > MAX_WORDS:
            return self.digits(str(n))
        if n < 1000:
            return self._below_thousand(n)
        parts: list[str] = []
        for power, (singular, _) in self.scales:
            count, n = divmod(n, 10**power)
            if count:
                parts.append(f"{self._below_thousand(count)} {singular}")
        thousands, n = divmod(n, 1000)
        if thousands:
            parts.append(f"{self._below_thousand(thousands)} {self.words[1000]}")
        if n:
            parts.append(self._below_thousand(n))
        return " ".join(parts)

    def one(self, gender: str, case: str = "nom") -> str:
        """ "one" before any noun."""
        return self.words[1]

    def year(self, n: int) -> str:
        """1996 -> "nineteen ninety-six", 1905 -> "nineteen oh five", 2005 -> "two thousand five".

        >>> from vorleser.normalize import Normalizer
        >>> [Normalizer("en").numbers.year(y) for y in (1900, 2000, 2010, 1066)]
        ['nineteen hundred', 'two thousand', 'twenty ten', 'ten sixty-six']
        """
        high, low = divmod(n, 100)
        if not 1000 <= n <= 9999 or (high % 10 == 0 and low < 10):
            return self.cardinal(n)
        if low == 0:
            return f"{self._below_hundred(high)} {self.words[100]}"
        tail = f"oh {self.words[low]}" if low < 10 else self._below_hundred(low)
        return f"{self._below_hundred(high)} {tail}"

    def digits(self, text: str) -> str:
        """Digit by digit: "0411" -> "zero four one one"."""
        return " ".join(self.words[int(d)] for d in text if d.isdecimal())

    def decimal(self, whole: int, frac: str, negative: bool = False) -> str:
        """2.5 -> "two point five" (digits after the point one by one)."""
        text = f"{self.cardinal(whole)} point {self.digits(frac)}"
        return "minus " + text if negative else text

    # -- ordinals --------------------------------------------------------------------
    def ordinal(self, n: int, ending: str = "") -> str:
        """21 -> "twenty-first", 100 -> "one hundredth"; the last word becomes the ordinal."""
        words = self.cardinal(n)
        head, sep, last = words.rpartition(" ")
        front, hyphen, unit = last.rpartition("-")
        unit = self.ordinals.get(unit) or unit + "th"
        return f"{head}{sep}{front}{hyphen}{unit}"

    # -- fractions -------------------------------------------------------------------
    def fraction(self, numerator: int, denominator: int) -> str:
        """1/2 -> "one half", 3/4 -> "three quarters", 2/3 -> "two thirds"."""
        noun = self.fractions.get(denominator) or self.ordinal(denominator)
        if numerator != 1:
            noun = noun[:-1] + "ves" if noun.endswith("f") else noun + "s"
        return f"{self.cardinal(numerator)} {noun}"

    # -- amounts ---------------------------------------------------------------------
    def amount(
        self,
        sign: str | None,
        integer: str,
        frac: str | None,
        gender: str | None = None,
        case: str = "nom",
    ) -> str:
        """A matched NUMBER as words: "1,500" -> "one thousand five hundred", "2.5"."""
        minus = "minus " if sign else ""
        if frac:
            return minus + self.decimal(self.parse_int(integer), frac)
        if len(integer) > 1 and integer.startswith("0"):
            return minus + self.digits(integer)
        return minus + self.cardinal(self.parse_int(integer))

    def scaled(
        self, sign: str | None, integer: str, frac: str | None, power: int, case: str = "nom"
    ) -> str:
        """An amount with a scale word: "1.2bn" -> "one point two billion"."""
        return f"{self.amount(sign, integer, frac)} {self.scale_words[power][0]}"
