"""Money: "3,50 €", "€2,20", "5 EUR", "1,2 Mrd. Euro" spoken with the currency after the amount.

Table: currencies.tsv (symbol, singular, plural, minor units, gender). Two decimals (or
fewer, trailing zeros dropped) are read as cents; more are read as a decimal of the main unit.
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.agreement import case_before
from vorleser.normalize.context import Context
from vorleser.normalize.data import Unit
from vorleser.normalize.patterns import alternation


def scale_pattern(ctx: Context, optional: bool = True) -> str:
    """Scale word after an amount ("Mio.", "Milliarden", "2bn"), any case; group "scale"."""
    scale = rf"(?:[ \u00a0]?(?P<scale>(?i:{alternation(ctx.data.scale_forms)}))(?![\w]))"
    return scale + "?" if optional else scale


class MoneyPass:
    """Speak amounts of money with their currency."""

    TABLES: ClassVar[tuple[str, ...]] = ("currencies.tsv", "scales.tsv", "cases.tsv", "words.tsv")

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.currencies = ctx.data.currencies
        symbols = alternation(self.currencies)
        scale = scale_pattern(ctx)
        self.prefix = re.compile(
            rf"(?<![\w])(?P<cur>{symbols})[ \u00a0]?{ctx.numbers.NUMBER}{scale}"
        )
        self.suffix = re.compile(
            rf"{ctx.numbers.NUMBER}(?:,[-–]{{1,2}})?{scale}[ \u00a0]?(?P<cur>{symbols})(?![\w])"
        )

    def _say(self, match: re.Match[str]) -> str:
        unit: Unit = self.currencies[match.group("cur")]
        words = self.ctx.numbers
        sign, integer, frac = match.group("sign"), match.group("int"), match.group("frac")
        case = case_before(self.ctx.data, match.string, match.start())
        if match.group("scale"):
            power = self.ctx.data.scale_forms[match.group("scale").lower()]
            return f"{words.scaled(sign, integer, frac, power, case)} {unit.plural}"
        frac = (frac or "").rstrip("0")
        if len(frac) > 2:
            return f"{words.amount(sign, integer, frac, None)} {unit.plural}"
        whole, cents = self.ctx.numbers.parse_int(integer), int(frac.ljust(2, "0"))
        minus = self.ctx.data.word("minus") + " " if sign else ""
        parts = []
        if whole or not cents:
            name = unit.singular if whole == 1 else unit.plural
            parts.append(f"{words.cardinal(whole, unit.gender, case)} {name}")
        if cents:
            minor = unit.minor_singular if cents == 1 else unit.minor_plural
            parts.append(f"{words.cardinal(cents, 'm')} {minor}")
        return minus + " ".join(parts)

    def __call__(self, text: str) -> str:
        text = self.prefix.sub(self._say, text)
        return self.suffix.sub(self._say, text)
