"""Ordinals ("der 2. Weltkrieg", "am 24.", "121tem") and decades ("die 90er", "1990er-Jahre").

Tables: ordinal_context.tsv (the word before decides the ending), starters.tsv (a capitalised
word after "N." that starts a new sentence, so the dot is a full stop, not an ordinal dot).
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.context import Context
from vorleser.normalize.data import LanguageData
from vorleser.normalize.patterns import at_end, final_dot, prev_word, prev_word_start

_ORDINAL_BEFORE = re.compile(r"(?<![\w.,:/])(\d{1,9})\.$")
_WORD = re.compile(r"\w+")
_NOUN_NEXT = re.compile(r"[ \u00a0]+[A-ZÄÖÜ]")
DEFAULT_ENDING = "er"


def ordinal_ending(data: LanguageData, text: str, start: int, depth: int = 0) -> str:
    """The ending for an ordinal at `start`, from the word before it (see ordinal_context.tsv).

    An ending "=x" inherits from an ordinal right before ("am 5. und 6. Mai"), else x.
    """
    word = prev_word(text, start)
    pair = f"{prev_word(text, prev_word_start(text, start))} {word}".lower()
    context = data.ordinal_context
    ending = context.get(pair) or context.get(word.lower(), DEFAULT_ENDING)
    if not ending.startswith("="):
        return ending
    fallback = ending[1:] or DEFAULT_ENDING
    if depth > 2:
        return fallback
    before = prev_word_start(text, start)
    previous = prev_word(text, before)
    if _ORDINAL_BEFORE.search(previous):
        return ordinal_ending(data, text, prev_word_start(text, before), depth + 1)
    return fallback


def is_ordinal_dot(data: LanguageData, text: str, number_start: int, dot_end: int) -> bool:
    """Whether "N." ending at `dot_end` is an ordinal rather than a number ending a sentence.

    Shared with the sentence splitter, so both agree on "der 2. Weltkrieg" and "um 5. Die".
    """
    rest = text[dot_end : dot_end + 40].lstrip(" \u00a0\u202f\t")
    if not rest or at_end(text, dot_end):
        # At the end a dot is a full stop, except after nothing ("2.") or an article ("dem 3.").
        word = prev_word(text, number_start)
        ending = data.ordinal_context.get(word.lower(), "=")
        return not word or not (ending.startswith("=") or ending == "em")
    first = rest[0]
    if first.islower() or first in "–-":
        return True
    if first.isupper():
        token = _WORD.match(rest)
        return (token.group() if token else "") not in data.starters
    return False


class OrdinalPass:
    """Speak ordinals with their context ending and decades as words."""

    TABLES: ClassVar[tuple[str, ...]] = ("ordinal_context.tsv", "starters.tsv")

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.dotted = re.compile(r"(?<![\w.,:/€$£-])(\d{1,3}(?:\.\d{3}){1,3}|\d{1,9})\.(?![\d\w])")
        self.suffixed = re.compile(r"(?<![\w.,])(\d{1,9})\.?(s?te[mnrs]?)(?![\w])")
        self.decade = re.compile(
            r"(?<![\w.,])(\d{2}|\d{4})er(?P<tail>-?Jahre[nsr]?|n|s)?(?![\w])(?P<years> Jahre[nr]?)?"
        )

    def _dotted(self, match: re.Match[str]) -> str:
        text = match.string
        if not is_ordinal_dot(self.ctx.data, text, match.start(), match.end()):
            return match.group()
        ending = ordinal_ending(self.ctx.data, text, match.start())
        if _NOUN_NEXT.match(text, match.end()):
            ending = ending.lower()  # "wurde 1. Besucher": an adjective, not "Erster"
        spoken = self.ctx.numbers.ordinal(int(match.group(1).replace(".", "")), ending)
        return spoken + final_dot(text, match.end())  # "Sie wurde 2." ends the sentence too

    def _suffixed(self, match: re.Match[str]) -> str:
        ending = match.group(2).removeprefix("s").removeprefix("t")
        return self.ctx.numbers.ordinal(int(match.group(1)), ending)

    def _decade(self, match: re.Match[str]) -> str:
        """ "1990er-Jahre" -> "neunzehnhundertneunziger Jahre"; "die 90er" -> "die Neunziger".

        Before "Jahre" the decade is an adjective (lower case, a separate word), as a
        newsreader says it; alone it is a noun.
        """
        number = int(match.group(1))
        numbers = self.ctx.numbers
        words = numbers.year(number) if number >= 1000 else numbers.cardinal(number)
        tail = match.group("tail") or ""
        if match.group("years"):
            return f"{words}er{tail}{match.group('years')}"
        if tail.lstrip("-").startswith("Jahre"):
            return f"{words}er {tail.lstrip('-')}"
        return f"{words.capitalize()}er{tail}"

    def __call__(self, text: str) -> str:
        if "er" in text:
            text = self.decade.sub(self._decade, text)
        if "." in text:
            text = self.dotted.sub(self._dotted, text)
        if "te" in text:
            text = self.suffixed.sub(self._suffixed, text)
        return text
