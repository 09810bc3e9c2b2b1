"""Split a paragraph's plain text into sentences without breaking at abbreviations or ordinals.

The knowledge comes from the language tables (abbreviations.tsv, months.tsv, starters.tsv
and, where the language has ordinal dots, ordinal_context.tsv), the same data the normalizer
uses, so "am 24. Februar", "der 2. Weltkrieg", "z. B.", "Dr. Roth" and "Ludwig XIV. war" stay
in one sentence, while "stieg um 5. Die Partei ..." is split. In a language without ordinal
dots (English) a number before a dot ends the sentence ("in 1996. Then ...").
A sentence ending inside a closing quote keeps the quote.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from vorleser.lang import load_language
from vorleser.normalize.data import LanguageData
from vorleser.normalize.ordinals import is_ordinal_dot

_CANDIDATE = re.compile(r"(?P<end>[.!?…]+)(?P<close>[“”\"»«’')\]]*)(?P<space>\s+)")
_WORD_BEFORE = re.compile(r"(\S{1,40})$")
_NEXT_WORD = re.compile(r"[^\s„“\"»«'(]{0,40}")
_SPACES = re.compile(r"\s+")
_DOT_SPACE = re.compile(r"\.\s+")
_OPENING = "„“\"»«'(‚"


#: The tables the splitter reads (ordinal_context.tsv only with ordinal dots).
TABLES = ("abbreviations.tsv", "months.tsv", "starters.tsv")


@lru_cache(maxsize=8)
def _data(
    language: str, project_dir: Path | None = None
) -> tuple[LanguageData, frozenset[str], tuple[str, ...], bool]:
    """The tables (the project's merged in, as the normalizer reads them), the dotted
    abbreviations, the word endings that are abbreviations and whether a dot after digits
    may be an ordinal's."""
    lang = load_language(language)
    data = LanguageData(lang.code, lang.package, project_dir)
    data.require(TABLES + (("ordinal_context.tsv",) if lang.ordinal_dot else ()))
    dotted = frozenset(
        _SPACES.sub("", a) for a, _, c in data.abbreviations if a.endswith(".") and c != "suffix"
    ) | frozenset(f for f in data.month_forms if f.endswith("."))
    suffixes = tuple(a[:-1] for a, _, c in data.abbreviations if c == "suffix" and a[-1] == ".")
    return data, dotted, suffixes, lang.ordinal_dot


def _is_abbreviation(text: str, dot: int, dotted: frozenset[str]) -> bool:
    """Whether the "." at `dot` ends a listed abbreviation (spaces inside ignored)."""
    window = _DOT_SPACE.sub(".", text[max(0, dot - 24) : dot + 1])
    for abbreviation in dotted:
        if window.endswith(abbreviation):
            before = window[: len(window) - len(abbreviation)]
            if not before or not before[-1].isalnum():
                return True
    return False


def _is_break(
    text: str,
    match: re.Match[str],
    data: LanguageData,
    dotted: frozenset[str],
    suffixes: tuple[str, ...],
    ordinal_dot: bool,
) -> bool:
    end, after = match.group("end"), match.end()
    if after >= len(text):
        return False
    rest = text[after:]
    first = rest.lstrip(_OPENING)[:1]
    if not first or first.islower() or first in ",;:–-":
        return False
    if end != ".":
        return True  # "!", "?", "…", "...": a lower-case continuation was handled above
    if match.group("close"):
        return True
    dot = match.start("end")
    word_match = _WORD_BEFORE.search(text, max(0, dot - 40), dot)
    word = word_match.group(1) if word_match else ""
    next_match = _NEXT_WORD.match(rest.lstrip(_OPENING))
    next_word = next_match.group() if next_match else ""
    if word.isdecimal():
        if not ordinal_dot:
            return True
        return not is_ordinal_dot(data, text, word_match.start(1) if word_match else dot, dot + 1)
    if len(word) == 1 and word.isalpha():
        return False  # an initial ("A. Merkel") or part of "z. B.", "u. a."
    glued = word.endswith(suffixes) and word not in suffixes  # "Goethestr. 5"
    if glued or _is_abbreviation(text, dot, dotted):
        return next_word in data.starters and not first.isdecimal()
    return True


def split_sentences(text: str, language: str = "de", project_dir: Path | None = None) -> list[str]:
    """Sentences of `text`, whitespace inside each collapsed, empty ones dropped.

    `project_dir`: a project whose abbreviations.tsv adds abbreviations that do not end a
    sentence (the same tables the normalizer reads, so both agree on "Abt.").

    >>> split_sentences("Am 24. Februar kam z. B. Dr. Roth. Er blieb.")
    ['Am 24. Februar kam z. B. Dr. Roth.', 'Er blieb.']
    """
    data, dotted, suffixes, ordinal_dot = _data(language, project_dir)
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if _is_break(text, match, data, dotted, suffixes, ordinal_dot):
            sentences.append(text[start : match.start("space")])
            start = match.end()
    sentences.append(text[start:])
    return [s for s in (_SPACES.sub(" ", s).strip() for s in sentences) if s]
