"""Text normalization: written text in, words any speech engine reads correctly out.

    >>> normalize("Am 24. Februar 2022 kostete es 3,50 €.")
    'Am vierundzwanzigsten Februar zweitausendzweiundzwanzig kostete es drei Euro fünfzig Cent.'

The vocabulary lives in vorleser/lang/<code>/*.tsv; each pass (named in the language's
PASSES) is a small class built once from the tables it declares and called per text. The
language also names its number composer (NUMBERS), since word order differs by language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from vorleser.lang import load_language
from vorleser.normalize.context import URL_MODES, Composer, Context
from vorleser.normalize.data import LanguageData
from vorleser.normalize.numbers import FIGURES_ALONE
from vorleser.registry import import_target

__all__ = ["Normalizer", "normalize"]

#: A text starting with one of these (or a digit) starts with a capital once spoken.
_SENTENCE_SYMBOLS = frozenset("-−€$£§½¼¾")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_NUMBER_WITH_ENDING = re.compile(r"\d[^\W_]*")


class Normalizer:
    """Normalizes text of one language; build once, call `.normalize()` per sentence."""

    def __init__(
        self,
        language: str = "de",
        project_dir: Path | None = None,
        urls: str = "short",
        phonemes: bool = False,
        lexicon: Mapping[str, tuple[str, str | None]] | None = None,
        foreign: Mapping[str, tuple[str, str | None]] | None = None,
    ) -> None:
        """`lexicon` (word -> respelling, IPA) and `foreign` (word -> language, IPA) add
        entries over the built-in and project ones: the studio's preview before saving."""
        if urls not in URL_MODES:
            raise ValueError(f"urls must be one of {', '.join(URL_MODES)}, got {urls!r}")
        lang = load_language(language)
        composer: Any = import_target(lang.numbers)
        data = LanguageData(lang.code, lang.package, project_dir, composer.SETTINGS)
        data.require(composer.TABLES)
        for extra, other in ((lexicon, data.foreign), (foreign, data.lexicon)):
            for word in extra or {}:
                other.pop(word, None)  # the new entry replaces the word's row of either kind
        data.lexicon.update(lexicon or {})
        data.foreign.update(foreign or {})
        self.numbers: Composer = composer(data)
        self.data = data
        context = Context(data=data, numbers=self.numbers, urls=urls, phonemes=phonemes)
        self._passes: list[Callable[[str], str]] = []
        for target in lang.passes:
            make: Any = import_target(target)
            data.require(make.TABLES)  # only this pass's tables; a missing one fails here
            self._passes.append(make(context))

    @property
    def lexicon(self) -> Mapping[str, tuple[str, str | None]]:
        """Lexicon word -> (respelling, IPA or None), project entries merged in."""
        return self.data.lexicon

    def lexicon_ipa(self, word: str) -> str | None:
        """The IPA of a lexicon word, or None (not listed, or listed without IPA)."""
        entry = self.data.lexicon.get(word)
        return entry[1] if entry else None

    @property
    def tables(self) -> frozenset[str]:
        """The table files this normalizer read (what its passes and composer declared)."""
        return self.data.loaded

    def normalize(self, text: str) -> str:
        """`text` with numbers, dates, abbreviations, acronyms and symbols spoken as words."""
        if not text or text.isspace():
            return text.strip()
        first = text.lstrip()[:1]
        starts_with_digit = first.isdecimal() or first in _SENTENCE_SYMBOLS
        token = FIGURES_ALONE.set(_figures_alone(text))
        try:
            for run in self._passes:
                text = run(text)
        finally:
            FIGURES_ALONE.reset(token)
        text = _SPACES.sub(" ", text).strip()
        if starts_with_digit and text[:1].islower():
            text = text[0].upper() + text[1:]  # "1996 zog ..." starts a sentence
        return text


def _figures_alone(text: str) -> bool:
    """Whether `text` is figures alone ("100", "1/100", "121tem"): no word but a number's ending."""
    return not any(c.isalpha() for c in _NUMBER_WITH_ENDING.sub("", text))


@lru_cache(maxsize=8)
def _cached(language: str) -> Normalizer:
    return Normalizer(language)


def normalize(text: str, language: str = "de") -> str:
    """Normalize with a cached built-in Normalizer for `language` (no project tables)."""
    return _cached(language).normalize(text)
