"""Abbreviations ("z. B.", "Nr. 5") and leftover symbols ("&", "§") spoken as words.

Tables: abbreviations.tsv (abbreviation, expansion, context), day_words.tsv (words before a
weekday abbreviation), symbols.tsv (symbol, spoken).
Spaces after inner dots are optional when matching, so "z.B.", "z. B." and "z. B" all match;
a lower-case abbreviation also matches capitalised at a sentence start ("Z. B." -> "Zum Beispiel").
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.context import Context
from vorleser.normalize.patterns import final_dot, prev_word

_SPACE = re.compile(r"\s+")
#: After a weekday abbreviation: a number ("Mo., 5. Mai") or a range ("Mo.–Fr.", "Mo. bis").
_NEXT_WORD = re.compile(r"[ \u00a0]+([A-ZÄÖÜ]\w{0,30})")
_DAY_AFTER = re.compile(r",?[ \u00a0\u202f]?(?:\d|[–-]|bis )")


def _pattern(abbreviation: str) -> str:
    """Regex for one abbreviation: optional space after inner dots, either case first."""
    out = []
    for i, char in enumerate(abbreviation):
        if char == " ":
            continue
        piece = re.escape(char)
        if i == 0 and char.isalpha() and char.islower():
            piece = f"[{char}{char.upper()}]"
        out.append(piece)
        if char == "." and i < len(abbreviation) - 1:
            out.append(r"[ \u00a0\u202f]?")
    if abbreviation[-1].isalnum():
        out.append(r"(?![\w])")
    return "".join(out)


def _key(written: str) -> str:
    return _SPACE.sub("", written)


def _alternatives(parts: list[str]) -> str:
    return "|".join(parts) or "(?!)"


class AbbreviationPass:
    """Expand abbreviations by their context: anywhere, before a number, as a day, as a suffix.

    "day" ones ("Di.") count before a number, after a word of day_words.tsv ("am Di. in
    Berlin") or in a range ("Mo.–Fr."); "suffix" ones end a word ("Goethestr. 5").
    """

    TABLES: ClassVar[tuple[str, ...]] = (
        "abbreviations.tsv",
        "day_words.tsv",
        "starters.tsv",
        "words.tsv",
    )

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.day_words = ctx.data.day_words
        self.starters = ctx.data.starters
        self.expansions: dict[str, str] = {}
        parts: dict[str, list[str]] = {"any": [], "number": [], "day": [], "suffix": []}
        ordered = sorted(ctx.data.abbreviations, key=lambda row: -len(row[0]))
        for abbreviation, expansion, context in ordered:
            self.expansions[_key(abbreviation)] = expansion
            parts[context].append(_pattern(abbreviation))
        start = r"(?<![\w.§])"
        days = _alternatives(parts["day"])
        self.pattern = re.compile(
            rf"{start}(?:(?P<any>{_alternatives(parts['any'])})"
            rf"|(?P<num>{_alternatives(parts['number'])})(?=,?[ \u00a0\u202f]?\d)"
            rf"|(?P<day>{days})(?P<to>[ \u00a0]?[–-][ \u00a0]?(?={days}))?)"
        )
        self.suffix = re.compile(rf"(?<=[a-zäöüß])(?:{_alternatives(parts['suffix'])})")

    def _expand_day(self, match: re.Match[str]) -> str:
        text, start = match.string, match.start()
        before = text[start - 1 : start].strip() or text[start - 2 : start - 1]
        if match.group("to"):  # "Mo.–Fr." -> "Montag bis Freitag"
            day = self._expansion(match.group("day"), match.string, match.end("day"))
            return f"{day} {self.ctx.data.word('range')} "
        if (
            _DAY_AFTER.match(text, match.end())
            or before in ("–", "-")
            or prev_word(text, start).lower() in self.day_words
        ):
            return self._expand(match)
        return match.group()

    def _expand(self, match: re.Match[str]) -> str:
        return self._expansion(match.group(), match.string, match.end())

    def _expansion(self, written: str, text: str, end: int) -> str:
        """The expansion of `written` (ending at `end` of `text`), with a sentence's dot."""
        key = _key(written)
        expansion = self.expansions.get(key)
        if expansion is None:  # capitalised form of a lower-case abbreviation
            expansion = self.expansions[key[0].lower() + key[1:]]
            expansion = expansion[0].upper() + expansion[1:]
        if not written.endswith("."):
            return expansion
        # The dot also ends the sentence at the end or before a sentence starter.
        following = _NEXT_WORD.match(text, end)
        starter = following is not None and following.group(1) in self.starters
        return expansion + ("." if starter else final_dot(text, end))

    def _dispatch(self, match: re.Match[str]) -> str:
        return self._expand_day(match) if match.group("day") else self._expand(match)

    def __call__(self, text: str) -> str:
        text = self.pattern.sub(self._dispatch, text)
        if "." in text:
            text = self.suffix.sub(self._expand, text)
        return text


class SymbolPass:
    """Speak symbols no earlier pass claimed ("&" -> "und"); "-" in the table deletes one."""

    TABLES: ClassVar[tuple[str, ...]] = ("symbols.tsv",)

    def __init__(self, ctx: Context) -> None:
        self.spoken = {s: ("" if w == "-" else w) for s, w in ctx.data.symbols.items()}
        chars = sorted(self.spoken, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(c) for c in chars) or "(?!)")

    def __call__(self, text: str) -> str:
        return self.pattern.sub(lambda m: f" {self.spoken[m.group()]} ", text)
