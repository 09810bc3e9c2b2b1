"""English measures: the shared unit pass with English words for "per" and fractions.

Tables: units.tsv, scales.tsv ("5 km", "60 mph", "21 °C", "5%", "1 1/2 miles"). English has
no gender, so exactly one takes the singular ("1 kg" -> "one kilogram") and every other
amount, decimals included, the plural ("1.5 kg" -> "one point five kilograms").
"""

from __future__ import annotations

import re

from vorleser.normalize import units
from vorleser.normalize.context import Context
from vorleser.normalize.patterns import alternation


class UnitPass(units.UnitPass):
    """Speak numbers followed by a unit of measure, in English."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        #: "/kg" after an amount the money pass already spoke ("$4/kg").
        self.slash = re.compile(rf"(?<=[a-z])/(?P<unit>{alternation(self.units)})(?![\w])")

    def mixed(self, whole: int | None, numerator: int, denominator: int) -> str:
        """ "1 1/2" -> "one and a half", "2 3/4" -> "two and three quarters"."""
        words = self.ctx.numbers
        spoken = words.fraction(numerator, denominator)
        if whole is None:
            return spoken
        if numerator == 1:
            spoken = "a " + spoken.split(" ", 1)[1]
        return f"{words.cardinal(whole)} and {spoken}"

    def __call__(self, text: str) -> str:
        text = super().__call__(text)
        if "/" in text:
            text = self.slash.sub(lambda m: f" per {self.units[m.group('unit')].singular}", text)
        return text
