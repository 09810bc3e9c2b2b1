"""What every normalization pass is built from: the language data and shared helpers."""

from __future__ import annotations

from dataclasses import dataclass

from vorleser.normalize.data import LanguageData
from vorleser.normalize.numbers import NumberWords

#: How web addresses are read: "short" says the host, "skip" leaves them out.
URL_MODES = ("short", "skip")


@dataclass(frozen=True)
class Context:
    """Input of every pass constructor."""

    data: LanguageData
    """The language's tables, project overrides merged."""
    numbers: NumberWords
    """The number-word composer for this language."""
    urls: str = "short"
    """One of URL_MODES."""
    phonemes: bool = False
    """Whether the engine takes IPA inline as [[ ... ]] (Piper): lexicon words with IPA use it."""
