"""Roman numerals in context: "Minsk III" -> "Minsk drei", "Ludwig XIV." -> "Ludwig der Vierzehnte".

Tables: roman_words.tsv (words after which a numeral is a cardinal, even "Kapitel I"),
roman_names.tsv (names taking "die": "Elisabeth II." -> "Elisabeth die Zweite"); the article
and ending follow the case the word before the name governs (cases.tsv, definite.tsv):
"mit Karl V." -> "mit Karl dem Fünften", "besiegte Karl V." -> "Karl den Fünften".
A numeral counts only after a capitalised word that is not a sentence starter and only
when it is not a listed acronym, so "Die CD" stays a CD.
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.agreement import case_before
from vorleser.normalize.context import Context
from vorleser.normalize.ordinals import is_ordinal_dot, ordinal_ending
from vorleser.normalize.patterns import at_end, final_dot

_VALID = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(numeral: str) -> int | None:
    """ "XIV" -> 14; None when it is not a well-formed numeral.

    >>> roman_value("MCMXC"), roman_value("IIII")
    (1990, None)
    """
    if not numeral or not _VALID.fullmatch(numeral):
        return None
    total = 0
    for i, char in enumerate(numeral):
        value = _VALUES[char]
        following = _VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


class RomanPass:
    """Speak Roman numerals that follow a name or a counting word."""

    TABLES: ClassVar[tuple[str, ...]] = (
        "roman_words.tsv",
        "roman_names.tsv",
        "acronyms.tsv",
        "ordinal_context.tsv",
        "starters.tsv",
        "definite.tsv",
        "cases.tsv",
    )

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.pattern = re.compile(
            r"(?<![\w-])(?P<prev>[^\W\d_][\w]{0,30})[ \u00a0](?P<num>[IVXLCDM]{1,8})"
            r"(?P<dot>\.)?(?![\w-])"
        )

    def _say(self, match: re.Match[str]) -> str:
        data = self.ctx.data
        prev, numeral, dot = match.group("prev"), match.group("num"), match.group("dot")
        value = roman_value(numeral)
        counting = prev in data.roman_words
        if value is None or numeral in data.acronyms:
            return match.group()
        if prev.lower() in data.ordinal_context and not counting:
            text, start = match.string, match.start("num")
            if not dot or len(numeral) < 2 or at_end(text, match.end()):
                return match.group()
            if not is_ordinal_dot(data, text, start, match.end()):
                return match.group()
            return f"{prev} {self.ctx.numbers.ordinal(value, ordinal_ending(data, text, start))}"
        if not prev[0].isupper() or prev in data.starters:
            return match.group()
        if len(numeral) == 1 and not counting and not (dot and numeral in "IVX"):
            return match.group()
        if counting or not dot:
            return f"{prev} {self.ctx.numbers.cardinal(value)}{dot or ''}"
        nominative = data.roman_names.get(prev, "der")
        gender = "f" if nominative == "die" else "m"
        case = case_before(data, match.string, match.start())
        article = data.definite.get((case, gender), nominative)
        weak = case == "nom" or (case == "acc" and gender == "f")  # "der Fünfte", "dem Fünften"
        ordinal = self.ctx.numbers.ordinal(value, "e" if weak else "en").capitalize()
        return f"{prev} {article} {ordinal}{final_dot(match.string, match.end())}"

    def __call__(self, text: str) -> str:
        return self.pattern.sub(self._say, text)
