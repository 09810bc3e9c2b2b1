"""Small regex helpers shared by the passes; every pattern they build is linear-time."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: How far back a pass looks for the word before a match (bounded, so long texts stay linear).
LOOKBACK = 48

_LAST_WORD = re.compile(r"([^\s„“\"'(]+)[\s„“\"'(]*$")
_TRAILING = re.compile(r"[\s\"'“”»«)\]]*$")


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of `words`, longest first (so "km/h" beats "km")."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")" if ordered else "(?!)"


def prev_word(text: str, start: int) -> str:
    """The word right before position `start` ("" at the start), punctuation kept."""
    match = _LAST_WORD.search(text, max(0, start - LOOKBACK), start)
    return match.group(1) if match else ""


def prev_word_start(text: str, start: int) -> int:
    """Where the word before `start` begins (or `start` when there is none)."""
    match = _LAST_WORD.search(text, max(0, start - LOOKBACK), start)
    return match.start(1) if match else start


def at_end(text: str, end: int) -> bool:
    """True when only closing quotes, brackets and spaces follow position `end`."""
    return _TRAILING.match(text, end) is not None


def final_dot(text: str, end: int) -> str:
    """ "." when an abbreviation's dot at `end` also ends the text, else ""."""
    return "." if at_end(text, end) else ""
