"""Acronyms: spelled ("EU" -> "E-U") or spoken as a word ("NATO" -> "Nato"), also in compounds.

Table: acronyms.tsv, which lists the acronyms read as words, the mixed-case ones ("GmbH",
"BVerfG") and words set in capitals for emphasis ("SEHR"). An unlisted all-capital word of
two to five letters is spelled, since most German acronyms are (ARD, OSZE, DIW); a plural
or genitive "s" stays ("NGOs" -> "N-G-O-s"). Left alone are longer capital words (emphasis,
"ACHTUNG"), unless they have no vowel, Roman numerals of I, V and X that no earlier pass
claimed, capital words next to another one ("WIR SIND DA": shouted text, not acronyms) and a
capital first word before a colon ("KRIEG: ..."), the kicker of a headline. Capitals around
one lower-case letter ("BfV", "BdV-Chefin") are spelled too, as "AfD" is.
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.context import Context
from vorleser.normalize.patterns import alternation

_VOWELS = frozenset("AEIOUÄÖÜY")
_ROMAN = re.compile(r"[IVX]{2,}")
#: Longest unlisted capital word that is spelled (when it has a vowel).
MAX_SPELLED = 5
_CAPS_BEFORE = re.compile(r"(?<![\w-])[A-ZÄÖÜ]{2,}[ \u00a0]+$")
_CAPS_AFTER = re.compile(r"[ \u00a0]+[A-ZÄÖÜ]{2,}(?![\w-])")


#: The end of an acronym: a word boundary, or the hyphen of a compound ("EU-Gipfel").
_END = r"(?:(?P<compound>-)(?=[^\W\d_])|(?![\w]))"
_SPELLED = re.compile(r"(?:\w-)+\w(?:-s)?")


def _joined(spoken: str, match: re.Match[str]) -> str:
    """A spelled acronym before a compound's hyphen ends with a word break ("E-U Gipfel"):
    glued to the noun, espeak-ng runs the last letter into it and the noun loses its stress."""
    if not match.group("compound"):
        return spoken
    return spoken + (" " if _SPELLED.fullmatch(spoken) else "-")


class AcronymPass:
    """Replace acronyms by their spoken form, in compounds too ("US-Präsident")."""

    TABLES: ClassVar[tuple[str, ...]] = ("acronyms.tsv",)

    def __init__(self, ctx: Context) -> None:
        self.known = ctx.data.acronyms
        self.listed = re.compile(rf"(?<![\w]){alternation(self.known)}{_END}")
        self.unknown = re.compile(rf"(?<![\w])([A-ZÄÖÜ]{{2,8}})(s?){_END}")
        #: capitals around one lower-case letter ("BfV", "BdV"): read letter by letter
        self.mixed = re.compile(rf"(?<![\w])([A-ZÄÖÜ][a-zäöü][A-ZÄÖÜ]{{1,2}})(s?){_END}")

    def _spell(self, match: re.Match[str]) -> str:
        word, plural = match.group(1), match.group(2)
        spelled = _joined("-".join(word) + ("-s" if plural else ""), match)
        if not _VOWELS.intersection(word):
            return spelled
        if len(word) > MAX_SPELLED or _ROMAN.fullmatch(word) or self._shouted(match):
            return match.group()
        return spelled

    @staticmethod
    def _shouted(match: re.Match[str]) -> bool:
        """Whether the word is part of text set in capitals rather than an acronym."""
        text, start, end = match.string, match.start(), match.end()
        if _CAPS_BEFORE.search(text, max(0, start - 12), start):
            return True
        if _CAPS_AFTER.match(text, end):
            return True
        return not text[:start].strip() and text[end : end + 1] == ":" and end - start >= 4

    def _listed(self, match: re.Match[str]) -> str:
        spoken = self.known[match.group().removesuffix("-")]
        if spoken[:1].islower() and not match.string[: match.start()].strip(" „“\"'("):
            spoken = spoken[0].upper() + spoken[1:]  # "EILT: ..." starts the sentence
        return _joined(spoken, match)

    def __call__(self, text: str) -> str:
        text = self.listed.sub(self._listed, text)
        text = self.mixed.sub(self._spell_mixed, text)
        return self.unknown.sub(self._spell, text)

    def _spell_mixed(self, match: re.Match[str]) -> str:
        word, plural = match.group(1), match.group(2)
        return _joined("-".join(word) + ("-s" if plural else ""), match)
