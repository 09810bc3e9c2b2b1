"""Measures after a number ("5 km", "200 km/h", "21 °C", "5 %", "1 1/2 ft", "/m²").

Table: units.tsv (symbol, singular, plural, gender). Exactly one takes the singular and
a gendered "ein"/"eine" ("eine Stunde", "ein Kilogramm"); every other amount the plural.
Symbols of two or more characters also match in another case when that is unambiguous
("kwh" -> Kilowattstunden).
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.agreement import case_before
from vorleser.normalize.context import Context
from vorleser.normalize.data import Unit
from vorleser.normalize.money import scale_pattern
from vorleser.normalize.patterns import alternation, final_dot
from vorleser.tables import split_forms

_FRACTION = (
    r"(?<![\w.,/])(?P<fsign>[-−])?(?:(?P<whole>\d{1,3})[ \u00a0])?"
    r"(?P<num>\d{1,4})/(?P<den>\d{1,4})(?![\d])"
)


class UnitPass:
    """Speak numbers followed by a unit of measure."""

    TABLES: ClassVar[tuple[str, ...]] = ("units.tsv", "scales.tsv", "cases.tsv", "words.tsv")

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        #: Said between an amount and a unit written after a slash ("5 €/kg": words.tsv "per").
        self.PER = ctx.data.word("per")
        #: Words before a bare unit that take its singular ("pro km" -> "pro Kilometer").
        self.PER_WORDS = tuple(split_forms(ctx.data.word("per_words")))
        self.units: dict[str, Unit] = dict(ctx.data.units)
        lowered: dict[str, list[str]] = {}
        for symbol in ctx.data.units:
            lowered.setdefault(symbol.lower(), []).append(symbol)
        for low, symbols in lowered.items():
            if len(symbols) == 1 and len(low) > 1 and low not in self.units:
                self.units[low] = ctx.data.units[symbols[0]]
        self.aliases = {k.lower(): v for k, v in self.units.items()}
        unit = alternation(self.units)
        self.pattern = re.compile(
            rf"(?:{_FRACTION}|{ctx.numbers.NUMBER}{scale_pattern(ctx)})"
            rf"[ \u00a0]?(?P<per>/[ \u00a0]?)?(?P<unit>(?i:{unit}))"
            rf"(?:/(?P<denom>{unit}))?(?![\w])"
        )
        # "fünf Euro/kg" (money read first): a unit after a slash is "pro" that unit
        self.slash = re.compile(rf"(?<=[^\W\d_])/(?P<unit>{unit})(?![\w/])")
        per_words = alternation(self.PER_WORDS)
        self.per = re.compile(rf"(?<![\w])(?P<word>{per_words}) (?P<unit>{unit})(?![\w])")

    def _unit(self, written: str) -> Unit | None:
        """The unit as written, else in another case; never from capitals ("5 MV" is no mV)."""
        return self.units.get(written) or (
            self.aliases.get(written.lower())
            if len(written) > 1 and not written.isupper()
            else None
        )

    def _amount(self, match: re.Match[str], unit: Unit) -> tuple[str, bool]:
        words = self.ctx.numbers
        if match.group("den"):
            numerator, denominator = int(match.group("num")), int(match.group("den"))
            minus = "minus " if match.group("fsign") else ""
            whole = int(match.group("whole")) if match.group("whole") else None
            return minus + self.mixed(whole, numerator, denominator), False
        sign, integer, frac = match.group("sign"), match.group("int"), match.group("frac")
        case = case_before(self.ctx.data, match.string, match.start())
        if match.group("scale"):
            power = self.ctx.data.scale_forms[match.group("scale").lower()]
            return words.scaled(sign, integer, frac, power, case), False
        one = not frac and self.ctx.numbers.parse_int(integer) == 1
        return words.amount(sign, integer, frac, unit.gender, case), one

    def mixed(self, whole: int | None, numerator: int, denominator: int) -> str:
        """A fraction with an optional whole number: "1 1/2" -> "eineinhalb"."""
        words = self.ctx.numbers
        if whole is not None and (numerator, denominator) == (1, 2):
            return f"{words.cardinal(whole, 'n')}einhalb"
        spoken = words.fraction(numerator, denominator)
        return spoken if whole is None else f"{words.cardinal(whole)} und {spoken}"

    def _say(self, match: re.Match[str]) -> str:
        unit = self._unit(match.group("unit"))
        if unit is None:
            return match.group()
        amount, one = self._amount(match, unit)
        name = unit.singular if one else unit.plural
        per = self.PER + " " if match.group("per") else ""
        dot = final_dot(match.string, match.end()) if match.group("unit").endswith(".") else ""
        denom = self._unit(match.group("denom")) if match.group("denom") else None
        if denom is not None:  # "120 g/km" -> "hundertzwanzig Gramm pro Kilometer"
            return f"{amount} {per}{name} {self.PER} {denom.singular}{dot}"
        return f"{amount} {per}{name}{dot}"

    def _per(self, match: re.Match[str]) -> str:
        unit = self._unit(match.group("unit"))
        return match.group() if unit is None else f"{match.group('word')} {unit.singular}"

    def __call__(self, text: str) -> str:
        text = self.pattern.sub(self._say, text)
        if "/" in text:
            text = self.slash.sub(self._slash, text)
        return self.per.sub(self._per, text)

    def _slash(self, match: re.Match[str]) -> str:
        unit = self._unit(match.group("unit"))
        return match.group() if unit is None else f" {self.PER} {unit.singular}"
