"""What stands between two numbers: ranges ("5-8 %"), products ("3 x 4 m") and ordinals in
compounds ("2.-stärkste").

Table: words.tsv (the language's word for a range, "bis", and for a product, "mal"). Runs
before money and units, so "5-8 %" reaches them as "5 bis 8 %": each number is then read by
the pass that knows its unit, and only the last one carries it, as a newsreader says it.
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.context import Context
from vorleser.normalize.patterns import alternation

_SPACE = r"[ \u00a0]?"


class RangePass:
    """Rewrite number ranges and products into words the later passes read."""

    TABLES: ClassVar[tuple[str, ...]] = ("words.tsv", "units.tsv", "currencies.tsv", "scales.tsv")

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.to = ctx.data.word("range")
        self.times = ctx.data.word("times")
        number = r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?"
        unit = alternation([*ctx.data.units, *ctx.data.currencies, "%", "‰", "Prozent"])
        unit = f"(?:{unit}|(?i:{alternation(ctx.data.scale_forms)}))"
        # a range before a unit: "5-8 %", "10–15 Prozent", "3 – 4 km" (not "2:1-3 %" scores)
        self.range = re.compile(
            rf"(?<![\w.,:/-])({number}){_SPACE}[-–—]{_SPACE}({number})(?={_SPACE}{unit}(?!\w))"
        )
        self.product = re.compile(rf"(?<![\w.,])({number}){_SPACE}[x×]{_SPACE}(?=\d)")
        self.compound = re.compile(r"(?<![\w.,])(\d{1,3})\.-(?=[a-zäöü])")

    def __call__(self, text: str) -> str:
        if not any(c.isdecimal() for c in text):
            return text
        text = self.range.sub(lambda m: f"{m[1]} {self.to} {m[2]}", text)
        text = self.product.sub(lambda m: f"{m[1]} {self.times} ", text)
        # "2.-stärkste" -> "zweitstärkste": the ordinal's stem joins the adjective
        return self.compound.sub(lambda m: self.ctx.numbers.ordinal(int(m[1]), ""), text)
