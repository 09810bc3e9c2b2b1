"""English ordinals ("1st", "the 21st"), decades ("the 1990s", "the '80s") and Roman numerals
in context ("World War II" -> "World War Two", "Henry VIII" -> "Henry the Eighth").

Tables: roman_words.tsv (words after which a numeral is a cardinal, even "War I"),
acronyms.tsv (letter pairs that are no numerals: "Washington DC"), starters.tsv (a sentence
starter before a numeral is no name: "The CD"). A numeral after another capitalised name is
a regnal ordinal when it has two letters or more ("Henry VIII", "Elizabeth II"); a single I,
V or X only after a word of roman_words.tsv, since "I" is mostly the pronoun.
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.context import Context
from vorleser.normalize.roman import roman_value


class OrdinalPass:
    """Speak "1st", "22nd", "3rd", "4th" and decades."""

    TABLES: ClassVar[tuple[str, ...]] = ()

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.suffixed = re.compile(
            r"(?<![\w.,])(\d{1,3}(?:,\d{3}){1,3}|\d{1,9})(?:st|nd|rd|th)(?![\w])", re.I
        )
        self.decade = re.compile(r"(?<![\w.,'’])['’]?(\d{1,3}0)['’]?s(?![\w])")

    def _suffixed(self, match: re.Match[str]) -> str:
        return self.ctx.numbers.ordinal(self.ctx.numbers.parse_int(match.group(1)))

    def _decade(self, match: re.Match[str]) -> str:
        """ "1990s" -> "nineteen nineties", "'80s" -> "eighties", "1900s" -> "nineteen hundreds"."""
        digits = match.group(1)
        if len(digits) not in (2, 4):
            return match.group()
        words = self.ctx.numbers
        spoken = words.year(int(digits)) if len(digits) == 4 else words.cardinal(int(digits))
        return spoken[:-1] + "ies" if spoken.endswith("y") else spoken + "s"

    def __call__(self, text: str) -> str:
        if not any(c.isdecimal() for c in text):
            return text
        text = self.suffixed.sub(self._suffixed, text)
        return self.decade.sub(self._decade, text)


class RomanPass:
    """Speak Roman numerals that follow a name or a counting word."""

    TABLES: ClassVar[tuple[str, ...]] = ("roman_words.tsv", "acronyms.tsv", "starters.tsv")

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.counting = frozenset(w.lower() for w in ctx.data.roman_words)
        self.pattern = re.compile(
            r"(?<![\w-])(?P<prev>[^\W\d_][\w]{0,30})[ \u00a0](?P<num>[IVXLCDM]{1,8})(?![\w-])"
        )

    def _say(self, match: re.Match[str]) -> str:
        data = self.ctx.data
        prev, numeral = match.group("prev"), match.group("num")
        value = roman_value(numeral)
        if value is None or numeral in data.acronyms:
            return match.group()
        if prev.lower() in self.counting:
            cardinal = self.ctx.numbers.cardinal(value)
            return f"{prev} {cardinal.capitalize() if prev[0].isupper() else cardinal}"
        if len(numeral) < 2 or not prev[0].isupper() or prev in data.starters:
            return match.group()
        return f"{prev} the {self.ctx.numbers.ordinal(value).capitalize()}"

    def __call__(self, text: str) -> str:
        return self.pattern.sub(self._say, text)
