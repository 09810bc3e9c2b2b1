"""What every normalization pass is built from: the language data and its number composer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Protocol

from vorleser.normalize.data import LanguageData

#: How web addresses are read: "short" says the host, "full" the whole address spelled for a
#: listener who must type it (scheme, path, query), "skip" leaves them out. The default first.
URL_MODES = ("short", "full", "skip")


class Composer(Protocol):
    """Number words of one language, composed from its numbers.tsv and scales.tsv.

    The seam between shared passes (money, units, web) and a language's word order. German
    inflects a final one by gender and case ("eine Stunde", "mit einer Stimme"); a language
    without that ignores `gender` and `case`.
    """

    TABLES: ClassVar[tuple[str, ...]]
    """The tables the composer reads."""
    SETTINGS: ClassVar[Mapping[str, tuple[str, ...]]]
    """settings.tsv names it understands -> allowed values, the default first."""
    NUMBER: ClassVar[str]
    """Regex of a written number, groups sign, int and frac (separators differ by language)."""

    def parse_int(self, text: str) -> int:
        """The integer part as written ("150.000" or "150,000") -> 150000."""
        ...

    def cardinal(self, n: int, gender: str | None = None, case: str = "nom") -> str:
        """n as words."""
        ...

    def one(self, gender: str, case: str = "nom") -> str:
        """The number one before a noun of `gender` in `case`."""
        ...

    def ordinal(self, n: int, ending: str = "er") -> str:
        """n as an ordinal (`ending` only where the language inflects ordinals)."""
        ...

    def year(self, n: int) -> str:
        """n read as a year."""
        ...

    def digits(self, text: str) -> str:
        """The digits of `text` one by one."""
        ...

    def fraction(self, numerator: int, denominator: int) -> str:
        """numerator/denominator as words."""
        ...

    def amount(
        self,
        sign: str | None,
        integer: str,
        frac: str | None,
        gender: str | None,
        case: str = "nom",
    ) -> str:
        """A matched NUMBER as words."""
        ...

    def scaled(
        self, sign: str | None, integer: str, frac: str | None, power: int, case: str = "nom"
    ) -> str:
        """A matched NUMBER followed by the scale word of `power` ("1,2 Mrd.")."""
        ...


@dataclass(frozen=True)
class Context:
    """Input of every pass constructor."""

    data: LanguageData
    """The language's tables, project overrides merged; each read when first used."""
    numbers: Composer
    """The number-word composer for this language."""
    urls: str = "short"
    """One of URL_MODES."""
    phonemes: bool = False
    """Whether the engine takes IPA inline as [[ ... ]] (Piper): lexicon words with IPA use it."""
