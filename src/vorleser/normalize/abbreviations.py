"""Abbreviations ("z. B.", "Nr. 5") and leftover symbols ("&", "§") spoken as words.

Tables: abbreviations.tsv (abbreviation, expansion, context), symbols.tsv (symbol, spoken).
Spaces after inner dots are optional when matching, so "z.B.", "z. B." and "z. B" all match;
a lower-case abbreviation also matches capitalised at a sentence start ("Z. B." -> "Zum Beispiel").
"""

from __future__ import annotations

import re

from vorleser.normalize.context import Context
from vorleser.normalize.patterns import final_dot

_SPACE = re.compile(r"\s+")


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


class AbbreviationPass:
    """Expand abbreviations; "number" ones only right before a number."""

    def __init__(self, ctx: Context) -> None:
        self.expansions: dict[str, str] = {}
        any_parts: list[str] = []
        number_parts: list[str] = []
        ordered = sorted(ctx.data.abbreviations, key=lambda row: -len(row[0]))
        for abbreviation, expansion, context in ordered:
            self.expansions[_key(abbreviation)] = expansion
            (number_parts if context == "number" else any_parts).append(_pattern(abbreviation))
        start = r"(?<![\w.§])"
        self.pattern = re.compile(
            rf"{start}(?:(?P<any>{'|'.join(any_parts) or '(?!)'})"
            rf"|(?P<num>{'|'.join(number_parts) or '(?!)'})(?=,?[ \u00a0\u202f]?\d))"
        )

    def _expand(self, match: re.Match[str]) -> str:
        written = match.group()
        key = _key(written)
        expansion = self.expansions.get(key)
        if expansion is None:  # capitalised form of a lower-case abbreviation
            expansion = self.expansions[key[0].lower() + key[1:]]
            expansion = expansion[0].upper() + expansion[1:]
        dot = final_dot(match.string, match.end()) if written.endswith(".") else ""
        return expansion + dot

    def __call__(self, text: str) -> str:
        return self.pattern.sub(self._expand, text)


class SymbolPass:
    """Speak symbols no earlier pass claimed ("&" -> "und"); "-" in the table deletes one."""

    def __init__(self, ctx: Context) -> None:
        self.spoken = {s: ("" if w == "-" else w) for s, w in ctx.data.symbols.items()}
        chars = sorted(self.spoken, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(c) for c in chars) or "(?!)")

    def __call__(self, text: str) -> str:
        return self.pattern.sub(lambda m: f" {self.spoken[m.group()]} ", text)
