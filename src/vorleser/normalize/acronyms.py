"""Acronyms: spelled ("EU" -> "E-U") or spoken as a word ("NATO" -> "Nato"), also in compounds.

Table: acronyms.tsv. An unlisted all-capital word is spelled when it has at most three
letters or no vowel ("BGB" -> "B-G-B"); longer ones with vowels are left alone, since they
are usually words set in capitals ("ACHTUNG").
"""

from __future__ import annotations

import re

from vorleser.normalize.context import Context
from vorleser.normalize.patterns import alternation

_VOWELS = set("AEIOUÄÖÜY")


class AcronymPass:
    """Replace acronyms by their spoken form, in compounds too ("US-Präsident")."""

    def __init__(self, ctx: Context) -> None:
        self.known = ctx.data.acronyms
        self.listed = re.compile(rf"(?<![\w]){alternation(self.known)}(?![\w])")
        self.unknown = re.compile(r"(?<![\w])[A-ZÄÖÜ]{2,8}(?![\w])")

    @staticmethod
    def _spell(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) <= 3 or not _VOWELS.intersection(word):
            return "-".join(word)
        return word

    def __call__(self, text: str) -> str:
        text = self.listed.sub(lambda m: self.known[m.group()], text)
        return self.unknown.sub(self._spell, text)
